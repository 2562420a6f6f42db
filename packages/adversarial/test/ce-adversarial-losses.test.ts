import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  bceWithLogits,
  criticInput,
  discriminatorLoss,
  nonSaturatingLoss,
  realClassMap,
  scaledClassMap,
} from '../src/ce-adversarial/index.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Independent plain-JS BCE of one logit: −t·log σ(z) − (1 − t)·log(1 − σ(z)), in float64. */
const bce = (z: number, t: 0 | 1) => -(t * Math.log(1 / (1 + Math.exp(-z))) + (1 - t) * Math.log(1 - 1 / (1 + Math.exp(-z))));
const value = (t: tf.Tensor) => {
  const v = Array.from(t.dataSync());
  t.dispose();
  return v;
};

describe('bceWithLogits', () => {
  it('hand values: z = 0 → ln 2 for either target; z = 2, t = 1 → ln(1 + e^−2) = 0.126928; z = 3, t = 0 → 3.048587', () => {
    const got = value(bceWithLogits(tf.tensor1d([0, 0, 2, 3]), 1));
    expect(got[0]).toBeCloseTo(Math.LN2, 6);
    expect(got[2]).toBeCloseTo(0.126928, 6);
    const zero = value(bceWithLogits(tf.tensor1d([0, 3, -1]), 0));
    expect(zero[0]).toBeCloseTo(Math.LN2, 6);
    expect(zero[1]).toBeCloseTo(3.048587, 6);
    expect(zero[2]).toBeCloseTo(bce(-1, 0), 6); // ln(1 + e^−1) = 0.313262
  });

  it('stays finite for large logits: BCE(100, 0) = BCE(−100, 1) = 100 (the naive log(1 − σ) is −∞)', () => {
    expect(value(bceWithLogits(tf.tensor1d([100]), 0))[0]).toBeCloseTo(100, 4);
    expect(value(bceWithLogits(tf.tensor1d([-100]), 1))[0]).toBeCloseTo(100, 4);
    expect(value(bceWithLogits(tf.tensor1d([100]), 1))[0]).toBeCloseTo(0, 6);
  });
});

describe('discriminatorLoss (Luc et al.: BCE(real, 1) + BCE(fake, 0))', () => {
  it('hand logits: real [2, 0], fake [−1, 3] → real 0.410038, fake 1.680925, total 2.090963', () => {
    const parts = discriminatorLoss(tf.tensor2d([[2], [0]]), tf.tensor2d([[-1], [3]]));
    const real = (bce(2, 1) + bce(0, 1)) / 2; // (0.126928 + 0.693147) / 2
    const fake = (bce(-1, 0) + bce(3, 0)) / 2; // (0.313262 + 3.048587) / 2
    expect(real).toBeCloseTo(0.410038, 5);
    expect(fake).toBeCloseTo(1.680925, 5);
    expect(value(parts.real)[0]).toBeCloseTo(real, 5);
    expect(value(parts.fake)[0]).toBeCloseTo(fake, 5);
    expect(value(parts.total)[0]).toBeCloseTo(real + fake, 5);
  });

  it('a perfect discriminator (real ≫ 0, fake ≪ 0) has loss ≈ 0; the inverted one a large loss', () => {
    const good = discriminatorLoss(tf.tensor2d([[20]]), tf.tensor2d([[-20]]));
    const bad = discriminatorLoss(tf.tensor2d([[-20]]), tf.tensor2d([[20]]));
    expect(value(good.total)[0]).toBeCloseTo(0, 6);
    expect(value(bad.total)[0]).toBeCloseTo(40, 4);
    tf.dispose([good.real, good.fake, bad.real, bad.fake]);
  });
});

describe('nonSaturatingLoss (segmenter: −log D(x, s))', () => {
  it('hand logits [−1, 3]: mean(ln(1 + e^1), ln(1 + e^−3)) = (1.313262 + 0.048587) / 2 = 0.680924', () => {
    expect(value(nonSaturatingLoss(tf.tensor2d([[-1], [3]])))[0]).toBeCloseTo(0.680924, 5);
  });

  it('gradient w.r.t. the logit is σ(z) − 1 / N: large where D says fake (no saturation), unlike log(1 − D)', () => {
    const g = tf.grad((z: tf.Tensor) => nonSaturatingLoss(z))(tf.tensor2d([[-5], [0]]));
    const expected = [1 / (1 + Math.exp(5)) - 1, 0.5 - 1].map((v) => v / 2); // closed form σ(z) − 1, mean over 2
    const got = value(g);
    expect(got[0]).toBeCloseTo(expected[0], 6);
    expect(got[1]).toBeCloseTo(expected[1], 6);
  });
});

describe('critic inputs', () => {
  it('criticInput concatenates image and class map on channels', () => {
    const x = criticInput(tf.ones([1, 2, 2, 1]), tf.zeros([1, 2, 2, 2]));
    expect(x.shape).toEqual([1, 2, 2, 3]);
    expect(value(x).slice(0, 3)).toEqual([1, 0, 0]);
  });

  it('realClassMap: one-hot ground truth, the prediction on ignored pixels (255)', () => {
    const labels = tf.tensor3d(
      [
        [
          [0, 1],
          [255, 1],
        ],
      ],
      [1, 2, 2],
      'int32',
    );
    const probs = tf.tensor4d([0.9, 0.1, 0.2, 0.8, 0.3, 0.7, 0.6, 0.4], [1, 2, 2, 2]);
    const map = realClassMap(labels, probs, 255);
    expect(map.dtype).toBe('float32');
    expect(value(map).map((v) => Math.round(v * 10) / 10)).toEqual([1, 0, 0, 1, 0.3, 0.7, 0, 1]);
    tf.dispose([labels, probs]);
  });

  it("scaledClassMap (Luc et al.'s 'scaling', τ = 0.9): hand values per pixel", () => {
    // 3 classes, 1×1×3: s = (0.2, 0.5, 0.3), label 2 → ȳ₂ = max(0.9, 0.3) = 0.9, others s_c·0.1/0.7
    // another pixel s = (0.05, 0.9, 0.05), label 1 → ȳ₁ = max(0.9, 0.9) = 0.9, others 0.05·0.1/0.1 = 0.05 (s kept)
    // a third with label 0 and s = (0.95, 0.03, 0.02): ȳ₀ = 0.95 (> τ), the rest unchanged; the fourth ignored → s
    const probs = tf.tensor4d([0.2, 0.5, 0.3, 0.05, 0.9, 0.05, 0.95, 0.03, 0.02, 0.1, 0.6, 0.3], [1, 2, 2, 3]);
    const labels = tf.tensor3d(
      [
        [
          [2, 1],
          [0, 255],
        ],
      ],
      [1, 2, 2],
      'int32',
    );
    const got = value(scaledClassMap(labels, probs, 255, 0.9));
    const expected = [0.2 / 7, 0.5 / 7, 0.9, 0.05, 0.9, 0.05, 0.95, 0.03, 0.02, 0.1, 0.6, 0.3];
    expected.forEach((v, i) => {
      expect(got[i]).toBeCloseTo(v, 5);
    });
    tf.dispose([probs, labels]);
  });

  it('leaks no tensors', () => {
    const real = tf.tensor2d([[1]]);
    const before = tf.memory().numTensors;
    const parts = discriminatorLoss(real, real);
    tf.dispose([parts.total, parts.real, parts.fake]);
    tf.dispose(nonSaturatingLoss(real));
    expect(tf.memory().numTensors).toBe(before);
    real.dispose();
  });
});
