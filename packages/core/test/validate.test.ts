import {
  assertDivisible,
  assertDtype,
  assertFiniteArray,
  assertLabels,
  assertRank,
  assertSameShape,
  assertShape,
  describeShape,
} from '@seg/core';
import { describe, expect, it } from 'vitest';

describe('validators', () => {
  const t = { shape: [4, 128, 96, 1], dtype: 'float32' };
  it('describes shapes', () => {
    expect(describeShape([4, 128, 96, 1])).toBe('4×128×96×1');
    expect(describeShape([])).toBe('a scalar');
  });
  it('rank', () => {
    expect(() => assertRank(t, 4, 'f', 'x')).not.toThrow();
    expect(() => assertRank(t, [2, 3], 'f', 'x')).toThrow("f: 'x' must be of rank 2 or 3, got rank 4 (4×128×96×1).");
    expect(() => assertRank(42, 4, 'f', 'x')).toThrow("f: 'x' must be a tensor or array with a shape, got 42.");
  });
  it('shape with wildcards', () => {
    expect(() => assertShape(t, [null, 128, 96, 1], 'f', 'x')).not.toThrow();
    expect(() => assertShape(t, [null, 128, 128, 1], 'f', 'x')).toThrow("f: 'x' must be ?×128×128×1, got 4×128×96×1.");
  });
  it('same shape on leading axes', () => {
    expect(() => assertSameShape(t, { shape: [4, 128, 96] }, 'loss', 'logits', 'labels', 3)).not.toThrow();
    expect(() => assertSameShape(t, { shape: [4, 128, 95] }, 'loss', 'logits', 'labels', 3)).toThrow(
      "loss: 'labels' must be 4×128×96 like 'logits', got 4×128×95.",
    );
  });
  it('dtype', () => {
    expect(() => assertDtype(t, 'int32', 'loss', 'labels')).toThrow("loss: 'labels' must be int32, got float32.");
  });
  it('divisibility suggests the nearest valid size', () => {
    expect(() => assertDivisible([100, 64], 16, 'unet', 'inputShape')).toThrow(
      "unet: 'inputShape' must be divisible by 16, got 100×64. Crop or pad to 96×64, or lower the depth.",
    );
  });
  it('finite values name the first bad index', () => {
    expect(() => assertFiniteArray(new Float32Array([0, 1, Number.NaN]), 'f', 'image')).toThrow(
      "f: 'image' must be finite values, got NaN at flat index 2.",
    );
  });
  it('labels in range or ignored', () => {
    expect(() => assertLabels(new Int32Array([0, 1, 255]), 2, 'f', 'labels', 255)).not.toThrow();
    expect(() => assertLabels(new Int32Array([0, 2]), 2, 'f', 'labels')).toThrow(
      "f: 'labels' must be class indices in [0, 1], got 2 at flat index 1.",
    );
  });
});
