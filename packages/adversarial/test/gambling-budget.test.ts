import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { bettingWeights } from '../src/gambling/index.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Bets for images of 1×P pixels: one row per image. */
const bets = (rows: number[][]) => tf.tensor3d(rows.map((r) => [r]));
const labels = (rows: number[][]) =>
  tf.tensor3d(
    rows.map((r) => [r]),
    undefined,
    'int32',
  );
const weightsOf = (t: tf.Tensor3D) => (t.arraySync() as number[][][]).map((img) => img[0]);

describe('bettingWeights', () => {
  it("'exp-budget' (paper Eq. 6) by hand: g = (0, ln 2, ln 3), β = 1 → stakes (2, 3, 4)/9; g = 0 → 1/3 each", () => {
    const w = bettingWeights(
      bets([
        [0, Math.log(2), Math.log(3)],
        [0, 0, 0],
      ]),
      { beta: 1 },
    );
    const got = weightsOf(w);
    [2 / 9, 3 / 9, 4 / 9].forEach((v, i) => {
      expect(got[0][i]).toBeCloseTo(v, 6);
    });
    for (const v of got[1]) expect(v).toBeCloseTo(1 / 3, 6);
    w.dispose();
  });

  it('weights sum to 1 per image (random bets, both forms, several β)', () => {
    const g = tf.randomNormal([3, 4, 5], 0, 3, 'float32', 1) as tf.Tensor3D;
    for (const form of ['exp-budget', 'sigmoid-budget'] as const) {
      for (const beta of [0, 0.1, 1, 10]) {
        const w = bettingWeights(g, { form, beta });
        const sums = w.sum([1, 2]).arraySync() as number[];
        for (const s of sums) expect(s).toBeCloseTo(1, 5);
        expect(w.min().arraySync()).toBeGreaterThanOrEqual(0);
        tf.dispose([w]);
      }
    }
    g.dispose();
  });

  it('β → ∞ gives uniform weights 1/n (β = 1e12 against bets up to e^5 ≈ 148: deviation < 1e-9)', () => {
    for (const form of ['exp-budget', 'sigmoid-budget'] as const) {
      const w = bettingWeights(bets([[-3, 0, 5, 2]]), { form, beta: 1e12 });
      for (const v of weightsOf(w)[0]) expect(v).toBeCloseTo(1 / 4, 7);
      w.dispose();
    }
  });

  it("'exp-budget' with β = 1e3 matches the closed form (e^g + β)/Σ(e^g + β) computed in float64", () => {
    const g = [-1, 0.5, 4, 7];
    const stakes = g.map((v) => Math.exp(v) + 1e3);
    const total = stakes.reduce((a, b) => a + b, 0);
    const w = bettingWeights(bets([g]), { beta: 1e3 });
    weightsOf(w)[0].forEach((v, i) => {
      expect(v).toBeCloseTo(stakes[i] / total, 6);
    });
    w.dispose();
  });

  it("β = 0 is a softmax over the image's pixels; extreme bets do not overflow", () => {
    const w = bettingWeights(
      bets([
        [1000, 0, 0],
        [-1000, -1000, -1000],
        [0, Math.log(3), 0],
      ]),
      { beta: 0 },
    );
    const got = weightsOf(w);
    expect(got[0]).toEqual([1, 0, 0]); // e^{1000−1000} = 1, e^{−1000} underflows to 0
    for (const v of got[1]) expect(v).toBeCloseTo(1 / 3, 6); // shifted by m = −1000: e^0 each
    [1 / 5, 3 / 5, 1 / 5].forEach((v, i) => {
      expect(got[2][i]).toBeCloseTo(v, 6);
    });
    w.dispose();
  });

  it("'sigmoid-budget' (authors' code) by hand: σ(0, 0, ln 3) = (½, ½, ¾), β = ¼ → (¾, ¾, 1)/2.5 = (0.3, 0.3, 0.4)", () => {
    const w = bettingWeights(bets([[0, 0, Math.log(3)]]), { form: 'sigmoid-budget', beta: 0.25 });
    weightsOf(w)[0].forEach((v, i) => {
      expect(v).toBeCloseTo([0.3, 0.3, 0.4][i], 6);
    });
    w.dispose();
  });

  it('ignoreIndex pixels weigh 0 and the budget goes to the others; an image with no label gets all zeros', () => {
    // stakes (2, 3, 4) with the middle pixel ignored: (2, 0, 4)/6
    const g = bets([
      [0, Math.log(2), Math.log(3)],
      [1, 2, 3],
    ]);
    const w = bettingWeights(g, {
      beta: 1,
      labels: labels([
        [0, 255, 1],
        [255, 255, 255],
      ]),
    });
    const got = weightsOf(w);
    [1 / 3, 0, 2 / 3].forEach((v, i) => {
      expect(got[0][i]).toBeCloseTo(v, 6);
    });
    expect(got[1]).toEqual([0, 0, 0]);
    const custom = bettingWeights(g, {
      form: 'sigmoid-budget',
      labels: labels([
        [7, 0, 0],
        [0, 0, 7],
      ]),
      ignoreIndex: 7,
    });
    expect(weightsOf(custom)[0][0]).toBe(0);
    expect(weightsOf(custom)[1][2]).toBe(0);
    tf.dispose([g, w, custom]);
  });

  it('a huge bet on an ignored pixel does not underflow the others (shift taken over labelled pixels)', () => {
    const g = bets([[1000, 0, 0]]);
    const l = labels([[255, 0, 0]]);
    const w = bettingWeights(g, { beta: 0, labels: l });
    expect(weightsOf(w)[0]).toEqual([0, 0.5, 0.5]);
    tf.dispose([g, l, w]);
  });

  it('leaks no tensors', () => {
    const g = bets([[0, 1, 2]]);
    const l = labels([[0, 255, 1]]);
    const before = tf.memory().numTensors;
    bettingWeights(g, { labels: l }).dispose();
    bettingWeights(g, { form: 'sigmoid-budget' }).dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([g, l]);
  });

  it('names the function and the argument', () => {
    const g = bets([[0, 1]]);
    expect(() => bettingWeights(g, { beta: -1 })).toThrow("bettingWeights: 'beta' must be a finite number ≥ 0, got -1.");
    expect(() => bettingWeights(g, { form: 'softmax' as never })).toThrow(
      `bettingWeights: 'form' must be one of 'exp-budget', 'sigmoid-budget', got "softmax".`,
    );
    const g4 = tf.zeros([1, 1, 2, 1]) as unknown as tf.Tensor3D;
    expect(() => bettingWeights(g4)).toThrow(/^bettingWeights: 'bets' must be of rank 3, got rank 4 \(1×1×2×1\)\. Squeeze/);
    const l = labels([[0, 0, 0]]);
    expect(() => bettingWeights(g, { labels: l })).toThrow("bettingWeights: 'labels' must be 1×1×2 like 'bets', got 1×1×3.");
    tf.dispose([g, g4, l]);
  });
});
