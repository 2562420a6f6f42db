import { crossEntropy, focal } from '@seg/margin';
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
const base: Case = { shape: [2, 2, 2, C], logits: Array.from(randomLogits(8 * C, 41, 2)), labels: Array.from(randomLabels(8, C, 42)) };

/** −α_y (1 − p_y)^γ log p_y per pixel, then Σ w·ℓ / Σ w (α not in the denominator). */
function focalRef(c: Case, gamma: number, alpha?: number[], logits = c.logits): number {
  const perPixel = rows(logits, C).map((z, i) => {
    const y = c.labels[i];
    if (y === 255) return 0;
    const p = softmax(z)[y];
    return -(alpha ? alpha[y] : 1) * (1 - p) ** gamma * Math.log(p);
  });
  return weightedMean(perPixel, c.labels, c.weights);
}

describe('focal', () => {
  it('one pixel by hand: z = (0, ln 3), y = 1 → p = 3/4, ℓ = −(1/4)²·ln(3/4)', () => {
    const c: Case = { shape: [1, 1, 1, 2], logits: [0, Math.log(3)], labels: [1] };
    expect(lossValue(focal(), c)).toBeCloseTo(-(1 / 16) * Math.log(3 / 4), 6);
    // α = 0.25 weighs the foreground (label 1) by 0.25, the background by 0.75.
    expect(lossValue(focal({ alpha: 0.25 }), c)).toBeCloseTo(-0.25 * (1 / 16) * Math.log(3 / 4), 6);
    expect(partValues(focal(), c).ce).toBeCloseTo(-Math.log(3 / 4), 6);
  });

  it('γ = 0 is cross-entropy; other γ and α match the plain-JS reference, with pixel weights', () => {
    const weights = [1, 2, 0, 1, 0.5, 1, 1, 3];
    expect(lossValue(focal({ gamma: 0 }), base)).toBeCloseTo(lossValue(crossEntropy(), base), 5);
    expect(lossValue(focal({ gamma: 3 }), { ...base, weights })).toBeCloseTo(focalRef({ ...base, weights }, 3), 5);
    expect(lossValue(focal({ gamma: 1, alpha: [0.2, 1, 2] }), base)).toBeCloseTo(focalRef(base, 1, [0.2, 1, 2]), 5);
    expect(lossValue(focal({ alpha: 0.25 }), base)).toBeCloseTo(focalRef(base, 2, [0.75, 0.25, 0.25]), 5);
  });

  it('gradient matches central differences of the reference (γ = 2 and γ = 0.5)', () => {
    for (const gamma of [2, 0.5]) {
      const expected = centralDiff((z) => focalRef(base, gamma, undefined, z), base.logits);
      expectAllClose(lossGrad(focal({ gamma }), base), expected, 1e-3);
    }
  });

  it('a better prediction gets a lower loss', () => {
    expectBetterIsLower(focal(), base, C, [0.5, 3, -1]);
  });

  it('ignored pixels: no effect on the value, zero gradient (γ < 1 too: no 0·∞)', () => {
    const ignored = { ...base, labels: base.labels.map((y, i) => (i % 3 === 0 ? 255 : y)) };
    expectIgnoredHonoured(focal(), ignored);
    expectIgnoredHonoured(focal({ gamma: 0.5, alpha: 0.25 }), ignored);
  });

  it('leaks no tensors', () => {
    expectNoLeaks(focal({ alpha: [1, 2, 3] }), base);
  });

  it('names the argument in option errors', () => {
    expect(() => focal({ gamma: -1 })).toThrow("focal: 'gamma' must be a finite number ≥ 0, got -1.");
    expect(() => focal({ alpha: 1.5 })).toThrow("focal: 'alpha' must be a number in [0, 1] or one finite weight ≥ 0 per class, got 1.5.");
    expect(() => lossValue(focal({ alpha: [1, 2] }), base)).toThrow(
      "focal: 'alpha' must be 3 values, one per class of 'logits', got 2 values.",
    );
  });
});
