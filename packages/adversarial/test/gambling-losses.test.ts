import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { bettingWeights, gamblerLoss, pixelCE, segmentorGamblingLoss } from '../src/gambling/index.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const ln = Math.log;
/** Two-class logits for images of 1×P pixels: `rows[i][p]` = [z0, z1]. */
const logits = (rows: number[][][]) => tf.tensor4d(rows.map((r) => [r]));
const labels = (rows: number[][]) =>
  tf.tensor3d(
    rows.map((r) => [r]),
    undefined,
    'int32',
  );

// Segmenter: three pixels right with p = 3/4 (ℓ = ln 4/3), one wrong with p(label) = 1/4 (ℓ = ln 4).
const Z = [
  [
    [ln(3), 0],
    [ln(3), 0],
    [0, ln(3)],
    [ln(3), 0],
  ],
];
const Y = [[0, 0, 0, 0]];
const CE = [ln(4 / 3), ln(4 / 3), ln(4), ln(4 / 3)];

describe('pixelCE', () => {
  it('by hand: ln 4/3 where p(label) = 3/4, ln 4 where 1/4, ln 2 for a tie, 0 on ignored pixels', () => {
    const [z, y] = [
      logits([
        [
          [ln(3), 0],
          [0, ln(3)],
          [0, 0],
          [5, 0],
        ],
      ]),
      labels([[0, 0, 1, 255]]),
    ];
    const ce = pixelCE(z, y);
    (ce.arraySync() as number[][][])[0][0].forEach((v, i) => {
      expect(v).toBeCloseTo([ln(4 / 3), ln(4), ln(2), 0][i], 6);
    });
    tf.dispose([z, y, ce]);
  });
});

describe('gamblerLoss', () => {
  /** ∂L_g/∂g at g = 0 for the four-pixel case, by tf.grad. */
  function gamblerGrad(form: 'exp-budget' | 'sigmoid-budget', beta: number): number[] {
    const [z, y] = [logits(Z), labels(Y)];
    const ce = pixelCE(z, y);
    const g0 = tf.zeros([1, 1, 4]) as tf.Tensor3D;
    const grad = tf.grad((g: tf.Tensor) => gamblerLoss(bettingWeights(g as tf.Tensor3D, { form, beta }), ce))(g0);
    const out = Array.from(grad.dataSync());
    tf.dispose([z, y, ce, g0, grad]);
    return out;
  }
  const meanCe = CE.reduce((a, b) => a + b, 0) / 4; // uniform bets at g = 0: Σ w ℓ = mean ℓ

  it('value by hand: −Σ w·ℓ with uniform bets = −(3 ln 4/3 + ln 4)/4', () => {
    const [z, y, g] = [logits(Z), labels(Y), tf.zeros([1, 1, 4]) as tf.Tensor3D];
    const ce = pixelCE(z, y);
    const w = bettingWeights(g);
    const loss = gamblerLoss(w, ce);
    expect(loss.arraySync()).toBeCloseTo(-meanCe, 6);
    tf.dispose([z, y, g, ce, w, loss]);
  });

  it("'exp-budget': the gradient pushes the bet up on the wrong pixel and down elsewhere, −(1/S)(ℓ_p − ℓ̄) with S = 4·(1 + β)", () => {
    const grad = gamblerGrad('exp-budget', 1);
    // closed form ∂L_g/∂g_p = −(e^{g_p}/S)(ℓ_p − Σ_q w_q ℓ_q), e^0 = 1, S = Σ(e^0 + 1) = 8
    grad.forEach((v, p) => {
      expect(v).toBeCloseTo(-(CE[p] - meanCe) / 8, 6);
    });
    expect(grad[2]).toBeLessThan(0); // gradient descent raises g on the wrong pixel…
    for (const p of [0, 1, 3]) expect(grad[p]).toBeGreaterThan(0); // …and lowers it on the right ones
  });

  it("'sigmoid-budget': same sign pattern, −σ'(g_p)/S'·(ℓ_p − ℓ̄) with σ'(0) = ¼, S' = 4·(½ + β)", () => {
    const grad = gamblerGrad('sigmoid-budget', 0.5);
    grad.forEach((v, p) => {
      expect(v).toBeCloseTo((-0.25 / 4) * (CE[p] - meanCe), 6);
    });
    expect(grad[2]).toBeLessThan(0);
    for (const p of [0, 1, 3]) expect(grad[p]).toBeGreaterThan(0);
  });

  it('the segmenter is a constant to the gambler: no gradient reaches the logits', () => {
    const [z, y] = [logits(Z), labels(Y)];
    const g = tf.tensor3d([[[0, 1, 2, 3]]]);
    const grad = tf.grad((zz: tf.Tensor) => gamblerLoss(bettingWeights(g), pixelCE(zz as tf.Tensor4D, y)))(z);
    for (const v of grad.dataSync()) expect(Math.abs(v)).toBe(0);
    tf.dispose([z, y, g, grad]);
  });
});

