import { SegConfigError, SegInputError } from '@seg/core';
import { type DmcMargins, dmc, dmcMargins } from '@seg/margin';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type Case,
  centralDiff,
  expectAllClose,
  expectIgnoredHonoured,
  expectNoLeaks,
  lossGrad,
  lossValue,
  partValues,
  towardsLabels,
  weightedMean,
} from './harness.js';
import { randomLogits, rows } from './reference.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const C = 3;
const labels = [0, 0, 1, 0, 2, 0, 1, 0, 0, 2, 0, 1]; // counts 7, 3, 2
const base: Case = { shape: [2, 2, 3, C], logits: Array.from(randomLogits(12 * C, 31, 2)), labels };
const counts = [7, 3, 2];

const log2Phi = (x: number) => Math.log2(1 + 2 ** x);
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** λ_ik = z_k − max_{j≠k} z_j, by loops. */
function margins(z: number[]): number[] {
  return z.map((v, k) => v - Math.max(...z.filter((_, j) => j !== k)));
}

/** The paper's per-pixel loss: φ(ρ_y0 − λ_y) + Σ_{k≠y} φ(λ_k + ρ_0k), φ = log₂(1 + 2^x); inactive classes dropped. */
function log2Ref(c: Case, m: DmcMargins, logits = c.logits, active = [true, true, true]): number {
  const perPixel = rows(logits, C).map((z, i) => {
    const lam = margins(z);
    let sum = 0;
    lam.forEach((l, k) => {
      if (!active[k]) return;
      sum += k === c.labels[i] ? log2Phi(m.rhoK0[k] - l) : log2Phi(l + m.rho0K[k]);
    });
    return sum;
  });
  return weightedMean(perPixel, c.labels, c.weights);
}

/** The authors' Margin_logloss written out: mean over labeled pixels × classes of BCE-with-logits, pos_weight C. */
function bceRef(c: Case, m: DmcMargins, logits = c.logits): number {
  let sum = 0;
  let count = 0;
  rows(logits, C).forEach((z, i) => {
    if (c.labels[i] === 255) return;
    margins(z).forEach((l, k) => {
      const target = k === c.labels[i] ? 1 : 0;
      const x = l - (target ? m.rhoK0[k] : -m.rho0K[k]);
      sum += -(C * target * Math.log(sigmoid(x)) + (1 - target) * Math.log(1 - sigmoid(x)));
      count++;
    });
  });
  return sum / count;
}

describe('dmcMargins', () => {
  it('hand computation for counts (6, 3, 1), τ = 10, ν = 1', () => {
    const { rhoK0, rho0K } = dmcMargins([6, 3, 1]);
    // n = 10. Class 2: ρ_02 = 10·√9/1 = 30; μ_2 = 0.1·√1/(9 − 0.1·√9) = 0.1/8.7; ρ_20 = 30·0.1/8.7.
    // Class 0: ρ_00 = 10·√4/6 = 10/3; μ_0 = 0.6·√6/(4 − 0.6·2) = 0.6·√6/2.8.
    // Class 1: ρ_01 = 10·√7/3; μ_1 = 0.3·√3/(7 − 0.3·√7).
    expectAllClose(rho0K, [10 / 3, (10 * Math.sqrt(7)) / 3, 30], 1e-12);
    expectAllClose(
      rhoK0,
      [((0.6 * Math.sqrt(6)) / 2.8) * (10 / 3), ((0.3 * Math.sqrt(3)) / (7 - 0.3 * Math.sqrt(7))) * ((10 * Math.sqrt(7)) / 3), 3 / 8.7],
      1e-12,
    );
    // τ scales every offset linearly.
    expectAllClose(dmcMargins([6, 3, 1], { tau: 1 }).rho0K, [1 / 3, Math.sqrt(7) / 3, 3], 1e-12);
  });

  it('a class with zero pixels, fewer than 2 classes, or ν too small is a SegInputError, never Infinity', () => {
    expect(() => dmcMargins([5, 0, 3])).toThrow(SegInputError);
    expect(() => dmcMargins([5, 0, 3])).toThrow(
      /^dmcMargins: 'counts' must be a pixel count > 0 for every class, got 0 pixels of class 1\./,
    );
    expect(() => dmcMargins([0, 5])).toThrow(/got 0 pixels of class 0/);
    // Class 0: ν·(n − n_0) − p_0·√(n − n_0) = 0.01·10 − 0.9·√10 < 0.
    expect(() => dmcMargins([90, 10], { nu: 0.01 })).toThrow(
      /^dmcMargins: 'nu' must be > p_k\/√\(n − n_k\) = 0\.2846\d* for class 0, got 0\.01\./,
    );
    expect(() => dmcMargins([12])).toThrow(
      /^dmcMargins: 'counts' must be one finite pixel count ≥ 0 per class \(at least 2 classes\), got \[12\]\./,
    );
    expect(() => dmcMargins([4, -1])).toThrow(/^dmcMargins: 'counts' must be one finite pixel count ≥ 0 per class/);
  });
});

