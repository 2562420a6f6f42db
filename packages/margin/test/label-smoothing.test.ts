import { crossEntropy, labelSmoothing } from '@seg/margin';
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
const base: Case = { shape: [2, 2, 2, C], logits: Array.from(randomLogits(8 * C, 51, 2)), labels: Array.from(randomLabels(8, C, 52)) };

/** −Σ_k t_k log p_k with t = (1 − α)·onehot + α/C (the SVLS authors' CELossWithLS), weighted mean. */
function lsRef(c: Case, alpha: number, logits = c.logits): number {
  const perPixel = rows(logits, C).map((z, i) => {
    const p = softmax(z);
    return -p.reduce((s, pk, k) => s + ((k === c.labels[i] ? 1 - alpha : 0) + alpha / C) * Math.log(pk), 0);
  });
  return weightedMean(perPixel, c.labels, c.weights);
}

describe('labelSmoothing', () => {
  it('one pixel by hand: z = (0, 0), y = 0 → −log ½ whatever α; z = (0, ln 3), y = 1, α = 0.2 → −(0.9·ln ¾ + 0.1·ln ¼)', () => {
    expect(lossValue(labelSmoothing({ alpha: 0.3 }), { shape: [1, 1, 1, 2], logits: [0, 0], labels: [0] })).toBeCloseTo(Math.log(2), 6);
    const c: Case = { shape: [1, 1, 1, 2], logits: [0, Math.log(3)], labels: [1] };
    expect(lossValue(labelSmoothing({ alpha: 0.2 }), c)).toBeCloseTo(-(0.9 * Math.log(0.75) + 0.1 * Math.log(0.25)), 6);
    // parts: ce = −ln ¾, uniform U = −(ln ¼ + ln ¾)/2; total = 0.8·ce + 0.2·U.
    const parts = partValues(labelSmoothing({ alpha: 0.2 }), c);
    expect(parts.ce).toBeCloseTo(-Math.log(0.75), 6);
    expect(parts.uniform).toBeCloseTo(-(Math.log(0.25) + Math.log(0.75)) / 2, 6);
  });

  it('α = 0 is cross-entropy; matches the reference with pixel weights', () => {
    const weights = [1, 2, 0, 1, 0.5, 1, 1, 3];
    expect(lossValue(labelSmoothing({ alpha: 0 }), base)).toBeCloseTo(lossValue(crossEntropy(), base), 5);
    expect(lossValue(labelSmoothing({ alpha: 0.1 }), { ...base, weights })).toBeCloseTo(lsRef({ ...base, weights }, 0.1), 5);
  });

  it('gradient is softmax − smoothed target (central differences of the reference)', () => {
    const expected = centralDiff((z) => lsRef(base, 0.3, z), base.logits);
    expectAllClose(lossGrad(labelSmoothing({ alpha: 0.3 }), base), expected, 1e-3);
  });

  it('a better prediction gets a lower loss (below the smoothing optimum)', () => {
    expectBetterIsLower(labelSmoothing(), base, C, [0.3, 1, -1]);
  });

  it('ignored pixels: no effect on the value, zero gradient', () => {
    expectIgnoredHonoured(labelSmoothing(), { ...base, labels: base.labels.map((y, i) => (i % 3 === 0 ? 255 : y)) });
  });

  it('leaks no tensors', () => {
    expectNoLeaks(labelSmoothing(), base);
  });

  it('names the argument in option errors', () => {
    expect(() => labelSmoothing({ alpha: 1.5 })).toThrow("labelSmoothing: 'alpha' must be a number in [0, 1], got 1.5.");
  });
});
