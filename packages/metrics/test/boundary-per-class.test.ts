import { describe, expect, it } from 'vitest';
import {
  assd,
  assdPerClass,
  averageSurfaceDistancePerClass,
  bfScorePerClass,
  boundaryMetricsPerClass,
  hausdorff,
  hausdorffPerClass,
  hd95PerClass,
  surfaceDicePerClass,
} from '../src/boundary/index.js';
import { lm } from './helpers.js';

// 3 classes on a 4×6 grid. Class 1: pred column 0, truth column 1 (1 apart everywhere).
// Class 2: truth one pixel at (0, 5), pred none (missed).
const pred = lm([
  [1, 0, 0, 0, 0, 0],
  [1, 0, 0, 0, 0, 0],
  [1, 0, 0, 0, 0, 0],
  [1, 0, 0, 0, 0, 0],
]);
const truth = lm([
  [0, 1, 0, 0, 0, 2],
  [0, 1, 0, 0, 0, 0],
  [0, 1, 0, 0, 0, 0],
  [0, 1, 0, 0, 0, 0],
]);

describe('boundary metrics per class over label maps', () => {
  it('index = class; background skipped (NaN) unless includeBackground; a missed class follows the empty policy', () => {
    const hd = hausdorffPerClass(pred, truth, { numClasses: 3 });
    expect(hd[0]).toBeNaN();
    expect(hd[1]).toBe(1);
    expect(hd[2]).toBeNaN(); // empty prediction, 'nan'
    // 'diagonal' with spacing [2, 1]: √((4·2)² + 6²) = 10
    expect(hausdorffPerClass(pred, truth, { numClasses: 3, empty: 'diagonal', spacing: [2, 1] })).toEqual([Number.NaN, 1, 10]);
    expect(assdPerClass(pred, truth, { numClasses: 3 }).slice(1, 2)).toEqual([1]);
    expect(averageSurfaceDistancePerClass(pred, truth, { numClasses: 3 })[1]).toBe(1);
    expect(hd95PerClass(pred, truth, { numClasses: 3, hd95: 'maxOfDirected' })[1]).toBe(1);
    expect(bfScorePerClass(pred, truth, { numClasses: 3, tolerance: 0.5 })).toEqual([Number.NaN, 0, 0]);
    expect(surfaceDicePerClass(pred, truth, { numClasses: 3 })).toEqual([Number.NaN, 1, 0]);
  });

  it('a class equals the binary metric on its masks (background included on request)', () => {
    const bin = (m: { data: Int32Array; shape: readonly number[] }, k: number) => ({
      data: m.data.map((v) => (v === k ? 1 : 0)),
      shape: m.shape,
    });
    const all = hausdorffPerClass(pred, truth, { numClasses: 3, includeBackground: true });
    expect(all[0]).toBe(hausdorff(bin(pred, 0), bin(truth, 0)));
    expect(assdPerClass(pred, truth, { numClasses: 3, includeBackground: true, assd: 'pooled' })[0]).toBeCloseTo(
      assd(bin(pred, 0), bin(truth, 0), { assd: 'pooled' }),
      12,
    );
  });

  it('boundaryMetricsPerClass: every metric and the empty side per class', () => {
    const m = boundaryMetricsPerClass(pred, truth, { numClasses: 3, empty: 'zero-one' });
    expect(m[0].emptySide).toBe('not-computed');
    expect(m[0].hausdorff).toBeNaN();
    expect(m[1]).toEqual({ hausdorff: 1, hd95: 1, asd: 1, assd: 1, bfScore: 1, surfaceDice: 1, emptySide: 'none' });
    expect(m[2]).toEqual({
      hausdorff: Number.POSITIVE_INFINITY,
      hd95: Number.POSITIVE_INFINITY,
      asd: Number.POSITIVE_INFINITY,
      assd: Number.POSITIVE_INFINITY,
      bfScore: 0,
      surfaceDice: 0,
      emptySide: 'pred',
    });
  });

  it('truth pixels equal to ignoreIndex leave both masks', () => {
    // class 1 predicted over the ignored pixel (0, 2) too: without it, pred = column 0 + (0, 2)
    const p = lm([[1, 0, 1, 0]]);
    const t = lm([[1, 0, 255, 0]]);
    expect(hausdorffPerClass(p, t, { numClasses: 2 })[1]).toBe(0); // pred (0, 2) removed; else it would be 2 away
    expect(() => hausdorffPerClass(p, t, { numClasses: 2, ignoreIndex: -1 })).toThrow(
      "hausdorffPerClass: 'truth' must be class indices in [0, 1], got 255 at flat index 2.",
    );
  });

  it('3D label maps work per class', () => {
    const p = { data: Int32Array.from([1, 0, 0, 0, 0, 0, 0, 0]), shape: [2, 2, 2] };
    const t = { data: Int32Array.from([0, 0, 0, 0, 0, 0, 0, 1]), shape: [2, 2, 2] };
    expect(hausdorffPerClass(p, t, { numClasses: 2, spacing: [1, 2, 2] })[1]).toBeCloseTo(3, 12); // √(1 + 4 + 4)
  });
});
