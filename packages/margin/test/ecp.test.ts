import { crossEntropy, ecp } from '@seg/margin';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type Case,
  centralDiff,
  expectAllClose,
  expectBetterIsLower,
  expectIgnoredHonoured,
  expectNoLeaks,
  lossGrad,
  lossValue,
  partValues,
  weightedMean,
} from './harness.js';
import { randomLabels, randomLogits, rows, softmax } from './reference.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const C = 3;
const base: Case = { shape: [2, 2, 2, C], logits: Array.from(randomLogits(8 * C, 61, 2)), labels: Array.from(randomLabels(8, C, 62)) };

/** CE − β·H(p), weighted mean. */
function ecpRef(c: Case, beta: number, logits = c.logits): number {
  const perPixel = rows(logits, C).map((z, i) => {
    const p = softmax(z);
    const entropy = -p.reduce((s, pk) => s + pk * Math.log(pk), 0);
    return -Math.log(p[c.labels[i]] ?? 1) - beta * entropy;
  });
  return weightedMean(perPixel, c.labels, c.weights);
}

describe('ecp', () => {
  it('one pixel by hand: z = (0, ln 3), y = 1 → −ln ¾ − β·H, H = −(¼ ln ¼ + ¾ ln ¾)', () => {
    const c: Case = { shape: [1, 1, 1, 2], logits: [0, Math.log(3)], labels: [1] };
    const h = -(0.25 * Math.log(0.25) + 0.75 * Math.log(0.75));
    expect(partValues(ecp({ beta: 0.2 }), c)).toEqual({
      total: expect.closeTo(-Math.log(0.75) - 0.2 * h, 6),
      ce: expect.closeTo(-Math.log(0.75), 6),
      entropy: expect.closeTo(h, 6),
    });
  });

  it('β = 0 is cross-entropy; matches the reference with pixel weights', () => {
    const weights = [1, 2, 0, 1, 0.5, 1, 1, 3];
    expect(lossValue(ecp({ beta: 0 }), base)).toBeCloseTo(lossValue(crossEntropy(), base), 5);
    expect(lossValue(ecp({ beta: 0.3 }), { ...base, weights })).toBeCloseTo(ecpRef({ ...base, weights }, 0.3), 5);
  });

  it('gradient matches central differences of the reference (closed form p − onehot + β·p(log p + H))', () => {
    const expected = centralDiff((z) => ecpRef(base, 0.3, z), base.logits);
    expectAllClose(lossGrad(ecp({ beta: 0.3 }), base), expected, 1e-3);
  });

  it('a better prediction gets a lower loss', () => {
    expectBetterIsLower(ecp(), base, C, [0.5, 3, -1]);
  });

  it('ignored pixels: no effect on the value, zero gradient', () => {
    expectIgnoredHonoured(ecp(), { ...base, labels: base.labels.map((y, i) => (i % 3 === 0 ? 255 : y)) });
  });

  it('leaks no tensors', () => {
    expectNoLeaks(ecp(), base);
  });

  it('names the argument in option errors', () => {
    expect(() => ecp({ beta: -0.1 })).toThrow("ecp: 'beta' must be a finite number ≥ 0, got -0.1.");
  });
});