describe('dmc', () => {
  it('one pixel by hand: z = (2, 0, −1), y = 0, ρ_k0 = 1, ρ_0k = 0.5 → log₂1.5 + log₂(1 + 2^−1.5) + log₂(1 + 2^−2.5)', () => {
    // λ = (2 − 0, 0 − 2, −1 − 2) = (2, −2, −3).
    const c: Case = { shape: [1, 1, 1, 3], logits: [2, 0, -1], labels: [0] };
    const offsets = { rhoK0: [1, 1, 1], rho0K: [0.5, 0.5, 0.5] };
    const fp = Math.log2(1 + 2 ** -1.5) + Math.log2(1 + 2 ** -2.5);
    expect(partValues(dmc({ offsets }), c)).toEqual({
      total: expect.closeTo(Math.log2(1.5) + fp, 6),
      fn: expect.closeTo(Math.log2(1.5), 6),
      fp: expect.closeTo(fp, 6),
    });
    // bce: softplus(1 − 2) + (1/3)·(softplus(−1.5) + softplus(−2.5)), natural log.
    const sp = (x: number) => Math.log(1 + Math.exp(x));
    expect(lossValue(dmc({ offsets, form: 'bce' }), c)).toBeCloseTo(sp(-1) + (sp(-1.5) + sp(-2.5)) / 3, 6);
  });

  it('log2 form matches the paper written in plain JS; bce form matches the authors’ BCE-with-logits code', () => {
    const m = dmcMargins(counts);
    const weights = [1, 2, 0.5, 1, 1, 0, 1, 3, 1, 1, 0.5, 1];
    expect(lossValue(dmc({ counts }), base)).toBeCloseTo(log2Ref(base, m), 4);
    expect(lossValue(dmc({ counts }), { ...base, weights })).toBeCloseTo(log2Ref({ ...base, weights }, m), 4);
    expect(lossValue(dmc({ counts, form: 'bce' }), base)).toBeCloseTo(bceRef(base, m), 4);
    expect(lossValue(dmc({ counts: Float64Array.from(counts), tau: 2, nu: 0.5 }), base)).toBeCloseTo(
      log2Ref(base, dmcMargins(counts, { tau: 2, nu: 0.5 })),
      4,
    );
  });

  it('gradient matches central differences of the reference (both forms)', () => {
    const m = dmcMargins(counts, { tau: 1 });
    expectAllClose(
      lossGrad(dmc({ counts, tau: 1 }), base),
      centralDiff((z) => log2Ref(base, m, z), base.logits),
      2e-3,
    );
    expectAllClose(
      lossGrad(dmc({ counts, tau: 1, form: 'bce' }), base),
      centralDiff((z) => bceRef(base, m, z), base.logits),
      2e-3,
    );
  });

  it("offsets: 'batch' equals the offsets of the batch's own counts when every class is present", () => {
    expect(lossValue(dmc({ offsets: 'batch' }), base)).toBeCloseTo(lossValue(dmc({ counts }), base), 4);
    expect(partValues(dmc({ offsets: 'batch' }), base).classes).toBe(3);
  });

  it("offsets: 'batch' skips a class absent from the batch: finite value, its terms dropped, gradient finite", () => {
    const noTwo: Case = { ...base, labels: labels.map((y) => (y === 2 ? 1 : y)) }; // counts 7, 5, 0
    const loss = dmc({ offsets: 'batch' });
    const twoClass = dmcMargins([7, 5]);
    const m = { rhoK0: [...twoClass.rhoK0, 0], rho0K: [...twoClass.rho0K, 0] };
    expect(lossValue(loss, noTwo)).toBeCloseTo(log2Ref(noTwo, m, noTwo.logits, [true, true, false]), 4);
    expect(partValues(loss, noTwo).classes).toBe(2);
    expect(lossGrad(loss, noTwo).every(Number.isFinite)).toBe(true);
    // A batch of one class only: every class is skipped; 0 and a zero gradient, not NaN.
    const allZero: Case = { ...base, labels: labels.map(() => 0) };
    expect(lossValue(loss, allZero)).toBe(0);
    expect(lossGrad(loss, allZero).every((g) => g === 0)).toBe(true);
  });

  it('a better prediction gets a lower loss', () => {
    const make = (scale: number): Case => ({ ...base, logits: towardsLabels(labels, C, scale) });
    for (const form of ['log2', 'bce'] as const) {
      const [weak, strong, wrong] = [make(0.5), make(3), make(-1)].map((c) => lossValue(dmc({ counts, form }), c));
      expect(strong).toBeLessThan(weak);
      expect(weak).toBeLessThan(wrong);
    }
  });

  it('ignored pixels: no effect on the value, zero gradient (also with batch offsets)', () => {
    const ignored = { ...base, labels: labels.map((y, i) => (i % 4 === 3 ? 255 : y)) };
    expectIgnoredHonoured(dmc({ counts }), ignored);
    expectIgnoredHonoured(dmc({ offsets: 'batch', form: 'bce' }), ignored);
  });

  it('leaks no tensors', () => {
    expectNoLeaks(dmc({ counts }), base);
    expectNoLeaks(dmc({ offsets: 'batch', form: 'bce' }), { ...base, weights: new Array(12).fill(1) });
  });

  it('configuration errors name the argument', () => {
    expect(() => dmc()).toThrow(SegConfigError);
    expect(() => dmc()).toThrow(/^dmc: 'counts' must be exactly one of 'counts'.*, got neither\./);
    expect(() => dmc({ counts, offsets: 'batch' })).toThrow(/got both\./);
    expect(() => dmc({ counts: [4, 0, 2] })).toThrow(
      /^dmcMargins: 'counts' must be a pixel count > 0 for every class, got 0 pixels of class 1/,
    );
    expect(() => dmc({ offsets: 'image' as 'batch' })).toThrow(/^dmc: 'offsets' must be 'batch' or \{ rhoK0, rho0K \}/);
    expect(() => dmc({ counts, form: 'ln' as 'bce' })).toThrow(`dmc: 'form' must be one of 'log2', 'bce', got "ln".`);
    expect(() => lossValue(dmc({ counts: [1, 2] }), base)).toThrow(
      "dmc: 'logits' must be 2 classes, one per DMC offset (from 'counts'), got 3 classes.",
    );
  });
});
