import { SegConfigError, SegInputError, SegInternalError } from '@seg/core';
import { crossEntropy, defineLoss, reducePixels, softDice } from '@seg/margin';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function read(t: tf.Tensor): number {
  const v = t.dataSync()[0];
  t.dispose();
  return v;
}

// A toy loss whose per-pixel value is the label's logit: easy to reduce by hand.
const picked = (reduction: 'mean' | 'sum' | 'none' = 'mean') =>
  defineLoss(
    'picked',
    (logits, _labels, { oneHot }) => {
      const value = tf.sum(tf.mul(logits, oneHot), -1);
      return { total: tf.mul(value, 2), value, constant: tf.scalar(7) };
    },
    { reduction },
  );

describe('defineLoss', () => {
  // 1×2×2 pixels, 2 classes: picked logits are 1, 4, (ignored), 3.
  const logits = () => tf.tensor4d([1, 0, 0, 4, 9, 9, 3, 0], [1, 2, 2, 2]);
  const labels = () => tf.tensor3d([0, 1, 255, 0], [1, 2, 2], 'int32');

  it('reduces per-pixel parts with the mask and passes scalar parts through (hand count)', () => {
    const [z, y] = [logits(), labels()];
    // value: (1 + 4 + 3) / 3 labeled pixels; total = 2·value.
    expect(read(picked()(z, y))).toBeCloseTo(16 / 3, 6);
    expect(read(picked('sum')(z, y))).toBeCloseTo(16, 6);
    const parts = picked().parts(z, y);
    expect(Object.keys(parts)).toEqual(['total', 'value', 'constant']);
    expect([read(parts.total), read(parts.value), read(parts.constant)].map((v) => +v.toFixed(5))).toEqual([
      +(16 / 3).toFixed(5),
      +(8 / 3).toFixed(5),
      7,
    ]);
    const none = picked('none')(z, y);
    expect(Array.from(none.dataSync())).toEqual([2, 8, 0, 6]);
    tf.dispose([z, y, none]);
  });

  it("parts() of a 'none' loss are means, so logs always get scalars", () => {
    const [z, y] = [logits(), labels()];
    const parts = picked('none').parts(z, y);
    expect(parts.total.shape).toEqual([]);
    expect(read(parts.total)).toBeCloseTo(16 / 3, 6);
    tf.dispose([z, y, parts.value, parts.constant]);
  });

  it('reducePixels: mean divides by the summed weights; zero weight everywhere gives 0', () => {
    const values = tf.tensor3d([1, 2, 3, 4], [1, 2, 2]);
    const w = tf.tensor3d([0, 1, 1, 2], [1, 2, 2]);
    expect(read(reducePixels(values, w, 'mean'))).toBeCloseTo((2 + 3 + 8) / 4, 6);
    expect(read(reducePixels(values, tf.zerosLike(w), 'mean'))).toBe(0);
    tf.dispose([values, w]);
  });

  it('checkLabels names the first out-of-range label', () => {
    const z = logits();
    const y = tf.tensor3d([0, 1, 255, 2], [1, 2, 2], 'int32');
    expect(() => crossEntropy({ checkLabels: true })(z, y)).toThrow(
      "crossEntropy: 'labels' must be class indices in [0, 1] or 255 (ignored), got 2 at flat index 3. Raise numClasses, or remap the label values.",
    );
    expect(() => crossEntropy()(z, y)).not.toThrow();
    tf.dispose([z, y]);
  });

  it('input errors name the loss, the argument, expected and got', () => {
    const z = tf.zeros([2, 64, 64, 3]) as tf.Tensor4D;
    const good = tf.zeros([2, 64, 64], 'int32') as tf.Tensor3D;
    const bad = tf.zeros([2, 64, 60], 'int32') as tf.Tensor3D;
    const floatLabels = tf.zeros([2, 64, 64]) as tf.Tensor3D;
    const rank3 = tf.zeros([64, 64, 3]) as unknown as tf.Tensor4D;
    const oneClass = tf.zeros([2, 64, 64, 1]) as tf.Tensor4D;
    const badWeights = tf.ones([2, 64, 60]) as tf.Tensor3D;
    const ce = crossEntropy();
    expect(() => ce(z, bad)).toThrow("crossEntropy: 'labels' must be 2×64×64 like 'logits', got 2×64×60. Both must cover the same pixels.");
    expect(() => ce(z, floatLabels)).toThrow(/^crossEntropy: 'labels' must be int32, got float32\. Cast with/);
    expect(() => ce(rank3, good)).toThrow(
      "crossEntropy: 'logits' must be of rank 4, got rank 3 (64×64×3). Logits are N×H×W×C, channels-last.",
    );
    expect(() => ce(oneClass, good)).toThrow(/^crossEntropy: 'logits' must be N×H×W×C with C ≥ 2 classes/);
    expect(() => ce(z, good, badWeights)).toThrow("crossEntropy: 'weights' must be 2×64×64 like 'logits', got 2×64×60.");
    expect(() => softDice()(z, bad)).toThrow(/^softDice: 'labels' must be 2×64×64/);
    tf.dispose([z, good, bad, floatLabels, rank3, oneClass, badWeights]);
  });

  it("an image-level loss refuses reduction 'none'; a malformed part is an internal error", () => {
    const [z, y] = [logits(), labels()];
    const imageLevel = defineLoss('imageLevel', () => ({ total: tf.scalar(1) }), { reduction: 'none' });
    expect(() => imageLevel(z, y)).toThrow(SegConfigError);
    expect(() => imageLevel(z, y)).toThrow(/^imageLevel: 'reduction' must be 'mean' or 'sum' for this loss, got 'none'\./);
    const malformed = defineLoss('malformed', (l) => ({ total: tf.sum(l, -1, true) }));
    expect(() => malformed(z, y)).toThrow(SegInternalError);
    expect(() => malformed(z, y)).toThrow(/^malformed: part 'total' must be a scalar or 1×2×2 per-pixel map, got 1×2×2×1\./);
    tf.dispose([z, y]);
  });

  it('leaks no tensors when validation or compute throws', () => {
    const [z, y] = [logits(), labels()];
    const outOfRange = tf.tensor3d([0, 0, 0, 5], [1, 2, 2], 'int32');
    const before = tf.memory().numTensors;
    expect(() => defineLoss('malformed', (l) => ({ total: tf.sum(l, -1, true) }))(z, y)).toThrow(SegInternalError);
    expect(() => crossEntropy({ checkLabels: true })(z, outOfRange)).toThrow(SegInputError);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([z, y, outOfRange]);
  });
});