describe('segmentorGamblingLoss', () => {
  // Image 0: ℓ = (ln 4/3, ln 2), bets (0, ln 3), β = 1 → stakes (2, 4) → w = (1/3, 2/3).
  // Image 1: ℓ = (ln 4, ignored), bets (0, 5) → w = (1, 0).
  const Z2 = [
    [
      [ln(3), 0],
      [0, 0],
    ],
    [
      [0, ln(3)],
      [9, 0],
    ],
  ];
  const Y2 = [
    [0, 1],
    [0, 255],
  ];
  const G2 = [[[0, ln(3)]], [[0, 5]]];
  const meanCe = (ln(4 / 3) + ln(2) + ln(4)) / 3; // over the 3 labelled pixels
  const bet = ((1 / 3) * ln(4 / 3) + (2 / 3) * ln(2) + ln(4)) / 2; // (1/N) Σ_i Σ_p w·ℓ

  it('value by hand: total = ceWeight·mean CE + λ·(1/N)Σ w·ℓ, parts reported', () => {
    const [z, y, g] = [logits(Z2), labels(Y2), tf.tensor3d(G2)];
    const mask = tf.cast(tf.notEqual(y, 255), 'float32') as tf.Tensor3D;
    const ce = pixelCE(z, y);
    const w = bettingWeights(g, { labels: y, beta: 1 });
    const parts = segmentorGamblingLoss(w, ce, mask, { lambda: 0.5, ceWeight: 2 });
    expect(parts.ce.arraySync()).toBeCloseTo(meanCe, 6);
    expect(parts.bet_ce.arraySync()).toBeCloseTo(bet, 6);
    expect(parts.total.arraySync()).toBeCloseTo(2 * meanCe + 0.5 * bet, 6);
    const paper = segmentorGamblingLoss(w, ce, mask, { ceWeight: 0 }); // Eq. 7: L_f = −L_g
    expect(paper.total.arraySync()).toBeCloseTo(-(gamblerLoss(w, ce).arraySync() as number), 6);
    tf.dispose([z, y, g, mask, ce, w, parts, paper]);
  });

  /**
   * Path B (paper Fig. 1): a toy frozen gambler g = 3·p₁ (its input is the segmenter's softmax). Plain float64 JS
   * implementation of total(z) = mean ℓ + Σ w(z)·ℓ(z), differentiated by central differences, against tf.grad —
   * with w live ('through-gambler') and with w frozen at its current value ('detached').
   */
  it('segmenter gradient through both paths (live w) and through CE only (detached w) match finite differences', () => {
    const z0 = [0.3, -0.2, -0.5, 0.4, 1.1, 0.1]; // 3 pixels × 2 classes, labels (0, 1, 0)
    const y = [0, 1, 0];
    const p1 = (z: number[], i: number) => 1 / (1 + Math.exp(z[2 * i] - z[2 * i + 1]));
    const ell = (z: number[], i: number) => -Math.log(y[i] === 1 ? p1(z, i) : 1 - p1(z, i));
    const weights = (z: number[]) => {
      const s = [0, 1, 2].map((i) => Math.exp(3 * p1(z, i)) + 1);
      return s.map((v) => v / s.reduce((a, b) => a + b, 0));
    };
    const total = (z: number[], w: number[]) => [0, 1, 2].reduce((a, i) => a + ell(z, i) / 3 + w[i] * ell(z, i), 0);
    const numeric = (live: boolean) =>
      z0.map((_, k) => {
        const [up, down] = [z0.slice(), z0.slice()];
        up[k] += 1e-5;
        down[k] -= 1e-5;
        const wUp = live ? weights(up) : weights(z0);
        const wDown = live ? weights(down) : weights(z0);
        return (total(up, wUp) - total(down, wDown)) / 2e-5;
      });
    const labelT = tf.tensor3d([[y]], undefined, 'int32');
    const mask = tf.ones([1, 1, 3]) as tf.Tensor3D;
    for (const live of [true, false]) {
      const grad = tf.grad((z: tf.Tensor) => {
        const zz = z as tf.Tensor4D;
        const probs = tf.softmax(zz);
        const bets = tf.squeeze(tf.mul(tf.slice(probs, [0, 0, 0, 1], [1, 1, 3, 1]), 3), [3]) as tf.Tensor3D;
        const w = bettingWeights(bets);
        const fixed = live ? w : tf.tensor3d([[weights(z0)]]);
        return segmentorGamblingLoss(fixed, pixelCE(zz, labelT), mask).total;
      })(tf.tensor4d(z0, [1, 1, 3, 2]));
      Array.from(grad.dataSync()).forEach((v, k) => {
        expect(v).toBeCloseTo(numeric(live)[k], 4);
      });
      grad.dispose();
    }
    // the two paths really differ here (path B is not negligible)
    expect(Math.max(...numeric(true).map((v, k) => Math.abs(v - numeric(false)[k])))).toBeGreaterThan(1e-2);
    tf.dispose([labelT, mask]);
  });

  it('names the function and the argument', () => {
    const w = tf.ones([1, 1, 2]) as tf.Tensor3D;
    expect(() => segmentorGamblingLoss(w, w, w, { lambda: -1 })).toThrow(
      "segmentorGamblingLoss: 'lambda' must be a finite number ≥ 0, got -1.",
    );
    const m = tf.ones([1, 2, 1]) as tf.Tensor3D;
    expect(() => segmentorGamblingLoss(w, w, m)).toThrow("segmentorGamblingLoss: 'mask' must be 1×1×2 like 'weights', got 1×2×1.");
    tf.dispose([w, m]);
  });

  it('leaks no tensors', () => {
    const [z, y, g] = [logits(Z2), labels(Y2), tf.tensor3d(G2)];
    const mask = tf.ones([2, 1, 2]) as tf.Tensor3D;
    const before = tf.memory().numTensors;
    const ce = pixelCE(z, y);
    const w = bettingWeights(g, { labels: y });
    const parts = segmentorGamblingLoss(w, ce, mask);
    const gl = gamblerLoss(w, ce);
    tf.dispose([ce, w, parts, gl]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([z, y, g, mask]);
  });
});
