import { focalTversky, softDice, tversky } from '@seg/margin';
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
} from './harness.js';
import { randomLabels, randomLogits, regionSumsRef } from './reference.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const C = 3;
const base: Case = { shape: [2, 2, 3, C], logits: Array.from(randomLogits(12 * C, 91, 2)), labels: Array.from(randomLabels(12, C, 92)) };

interface Ref {
  alpha: number;
  beta: number;
  gamma?: number;
  aggregate: 'image' | 'batch';
  includeBackground?: boolean;
}
/** mean over rows and kept classes of (1 − TI)^(1/γ), TI = (TP + s)/(TP + α·FP + β·FN + s); γ = 1 is Tversky. */
function tverskyRef(c: Case, o: Ref, logits = c.logits): number {
  const s = 1e-5;
  const values: number[] = [];
  for (const { tp, fp, fn } of regionSumsRef(logits, c.labels, c.shape, o.aggregate, c.weights)) {
    for (let k = o.includeBackground ? 0 : 1; k < C; k++) {
      const ti = (tp[k] + s) / (tp[k] + o.alpha * fp[k] + o.beta * fn[k] + s);
      values.push((1 - ti) ** (1 / (o.gamma ?? 1)));
    }
  }
  return values.reduce((a, b) => a + b, 0) / values.length;
}

// Two pixels: A = (0, 0) → p = (½, ½), label 0; B = (0, ln 3) → p = (¼, ¾), label 1.
const pair: Case = { shape: [1, 1, 2, 2], logits: [0, 0, 0, Math.log(3)], labels: [0, 1] };

describe('tversky', () => {
  it('hand value: class 1 has TP = ¾, FP = ½, FN = ¼ → 1 − ¾/(¾ + 0.3·½ + 0.7·¼)', () => {
    const ti = 0.75 / (0.75 + 0.15 + 0.175);
    expect(lossValue(tversky({ smooth: 1e-9 }), pair)).toBeCloseTo(1 - ti, 6);
    expect(lossValue(focalTversky({ smooth: 1e-9 }), pair)).toBeCloseTo((1 - ti) ** 0.75, 6);
    expect(partValues(focalTversky({ smooth: 1e-9 }), pair).tversky).toBeCloseTo(1 - ti, 6);
  });

  it('α = β = ½ is soft Dice', () => {
    expect(lossValue(tversky({ alpha: 0.5, beta: 0.5 }), base)).toBeCloseTo(lossValue(softDice(), base), 5);
  });

  it('matches the plain-JS reference (per image, per batch, background, pixel weights; focal γ = 4/3 and 2)', () => {
    const weights = Array.from({ length: 12 }, (_, i) => (i % 4) * 0.5);
    const o = { alpha: 0.3, beta: 0.7, aggregate: 'image' as const };
    expect(lossValue(tversky(), base)).toBeCloseTo(tverskyRef(base, o), 5);
    const b = { alpha: 0.6, beta: 0.2, aggregate: 'batch' as const, includeBackground: true };
    expect(lossValue(tversky(b), { ...base, weights })).toBeCloseTo(tverskyRef({ ...base, weights }, b), 5);
    expect(lossValue(focalTversky(), base)).toBeCloseTo(tverskyRef(base, { ...o, gamma: 4 / 3 }), 5);
    expect(lossValue(focalTversky({ ...b, gamma: 2 }), { ...base, weights })).toBeCloseTo(
      tverskyRef({ ...base, weights }, { ...b, gamma: 2 }),
      5,
    );
  });

  it('gradient matches central differences of the reference (Tversky and focal Tversky)', () => {
    const o = { alpha: 0.3, beta: 0.7, aggregate: 'image' as const };
    expectAllClose(
      lossGrad(tversky(), base),
      centralDiff((z) => tverskyRef(base, o, z), base.logits),
      1e-3,
    );
    expectAllClose(
      lossGrad(focalTversky(), base),
      centralDiff((z) => tverskyRef(base, { ...o, gamma: 4 / 3 }, z), base.logits),
      1e-3,
    );
  });

  it('a better prediction gets a lower loss', () => {
    const make = (scale: number): Case => ({ ...base, logits: towardsLabels(base.labels, C, scale) });
    for (const loss of [tversky(), focalTversky()]) {
      const [weak, strong, wrong] = [make(0.5), make(3), make(-1)].map((c) => lossValue(loss, c));
      expect(strong).toBeLessThan(weak);
      expect(weak).toBeLessThan(wrong);
    }
  });

  it('ignored pixels are excluded from every sum and get a zero gradient', () => {
    const ignored: Case = { ...base, labels: base.labels.map((y, i) => (i % 4 === 2 ? 255 : y)) };
    expectIgnoredHonoured(tversky(), ignored);
    expectIgnoredHonoured(focalTversky({ aggregate: 'batch' }), ignored);
  });

  it('a perfect overlap gives a finite focal-Tversky gradient', () => {
    const perfect: Case = { ...base, logits: towardsLabels(base.labels, C, 40) };
    expect(lossGrad(focalTversky({ smooth: 1e-5 }), perfect).every(Number.isFinite)).toBe(true);
  });

  it('leaks no tensors', () => {
    expectNoLeaks(tversky(), base);
    expectNoLeaks(focalTversky(), base);
  });

  it('names the argument in option errors', () => {
    expect(() => tversky({ alpha: -1 })).toThrow("tversky: 'alpha' must be a finite number ≥ 0, got -1.");
    expect(() => focalTversky({ gamma: 0 })).toThrow("focalTversky: 'gamma' must be a finite number > 0, got 0.");
  });
});
