import { describe, expect, it } from 'vitest';
import { assd, bfScore, boundaryMetrics, hausdorff, hd95, imageDiagonal, surfaceDice } from '../src/boundary/index.js';
import { pixels } from './boundary-helpers.js';

const shape = [6, 8];
const none = pixels(shape, []);
const one = pixels(shape, [[2, 3]]);
// diagonal of a 6×8 grid with spacing [0.5, 1]: √((6·0.5)² + 8²) = √73
const spacing = [0.5, 1];
const DIAG = Math.sqrt(73);

describe('empty policy of the boundary metrics', () => {
  it("'nan' (default): any empty side gives NaN for distances; scores are 0 with one side empty, NaN with both", () => {
    for (const [p, g] of [
      [none, one],
      [one, none],
      [none, none],
    ]) {
      expect(hausdorff(p, g)).toBeNaN();
      expect(hd95(p, g)).toBeNaN();
      expect(assd(p, g)).toBeNaN();
    }
    expect(bfScore(none, one)).toBe(0);
    expect(surfaceDice(one, none)).toBe(0);
    expect(bfScore(none, none)).toBeNaN();
    expect(surfaceDice(none, none)).toBeNaN();
  });

  it("'zero-one': both empty → distance 0, score 1; one empty → distance +Infinity, score 0", () => {
    expect(hausdorff(none, none, { empty: 'zero-one' })).toBe(0);
    expect(assd(none, none, { empty: 'zero-one' })).toBe(0);
    expect(bfScore(none, none, { empty: 'zero-one' })).toBe(1);
    expect(surfaceDice(none, none, { empty: 'zero-one' })).toBe(1);
    expect(hausdorff(none, one, { empty: 'zero-one' })).toBe(Number.POSITIVE_INFINITY);
    expect(hd95(one, none, { empty: 'zero-one' })).toBe(Number.POSITIVE_INFINITY);
    expect(bfScore(one, none, { empty: 'zero-one' })).toBe(0);
  });

  it("'diagonal': a missed (empty prediction) or spurious (empty truth) structure gets the image diagonal in physical units", () => {
    expect(imageDiagonal(shape, spacing)).toBeCloseTo(DIAG, 12);
    expect(hausdorff(none, one, { empty: 'diagonal', spacing })).toBeCloseTo(DIAG, 12);
    expect(assd(one, none, { empty: 'diagonal', spacing })).toBeCloseTo(DIAG, 12);
    expect(hd95(none, none, { empty: 'diagonal', spacing })).toBe(0);
    expect(surfaceDice(none, one, { empty: 'diagonal' })).toBe(0);
    expect(surfaceDice(none, none, { empty: 'diagonal' })).toBe(1);
    // 3D: 2×3×4 voxels of spacing 1 → √(4 + 9 + 16)
    expect(hausdorff(pixels([2, 3, 4], []), pixels([2, 3, 4], [[0, 0, 0]]), { empty: 'diagonal' })).toBeCloseTo(Math.sqrt(29), 12);
  });

  it('boundaryMetrics reports which side was empty', () => {
    expect(boundaryMetrics(none, one).emptySide).toBe('pred');
    expect(boundaryMetrics(one, none).emptySide).toBe('truth');
    expect(boundaryMetrics(none, none, { empty: 'zero-one' })).toEqual({
      hausdorff: 0,
      hd95: 0,
      asd: 0,
      assd: 0,
      bfScore: 1,
      surfaceDice: 1,
      emptySide: 'both',
    });
    expect(boundaryMetrics(one, one).emptySide).toBe('none');
  });
});
