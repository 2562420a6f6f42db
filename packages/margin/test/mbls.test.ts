import { labelSmoothing, mbls } from '@seg/margin';
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
import { logSumExp, randomLabels, randomLogits, rows } from './reference.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const C = 4;
const shape: Case['shape'] = [2, 2, 2, C];
const base: Case = { shape, logits: Array.from(randomLogits(8 * C, 11, 6)), labels: Array.from(randomLabels(8, C, 12)) };

interface Ref {
  margin: number;
  alpha: number;
  penalty: 'mean' | 'sum';
  norm: 'l1' | 'l2';
}
/** Plain-JS MbLS: per pixel CE + α·(Σ or mean)_k ReLU(max z − z_k − m)^(1 or 2), then the weighted mean. */
function mblsRef(c: Case, o: Ref, logits = c.logits): number {
  const perPixel = rows(logits, C).map((z, i) => {
    const y = c.labels[i];
    if (y === 255) return 0;
    const top = Math.max(...z);
    const pen = z.map((v) => Math.max(0, top - v - o.margin) ** (o.norm === 'l1' ? 1 : 2)).reduce((a, b) => a + b, 0);
    return logSumExp(z) - z[y] + o.alpha * (o.penalty === 'sum' ? pen : pen / C);
  });
  return weightedMean(perPixel, c.labels, c.weights);
}

const defaults: Ref = { margin: 10, alpha: 0.1, penalty: 'mean', norm: 'l1' };

