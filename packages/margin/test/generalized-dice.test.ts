import { generalizedDice } from '@seg/margin';
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
} from './harness.js';
import { randomLabels, randomLogits, regionSumsRef } from './reference.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const C = 3;
const base: Case = { shape: [2, 2, 3, C], logits: Array.from(randomLogits(12 * C, 81, 2)), labels: Array.from(randomLabels(12, C, 82)) };

/** 1 − (2Σ W·TP + s)/(Σ W·(Σg + Σp) + s), W = 1/(Σg)², absent classes get the largest present W; mean over rows. */
function gdlRef(c: Case, o: { aggregate: 'image' | 'batch'; smooth?: number }, logits = c.logits): number {
  const s = o.smooth ?? 1e-5;
  const losses = regionSumsRef(logits, c.labels, c.shape, o.aggregate, c.weights).map(({ tp, truth, predicted }) => {
    const raw = truth.map((t) => (t > 0 ? 1 / t ** 2 : 0));
    const top = Math.max(...raw);
    const W = raw.map((v, k) => (truth[k] > 0 ? v : top));
    const num = 2 * W.reduce((a, wk, k) => a + wk * tp[k], 0) + s;
    const den = W.reduce((a, wk, k) => a + wk * (truth[k] + predicted[k]), 0) + s;
    return 1 - num / den;
  });
  return losses.reduce((a, b) => a + b, 0) / losses.length;
}

// Two pixels: A = (0, 0) → p = (½, ½); B = (0, ln 3) → p = (¼, ¾).
const pair = (labels: number[]): Case => ({ shape: [1, 1, 2, 2], logits: [0, 0, 0, Math.log(3)], labels });

describe('generalizedDice', () => {
  it('hand values: labels (0, 1) → W = (1, 1), 1 − 2·(½ + ¾)/((1 + ¾) + (1 + 5/4)) = 3/8; labels (0, 0) → 5/8', () => {
    expect(lossValue(generalizedDice({ smooth: 1e-9 }), pair([0, 1]))).toBeCloseTo(3 / 8, 6);
    // Class 1 absent: W_0 = 1/2² = ¼ and W_1 takes the largest present weight, ¼.
    // 1 − 2·¼·(½ + ¼) / (¼·(2 + ¾) + ¼·(0 + 5/4)) = 1 − (3/8)/1.
    expect(lossValue(generalizedDice({ smooth: 1e-9 }), pair([0, 0]))).toBeCloseTo(5 / 8, 6);
  });

  it('matches the plain-JS reference per image and per batch, with pixel weights', () => {
    const weights = Array.from({ length: 12 }, (_, i) => 1 + (i % 3));
    expect(lossValue(generalizedDice(), base)).toBeCloseTo(gdlRef(base, { aggregate: 'image' }), 5);
    expect(lossValue(generalizedDice({ aggregate: 'batch' }), { ...base, weights })).toBeCloseTo(
      gdlRef({ ...base, weights }, { aggregate: 'batch' }),
      5,
    );
  });

  it('an integer pixel weight counts like that many copies of the pixel', () => {
    const weighted: Case = { shape: [1, 1, 3, 2], logits: [0, 0, 0, Math.log(3), 1, -1], labels: [0, 1, 1], weights: [2, 1, 1] };
    const copied: Case = { shape: [1, 1, 4, 2], logits: [0, 0, 0, 0, 0, Math.log(3), 1, -1], labels: [0, 0, 1, 1] };
    expect(lossValue(generalizedDice(), weighted)).toBeCloseTo(lossValue(generalizedDice(), copied), 6);
  });

  it('gradient matches central differences of the reference', () => {
    const expected = centralDiff((z) => gdlRef(base, { aggregate: 'image' }, z), base.logits);
    expectAllClose(lossGrad(generalizedDice(), base), expected, 1e-3);
  });

  it('a better prediction gets a lower loss', () => {
    expectBetterIsLower(generalizedDice(), base, C, [0.5, 3, -1]);
  });

  it('ignored pixels are excluded from every sum; every pixel ignored gives 0, not NaN', () => {
    const ignored: Case = { ...base, labels: base.labels.map((y, i) => (i % 4 === 2 ? 255 : y)) };
    expectIgnoredHonoured(generalizedDice(), ignored);
    expect(lossValue(generalizedDice(), ignored)).toBeCloseTo(gdlRef(ignored, { aggregate: 'image' }), 5);
    const none: Case = { ...base, labels: base.labels.map(() => 255) };
    expect(lossValue(generalizedDice(), none)).toBe(0);
    expect(lossGrad(generalizedDice(), none).every((g) => g === 0)).toBe(true);
  });

  it('leaks no tensors', () => {
    expectNoLeaks(generalizedDice({ aggregate: 'batch' }), base);
  });

  it('names the argument in option errors', () => {
    expect(() => generalizedDice({ weighting: 'cube' as 'square' })).toThrow(
      `generalizedDice: 'weighting' must be one of 'square', 'simple', 'uniform', got "cube".`,
    );
    expect(() => generalizedDice({ aggregate: 'volume' as 'image' })).toThrow(
      `generalizedDice: 'aggregate' must be one of 'image', 'batch', got "volume".`,
    );
  });
});
