import { crossEntropy } from '@seg/margin';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ceMeanReference, logSumExp, randomLabels, randomLogits, rows, softmax } from './reference.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// 2 images of 2×3 pixels, 3 classes: 12 pixels.
const N = 2;
const H = 2;
const W = 3;
const C = 3;
const P = N * H * W;
const logitValues = randomLogits(P * C, 1);
const labelValues = randomLabels(P, C, 2);

function inputs(labelData: ArrayLike<number> = labelValues, logitData: ArrayLike<number> = logitValues) {
  return {
    logits: tf.tensor4d(Float32Array.from(logitData), [N, H, W, C]),
    labels: tf.tensor3d(Int32Array.from(labelData), [N, H, W], 'int32'),
  };
}

function value(t: tf.Tensor): number {
  const v = t.dataSync()[0];
  t.dispose();
  return v;
}

describe('crossEntropy', () => {
  it('one pixel by hand: logits (2, 0, −1), label 0 gives log(e² + 1 + e⁻¹) − 2', () => {
    const loss = crossEntropy();
    const logits = tf.tensor4d([2, 0, -1], [1, 1, 1, 3]);
    const labels = tf.tensor3d([0], [1, 1, 1], 'int32');
    expect(value(loss(logits, labels))).toBeCloseTo(Math.log(Math.exp(2) + 1 + Math.exp(-1)) - 2, 6);
    tf.dispose([logits, labels]);
  });

  it('mean, sum and none match the closed form log Σ exp z − z_y computed in plain JS', () => {
    const { logits, labels } = inputs();
    const perPixel = rows(logitValues, C).map((z, i) => logSumExp(z) - z[labelValues[i]]);
    const sum = perPixel.reduce((a, b) => a + b, 0);
    expect(value(crossEntropy()(logits, labels))).toBeCloseTo(sum / P, 5);
    expect(value(crossEntropy({ reduction: 'sum' })(logits, labels))).toBeCloseTo(sum, 4);
    const none = crossEntropy({ reduction: 'none' })(logits, labels);
    expect(none.shape).toEqual([N, H, W]);
    for (const [i, v] of none.dataSync().entries()) expect(v).toBeCloseTo(perPixel[i], 5);
    tf.dispose([logits, labels, none]);
  });

  it('class weights follow PyTorch: Σ w[y]·ℓ / Σ w[y] (not divided by the pixel count)', () => {
    const classWeights = [0.2, 1, 3];
    const { logits, labels } = inputs();
    const expected = ceMeanReference(rows(logitValues, C), Array.from(labelValues), { classWeights });
    expect(value(crossEntropy({ classWeights })(logits, labels))).toBeCloseTo(expected, 5);
    tf.dispose([logits, labels]);
  });

  it('pixel weights multiply each term and the denominator', () => {
    const pixelWeights = Array.from({ length: P }, (_, i) => (i % 4) * 0.5);
    const { logits, labels } = inputs();
    const weights = tf.tensor3d(pixelWeights, [N, H, W]);
    const expected = ceMeanReference(rows(logitValues, C), Array.from(labelValues), { pixelWeights, classWeights: [1, 2, 0.5] });
    expect(value(crossEntropy({ classWeights: [1, 2, 0.5] })(logits, labels, weights))).toBeCloseTo(expected, 5);
    tf.dispose([logits, labels, weights]);
  });

  it('ignored pixels contribute nothing: changing their logits leaves the loss unchanged', () => {
    const ignored = Int32Array.from(labelValues, (y, i) => (i % 3 === 0 ? 255 : y));
    const changed = Float32Array.from(logitValues, (z, j) => (Math.floor(j / C) % 3 === 0 ? z * 50 + 7 : z));
    const a = inputs(ignored);
    const b = inputs(ignored, changed);
    const expected = ceMeanReference(rows(logitValues, C), Array.from(ignored));
    expect(value(crossEntropy()(a.logits, a.labels))).toBeCloseTo(expected, 5);
    expect(value(crossEntropy()(b.logits, b.labels))).toBeCloseTo(expected, 5);
    tf.dispose([a.logits, a.labels, b.logits, b.labels]);
  });

  it('gradient is softmax − onehot over the labeled-pixel count, and exactly 0 on ignored pixels', () => {
    const ignored = Int32Array.from(labelValues, (y, i) => (i === 4 ? 255 : y));
    const { logits, labels } = inputs(ignored);
    const grad = tf.grad((z: tf.Tensor4D) => crossEntropy()(z, labels))(logits);
    const g = grad.dataSync();
    const labeled = P - 1;
    rows(logitValues, C).forEach((z, i) => {
      const p = softmax(z);
      for (let k = 0; k < C; k++) {
        const expected = ignored[i] === 255 ? 0 : (p[k] - (k === ignored[i] ? 1 : 0)) / labeled;
        if (ignored[i] === 255) expect(Math.abs(g[i * C + k])).toBe(0);
        else expect(g[i * C + k]).toBeCloseTo(expected, 6);
      }
    });
    tf.dispose([logits, labels, grad]);
  });

  it('every pixel ignored: loss 0 and gradient 0, not NaN', () => {
    const { logits, labels } = inputs(new Int32Array(P).fill(255));
    const { value: v, grad } = tf.valueAndGrad((z: tf.Tensor4D) => crossEntropy()(z, labels))(logits);
    expect(value(v)).toBe(0);
    expect(Array.from(grad.dataSync()).every((x) => x === 0)).toBe(true);
    tf.dispose([logits, labels, grad]);
  });

  it('a better prediction gets a lower loss', () => {
    const hot = Float32Array.from({ length: P * C }, (_, j) => (j % C === labelValues[Math.floor(j / C)] ? 1 : -1));
    const scaled = (s: number) =>
      inputs(
        labelValues,
        hot.map((v) => v * s),
      );
    const weak = scaled(0.5);
    const strong = scaled(3);
    const wrong = scaled(-1);
    const loss = crossEntropy();
    const [lw, ls, lx] = [
      value(loss(weak.logits, weak.labels)),
      value(loss(strong.logits, strong.labels)),
      value(loss(wrong.logits, wrong.labels)),
    ];
    expect(ls).toBeLessThan(lw);
    expect(lw).toBeLessThan(lx);
    tf.dispose([weak.logits, weak.labels, strong.logits, strong.labels, wrong.logits, wrong.labels]);
  });

  it('parts() holds total, equal to the call', () => {
    const { logits, labels } = inputs();
    const parts = crossEntropy().parts(logits, labels);
    expect(Object.keys(parts)).toEqual(['total']);
    expect(value(parts.total)).toBeCloseTo(ceMeanReference(rows(logitValues, C), Array.from(labelValues)), 5);
    tf.dispose([logits, labels]);
  });

  it('leaks no tensors (call, parts, gradient)', () => {
    const { logits, labels } = inputs();
    const weights = tf.ones([N, H, W]) as tf.Tensor3D;
    const loss = crossEntropy({ classWeights: [1, 2, 3] });
    const before = tf.memory().numTensors;
    loss(logits, labels, weights).dispose();
    tf.dispose(Object.values(loss.parts(logits, labels, weights)));
    tf.grad((z: tf.Tensor4D) => loss(z, labels, weights))(logits).dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([logits, labels, weights]);
  });

  it('names the loss and argument in option errors', () => {
    expect(() => crossEntropy({ reduction: 'avg' as 'mean' })).toThrow(
      `crossEntropy: 'reduction' must be one of 'mean', 'sum', 'none', got "avg".`,
    );
    expect(() => crossEntropy({ classWeights: [1, -1] })).toThrow(/^crossEntropy: 'classWeights' must be one finite weight ≥ 0 per class/);
    expect(() => crossEntropy({ ignoreIndex: 0.5 })).toThrow("crossEntropy: 'ignoreIndex' must be an integer, got 0.5.");
    const { logits, labels } = inputs();
    expect(() => crossEntropy({ classWeights: [1, 2] })(logits, labels)).toThrow(
      "crossEntropy: 'classWeights' must be 3 values, one per class of 'logits', got 2 values.",
    );
    tf.dispose([logits, labels]);
  });
});