describe('mbls', () => {
  it('one pixel by hand: z = (12, 6, 0, 11.5), y = 1, m = 2, α = 0.1, sum: CE + 0.1·((6−2) + (12−2))', () => {
    const c: Case = { shape: [1, 1, 1, 4], logits: [12, 6, 0, 11.5], labels: [1] };
    const ce = Math.log(Math.exp(12) + Math.exp(6) + 1 + Math.exp(11.5)) - 6;
    expect(lossValue(mbls({ margin: 2, penalty: 'sum' }), c)).toBeCloseTo(ce + 0.1 * 14, 5);
    // 'mean' divides the class sum by C = 4; 'l2' squares each excess: 4² + 10² = 116.
    expect(lossValue(mbls({ margin: 2 }), c)).toBeCloseTo(ce + (0.1 * 14) / 4, 5);
    expect(lossValue(mbls({ margin: 2, penalty: 'sum', norm: 'l2' }), c)).toBeCloseTo(ce + 0.1 * 116, 4);
    expect(partValues(mbls({ margin: 2, penalty: 'sum' }), c)).toEqual({
      total: expect.closeTo(ce + 1.4, 5),
      ce: expect.closeTo(ce, 5),
      penalty: expect.closeTo(14, 5),
    });
  });

  it('matches the plain-JS reference for every penalty/norm, with pixel weights (logits sd 6: many gaps > m)', () => {
    const weights = [1, 0.5, 2, 0, 1, 1, 3, 0.25];
    for (const penalty of ['mean', 'sum'] as const) {
      for (const norm of ['l1', 'l2'] as const) {
        const o = { margin: 4, alpha: 0.2, penalty, norm };
        expect(lossValue(mbls(o), { ...base, weights })).toBeCloseTo(mblsRef({ ...base, weights }, o), 4);
      }
    }
    const sum = mbls({ reduction: 'sum' });
    expect(lossValue(sum, base)).toBeCloseTo(8 * mblsRef(base, defaults), 3);
  });

  it('gradient matches central differences of the reference (l1 and l2)', () => {
    for (const norm of ['l1', 'l2'] as const) {
      const o = { ...defaults, margin: 3, norm };
      const expected = centralDiff((z) => mblsRef(base, o, z), base.logits);
      expectAllClose(lossGrad(mbls(o), base), expected, 2e-3);
    }
  });

  it('m = 0: the penalty gradient is the linear penalty Σ_k (max z − z_k)’s — the same whatever the gaps', () => {
    // Paper §4.3: with m = 0, ReLU(d_k) = d_k, so the penalty is linear and its gradient never vanishes:
    // +(C − 1) on the winner and −1 on every other logit (/C for 'mean'), for tiny and huge distances alike.
    const penaltyGrad = (logits: number[], penalty: 'mean' | 'sum') => {
      const t = tf.tensor4d(logits, [1, 1, 1, 4]);
      const y = tf.tensor3d([0], [1, 1, 1], 'int32');
      const g = tf.grad((z: tf.Tensor4D) => mbls({ margin: 0, penalty }).parts(z, y).penalty)(t);
      const out = Array.from(g.dataSync());
      tf.dispose([t, y, g]);
      return out;
    };
    const linear = [3, -1, -1, -1]; // d/dz of 4·max z − Σ z with class 0 the winner
    for (const logits of [
      [0.01, 0, -0.01, 0.005],
      [30, -10, 0, 5],
    ]) {
      expectAllClose(penaltyGrad(logits, 'sum'), linear, 1e-6);
      expectAllClose(
        penaltyGrad(logits, 'mean'),
        linear.map((v) => v / 4),
        1e-6,
      );
    }
  });

  it("m = 0 is what label smoothing approximates: LS's uniform term U lies in [Σd/C, Σd/C + log C] (Prop. 1) and its gradient tends to the linear penalty's", () => {
    for (const [i, z] of rows(randomLogits(6 * 4, 21, 3), 4).entries()) {
      const c: Case = { shape: [1, 1, 1, 4], logits: z, labels: [i % 4] };
      const u = partValues(labelSmoothing(), c).uniform;
      const linear = partValues(mbls({ margin: 0 }), c).penalty; // (1/C)·Σ_k (max z − z_k)
      expect(u).toBeGreaterThanOrEqual(linear - 1e-5);
      expect(u).toBeLessThanOrEqual(linear + Math.log(4) + 1e-5);
    }
    // ∂U/∂z = softmax(z) − 1/C → e_winner − 1/C = ∂(linear)/∂z as the logits grow confident.
    const gap = (scale: number) => {
      const z = [2, 0.5, -1, 0].map((v) => v * scale);
      const c: Case = { shape: [1, 1, 1, 4], logits: z, labels: [0] };
      const uGrad = lossGrad(labelSmoothing({ alpha: 1 }), c); // α = 1: the loss is U alone
      const linearGrad = [0.75, -0.25, -0.25, -0.25]; // e_winner − 1/C
      return Math.max(...Array.from(uGrad, (v, k) => Math.abs(v - linearGrad[k])));
    };
    expect(gap(1)).toBeGreaterThan(0.1);
    expect(gap(10)).toBeLessThan(1e-5);
  });

  it('margin 10 vs 2 changes which logits get gradient (distances 6 and 12 from the winner)', () => {
    // z = (12, 6, 0, 11.5): distances d = (0, 6, 12, 0.5). m = 10: only class 2 exceeds; m = 2: classes 1 and 2.
    const grad = (margin: number) => {
      const t = tf.tensor4d([12, 6, 0, 11.5], [1, 1, 1, 4]);
      const y = tf.tensor3d([0], [1, 1, 1], 'int32');
      const g = tf.grad((z: tf.Tensor4D) => mbls({ margin, penalty: 'sum' }).parts(z, y).penalty)(t);
      const out = Array.from(g.dataSync());
      tf.dispose([t, y, g]);
      return out;
    };
    expect(grad(10)).toEqual([1, 0, -1, 0]);
    expect(grad(2)).toEqual([2, -1, -1, 0]);
  });

  it('a better prediction gets a lower loss', () => {
    expectBetterIsLower(mbls(), base, C, [0.5, 3, -1]);
  });

  it('ignored pixels: no effect on the value, zero gradient', () => {
    expectIgnoredHonoured(mbls({ margin: 2 }), { ...base, labels: base.labels.map((y, i) => (i % 3 === 1 ? 255 : y)) });
  });

  it('leaks no tensors', () => {
    expectNoLeaks(mbls({ penalty: 'sum', norm: 'l2' }), { ...base, weights: new Array(8).fill(1) });
  });

  it('names the argument in option errors', () => {
    expect(() => mbls({ margin: -1 })).toThrow("mbls: 'margin' must be a finite number ≥ 0, got -1.");
    expect(() => mbls({ penalty: 'max' as 'sum' })).toThrow(`mbls: 'penalty' must be one of 'mean', 'sum', got "max".`);
    expect(() => mbls({ norm: 'l3' as 'l1' })).toThrow(`mbls: 'norm' must be one of 'l1', 'l2', got "l3".`);
  });
});
