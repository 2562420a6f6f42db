import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  confidenceNetworkLoss,
  confidenceWeightedCE,
  confidenceWeights,
  labelledMask,
  pixelNonSaturatingLoss,
  stopGradient,
} from '../src/confidence/index.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const values = (t: tf.Tensor) => {
  const v = Array.from(t.dataSync());
  t.dispose();
  return v;
};
const LN3 = Math.log(3);
/** Confidence logits of one 2×2 image, [1,2,2,1]: σ = 0.5, 0.75, 0.25, σ(20). */
const cLogits = () => tf.tensor4d([0, LN3, -LN3, 20], [1, 2, 2, 1]);
/** Logits of 2 classes on the same 2×2: [0,0], [0,ln3], [0,ln3], [0,0]; labels 0, 1, 0, 255 (ignored). */
const logits = () => tf.tensor4d([0, 0, 0, LN3, 0, LN3, 0, 0], [1, 2, 2, 2]);
const labels = () => tf.tensor3d([0, 1, 0, 255], [1, 2, 2], 'int32');
// per-pixel CE by hand: −ln ½ = ln 2; −ln ¾ = ln(4/3); −ln ¼ = ln 4
const CE = [Math.LN2, Math.log(4 / 3), Math.log(4)];

describe('confidenceWeights: w = (1 − σ(c))^γ', () => {
  it('1×2×2 by hand, γ = 2: (1 − ½)² = 0.25, (1 − ¾)² = 0.0625, (1 − ¼)² = 0.5625, (1 − σ(20))² ≈ e^−40', () => {
    const w = values(confidenceWeights(cLogits(), 2));
    expect(w[0]).toBeCloseTo(0.25, 6);
    expect(w[1]).toBeCloseTo(0.0625, 6);
    expect(w[2]).toBeCloseTo(0.5625, 6);
    expect(w[3]).toBeGreaterThan(0); // log-space: tiny but finite, not 0·∞
    expect(w[3]).toBeLessThan(1e-16);
  });

  it('γ = 1 gives 1 − D = 0.5, 0.25, 0.75; γ = 0 gives 1 everywhere (plain CE)', () => {
    const w1 = values(confidenceWeights(cLogits(), 1));
    [0.5, 0.25, 0.75].forEach((v, i) => {
      expect(w1[i]).toBeCloseTo(v, 6);
    });
    expect(values(confidenceWeights(cLogits(), 0))).toEqual([1, 1, 1, 1]);
  });
});

describe('confidenceWeightedCE', () => {
  const weights = () => tf.tensor3d([0.25, 0.0625, 0.5625, 0.9], [1, 2, 2]);
  const weighted = 0.25 * CE[0] + 0.0625 * CE[1] + 0.5625 * CE[2]; // the ignored pixel's 0.9 never counts

  it("hand count, 'pixels': (0.25·ln2 + 0.0625·ln(4/3) + 0.5625·ln4) / 3 labelled pixels = 0.323686", () => {
    expect(weighted / 3).toBeCloseTo(0.323686, 5);
    expect(values(confidenceWeightedCE(logits(), labels(), weights(), { ignoreIndex: 255 }))[0]).toBeCloseTo(weighted / 3, 5);
  });

  it("hand count, 'weights': the same sum / (0.25 + 0.0625 + 0.5625) = 1.109781", () => {
    expect(weighted / 0.875).toBeCloseTo(1.109781, 5);
    const got = values(confidenceWeightedCE(logits(), labels(), weights(), { ignoreIndex: 255, normalize: 'weights' }))[0];
    expect(got).toBeCloseTo(weighted / 0.875, 5);
  });

  it('ignoreIndex pixels are excluded: their logits and weight change nothing', () => {
    const other = tf.tensor4d([0, 0, 0, LN3, 0, LN3, 50, -50], [1, 2, 2, 2]);
    const heavy = tf.tensor3d([0.25, 0.0625, 0.5625, 1000], [1, 2, 2]);
    const got = values(confidenceWeightedCE(other, labels(), heavy, { ignoreIndex: 255 }))[0];
    expect(got).toBeCloseTo(weighted / 3, 5);
    // every pixel ignored → 0, not NaN
    const none = tf.tensor3d([255, 255, 255, 255], [1, 2, 2], 'int32');
    expect(values(confidenceWeightedCE(logits(), none, heavy, { ignoreIndex: 255 }))[0]).toBe(0);
  });

  it('gradient w.r.t. the logits = w·(softmax − onehot) / |M| (closed form) on labelled pixels, 0 on the ignored one', () => {
    const w = weights();
    const g = values(tf.grad((z: tf.Tensor) => confidenceWeightedCE(z as tf.Tensor4D, labels(), w, { ignoreIndex: 255 }))(logits()));
    // pixel 1: softmax (½, ½), label 0 → (−½, ½)·0.25/3; pixel 2: softmax (¼, ¾), label 1 → (¼, −¼)·0.0625/3
    const expected = [-0.5 * 0.25, 0.5 * 0.25, 0.25 * 0.0625, -0.25 * 0.0625, -0.75 * 0.5625, 0.75 * 0.5625, 0, 0].map((v) => v / 3);
    expected.forEach((v, i) => {
      expect(g[i]).toBeCloseTo(v, 6);
    });
  });
});

