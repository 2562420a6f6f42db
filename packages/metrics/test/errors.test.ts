import { dice, iou, meanOverClasses, pixelAccuracy, precision, summarize } from '@seg/metrics';
import { describe, expect, it } from 'vitest';

const grid = (h: number, w: number, fill = 0) => ({ data: new Int32Array(h * w).fill(fill), shape: [h, w] });

describe('metric input errors', () => {
  it('different grids name both shapes', () => {
    expect(() => dice(grid(64, 64), grid(64, 60), { numClasses: 2 })).toThrow(
      "dice: 'truth' must be 64×64 like 'pred', got 64×60. Resample or crop the masks to one grid.",
    );
    expect(() => pixelAccuracy(grid(2, 2), grid(2, 3))).toThrow("pixelAccuracy: 'truth' must be 2×2 like 'pred', got 2×3.");
  });
  it('labels out of range name the argument, value and index', () => {
    const bad = grid(2, 2);
    bad.data[3] = 4;
    expect(() => iou(bad, grid(2, 2), { numClasses: 3 })).toThrow(
      "iou: 'pred' must be class indices in [0, 2], got 4 at flat index 3. Raise numClasses, or remap the label values.",
    );
    expect(() => dice(grid(2, 2), bad, { numClasses: 3 })).toThrow(
      "dice: 'truth' must be class indices in [0, 2] or 255 (ignored), got 4 at flat index 3.",
    );
    const neg = grid(1, 2);
    neg.data[0] = -1;
    expect(() => precision(grid(1, 2), neg, { numClasses: 2 })).toThrow(
      "precision: 'truth' must be class indices in [0, 1] or 255 (ignored), got -1",
    );
    const frac = { data: new Float32Array([0.5, 0]), shape: [1, 2] };
    expect(() => dice(frac, grid(1, 2), { numClasses: 2 })).toThrow(
      "dice: 'pred' must be class indices in [0, 1], got 0.5 at flat index 0.",
    );
  });
  it('numClasses < 2, bad empty policy, inconsistent data length', () => {
    expect(() => dice(grid(1, 1), grid(1, 1), { numClasses: 1 })).toThrow("dice: 'numClasses' must be an integer ≥ 2, got 1.");
    // @ts-expect-error: runtime check of an invalid option
    expect(() => dice(grid(1, 1), grid(1, 1), { numClasses: 2, empty: 'one' })).toThrow(
      "dice: 'empty' must be one of 'nan', 'zero-one', got \"one\".",
    );
    expect(() => dice({ data: new Int32Array(3), shape: [2, 2] }, grid(2, 2), { numClasses: 2 })).toThrow(
      "dice: 'pred' must be 4 values for shape 2×2, got 3. The data length must be the product of the shape.",
    );
    // @ts-expect-error: runtime check of a missing argument
    expect(() => dice(undefined, grid(1, 1), { numClasses: 2 })).toThrow(
      "dice: 'pred' must be a label map { data, shape }, got undefined.",
    );
    // @ts-expect-error: runtime check of a non-array
    expect(() => summarize(3)).toThrow("summarize: 'values' must be an array of numbers, got number.");
    // @ts-expect-error: runtime check of a non-array
    expect(() => meanOverClasses(null)).toThrow("meanOverClasses: 'values' must be an array of numbers, got null.");
  });
});
