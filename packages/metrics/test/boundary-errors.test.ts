import { describe, expect, it } from 'vitest';
import {
  assd,
  bfScore,
  boundary,
  boundaryMetrics,
  distanceTransform,
  hausdorff,
  hausdorffPerClass,
  hd95,
  surfaceDice,
  surfaceDistances,
} from '../src/boundary/index.js';

const grid = (shape: number[], fill = 0) => ({ data: new Uint8Array(shape.reduce((a, b) => a * b, 1)).fill(fill), shape });

describe('boundary metric input errors name the function and the argument', () => {
  it('different grids', () => {
    expect(() => hausdorff(grid([4, 4]), grid([4, 5]))).toThrow(
      "hausdorff: 'truth' must be 4×4 like 'pred', got 4×5. Resample or crop the masks to one grid.",
    );
    expect(() => surfaceDistances(grid([2, 2, 2]), grid([2, 2]))).toThrow("surfaceDistances: 'truth' must be 2×2×2 like 'pred', got 2×2.");
  });

  it('non-binary mask where binary is required (value and flat index), unless binary: nonzero', () => {
    const bad = { data: Int32Array.from([0, 1, 0, 2]), shape: [2, 2] };
    expect(() => hd95(bad, grid([2, 2], 1))).toThrow(
      "hd95: 'pred' must be a binary mask (0 or 1), got 2 at flat index 3. Select one class first (label === k), use the per-class variant, or pass binary: 'nonzero'.",
    );
    expect(() => assd(grid([2, 2], 1), { data: Float32Array.from([0, 0.5, 1, 1]), shape: [2, 2] })).toThrow(
      "assd: 'truth' must be a binary mask (0 or 1), got 0.5 at flat index 1.",
    );
    expect(hausdorff(bad, grid([2, 2], 1), { binary: 'nonzero' })).toBe(1);
  });

  it('spacing of the wrong length or not positive', () => {
    expect(() => hausdorff(grid([4, 4]), grid([4, 4]), { spacing: [1, 1, 1] })).toThrow(
      "hausdorff: 'spacing' must be 2 finite numbers > 0 (one per axis of 4×4) or one number, got [1, 1, 1].",
    );
    expect(() => bfScore(grid([2, 2, 2]), grid([2, 2, 2]), { spacing: [1, 0, 1] })).toThrow(
      "bfScore: 'spacing' must be 3 finite numbers > 0 (one per axis of 2×2×2) or one number, got [1, 0, 1].",
    );
    expect(() => distanceTransform(grid([2, 2]), { spacing: -1 })).toThrow("distanceTransform: 'spacing' must be 2 finite numbers > 0");
  });

  it('percentile outside [0, 100], tolerance < 0', () => {
    expect(() => hausdorff(grid([2, 2]), grid([2, 2]), { percentile: 101 })).toThrow(
      "hausdorff: 'percentile' must be a number in [0, 100], got 101.",
    );
    expect(() => bfScore(grid([2, 2]), grid([2, 2]), { tolerance: -1 })).toThrow(
      "bfScore: 'tolerance' must be a finite number ≥ 0, got -1.",
    );
    expect(() => surfaceDice(grid([2, 2]), grid([2, 2]), { tolerance: Number.NaN })).toThrow(
      "surfaceDice: 'tolerance' must be a finite number ≥ 0",
    );
  });

  it('unknown option values list the allowed ones', () => {
    // @ts-expect-error: runtime check of an invalid option
    expect(() => hausdorff(grid([2, 2]), grid([2, 2]), { empty: 'one' })).toThrow(
      "hausdorff: 'empty' must be one of 'nan', 'zero-one', 'diagonal', got \"one\".",
    );
    // @ts-expect-error: runtime check of an invalid option
    expect(() => hd95(grid([2, 2]), grid([2, 2]), { hd95: 'monai' })).toThrow("hd95: 'hd95' must be one of 'pooled', 'maxOfDirected'");
    // @ts-expect-error: runtime check of an invalid option
    expect(() => assd(grid([2, 2]), grid([2, 2]), { assd: 'mean' })).toThrow("assd: 'assd' must be one of 'pooled', 'meanOfDirected'");
    // @ts-expect-error: runtime check of an invalid option
    expect(() => boundary(grid([2, 2]), { connectivity: 8 })).toThrow("boundary: 'connectivity' must be one of 'cross', 'full', got 8.");
    // @ts-expect-error: runtime check of an invalid option
    expect(() => bfScore(grid([2, 2]), grid([2, 2]), { comparison: '=<' })).toThrow("bfScore: 'comparison' must be one of '<=', '<'");
  });

  it('rank other than 2 or 3, inconsistent data length, missing mask', () => {
    expect(() => boundary(grid([4]))).toThrow("boundary: 'mask' must be of rank 2 or 3, got rank 1 (4).");
    expect(() => boundaryMetrics(grid([1, 2, 2, 2]), grid([1, 2, 2, 2]))).toThrow(
      "boundaryMetrics: 'pred' must be of rank 2 or 3, got rank 4",
    );
    expect(() => hausdorff({ data: new Uint8Array(3), shape: [2, 2] }, grid([2, 2]))).toThrow(
      "hausdorff: 'pred' must be 4 values for shape 2×2, got 3.",
    );
    // @ts-expect-error: runtime check of a missing argument
    expect(() => hausdorff(grid([2, 2]), undefined)).toThrow("hausdorff: 'truth' must be a label map { data, shape }, got undefined.");
  });

  it('per class: labels out of range and numClasses, named like dice', () => {
    const p = { data: Int32Array.from([0, 3]), shape: [1, 2] };
    const t = { data: Int32Array.from([0, 1]), shape: [1, 2] };
    expect(() => hausdorffPerClass(p, t, { numClasses: 2 })).toThrow(
      "hausdorffPerClass: 'pred' must be class indices in [0, 1], got 3 at flat index 1.",
    );
    expect(() => hausdorffPerClass(t, t, { numClasses: 1 })).toThrow("hausdorffPerClass: 'numClasses' must be an integer ≥ 2, got 1.");
  });
});