describe('stopGradient', () => {
  it('the segmenter sees the confidence weights as constants: same gradient as with precomputed weights', () => {
    // a stand-in confidence "network" of the prediction: c = 3·s₁ − 1, s = softmax(z), so w depends on z
    const weightsOf = (z: tf.Tensor4D) => confidenceWeights(tf.sub(tf.mul(3, tf.softmax(z).slice([0, 0, 0, 1], [-1, -1, -1, 1])), 1), 2);
    const fixed = tf.tidy(() => weightsOf(logits()));
    const lb = labels();
    const viaStop = tf.grad((z: tf.Tensor) =>
      confidenceWeightedCE(z as tf.Tensor4D, lb, stopGradient(weightsOf(z as tf.Tensor4D)), { ignoreIndex: 255 }),
    );
    const viaConst = tf.grad((z: tf.Tensor) => confidenceWeightedCE(z as tf.Tensor4D, lb, fixed, { ignoreIndex: 255 }));
    const through = tf.grad((z: tf.Tensor) =>
      confidenceWeightedCE(z as tf.Tensor4D, lb, weightsOf(z as tf.Tensor4D), { ignoreIndex: 255 }),
    );
    const a = values(viaStop(logits()));
    const b = values(viaConst(logits()));
    a.forEach((v, i) => {
      expect(v).toBeCloseTo(b[i], 7);
    });
    expect(values(through(logits()))).not.toEqual(a); // without the stop the weights would move too
    tf.dispose([fixed, lb]);
  });

  it('identity forward, zero gradient: d/dx Σ stop(x)·x = x, not 2x', () => {
    const x = tf.tensor1d([1, -2, 3]);
    expect(values(stopGradient(x))).toEqual([1, -2, 3]);
    expect(values(tf.grad((v: tf.Tensor) => tf.sum(tf.mul(stopGradient(v), v)))(x))).toEqual([1, -2, 3]);
  });
});

describe('confidence network losses (per pixel, labelled pixels only)', () => {
  const bce = (z: number, t: 0 | 1) => (t === 1 ? Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z)));

  it('hand values: real c = [0, ln3, −ln3, ·], fake c = [1, −1, 2, ·], the 4th pixel ignored', () => {
    const mask = labelledMask(labels(), 255);
    const fake = tf.tensor4d([1, -1, 2, 1000], [1, 2, 2, 1]);
    const parts = confidenceNetworkLoss(cLogits(), fake, mask);
    // real: mean(ln 2, ln(4/3), ln 4) — −log σ(c) = ln(1 + e^−c); fake: mean ln(1 + e^c)
    const real = (Math.LN2 + Math.log(4 / 3) + Math.log(4)) / 3;
    const fk = (bce(1, 0) + bce(-1, 0) + bce(2, 0)) / 3;
    expect(values(parts.real)[0]).toBeCloseTo(real, 5);
    expect(values(parts.fake)[0]).toBeCloseTo(fk, 5);
    expect(values(parts.total)[0]).toBeCloseTo(real + fk, 5);
    // segmenter's adversarial term: mean over labelled pixels of −log σ(c_fake)
    const adv = (bce(1, 1) + bce(-1, 1) + bce(2, 1)) / 3;
    expect(values(pixelNonSaturatingLoss(fake, mask))[0]).toBeCloseTo(adv, 5);
    tf.dispose([mask, fake]);
  });

  it('leaks no tensors', () => {
    const c = cLogits();
    const lg = logits();
    const lb = labels();
    const before = tf.memory().numTensors;
    const w = confidenceWeights(c, 2);
    tf.dispose([w, confidenceWeightedCE(lg, lb, w, { ignoreIndex: 255 }), stopGradient(c)]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([c, lg, lb]);
  });
});
