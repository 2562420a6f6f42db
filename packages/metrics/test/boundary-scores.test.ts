import { describe, expect, it } from 'vitest';
import { bfScore, surfaceDice } from '../src/boundary/index.js';
import { pixels } from './boundary-helpers.js';

// 1×12 row: pred columns {0,1,2,3,10}, truth {0,1,2,3}; pred→truth = [0,0,0,0,7], truth→pred = [0,0,0,0]
const pred = pixels(
  [1, 12],
  [
    [0, 0],
    [0, 1],
    [0, 2],
    [0, 3],
    [0, 10],
  ],
);
const truth = pixels(
  [1, 12],
  [
    [0, 0],
    [0, 1],
    [0, 2],
    [0, 3],
  ],
);

describe('BF-score and normalized surface Dice (hand-computed)', () => {
  it('default τ = 2 px: P = 4/5, R = 1 → BF = 8/9; NSD = (4 + 4)/9', () => {
    expect(bfScore(pred, truth)).toBeCloseTo((2 * 0.8 * 1) / 1.8, 12);
    expect(surfaceDice(pred, truth)).toBeCloseTo(8 / 9, 12);
  });

  it("τ = 7: matched when distance ≤ τ (default) gives 1; strictly '<' (the gambling paper's eq. 9) gives 8/9", () => {
    expect(bfScore(pred, truth, { tolerance: 7 })).toBe(1);
    expect(surfaceDice(pred, truth, { tolerance: 7 })).toBe(1);
    expect(bfScore(pred, truth, { tolerance: 7, comparison: '<' })).toBeCloseTo(8 / 9, 12);
    expect(surfaceDice(pred, truth, { tolerance: 7, comparison: '<' })).toBeCloseTo(8 / 9, 12);
  });

  it('BF and NSD weigh the two directions differently (long pred boundary, short truth boundary)', () => {
    // 1×20 row: pred {0..9}, truth {0}; pred→truth = 0..9, truth→pred = [0]; τ = 2 → 3 of 10 matched
    const p = pixels(
      [1, 20],
      Array.from({ length: 10 }, (_, c) => [0, c]),
    );
    const g = pixels([1, 20], [[0, 0]]);
    // BF: P = 3/10, R = 1 → 2·0.3/1.3; NSD: (3 + 1) / (10 + 1)
    expect(bfScore(p, g)).toBeCloseTo(0.6 / 1.3, 12);
    expect(surfaceDice(p, g)).toBeCloseTo(4 / 11, 12);
  });

  it('a pixel exactly τ away is matched despite floating-point rounding of (Δ·spacing)²', () => {
    // spacing 1.1, Δ = (3, 4): the EDT gives √(9·1.1² + 16·1.1²) = 5.500000000000001, τ = 5.5
    const p = pixels([4, 5], [[0, 0]]);
    const g = pixels([4, 5], [[3, 4]]);
    expect(bfScore(p, g, { spacing: 1.1, tolerance: 5.5 })).toBe(1);
    expect(surfaceDice(p, g, { spacing: 1.1, tolerance: 5.5 })).toBe(1);
    expect(bfScore(p, g, { spacing: 1.1, tolerance: 5.5, comparison: '<' })).toBe(0);
    // spacing 0.3, 3 columns apart: distance 0.9, τ written as 3 · 0.3 = 0.8999999999999999
    const row = (c: number) => pixels([1, 5], [[0, c]]);
    expect(surfaceDice(row(0), row(3), { spacing: 0.3, tolerance: 3 * 0.3 })).toBe(1);
  });

  it('default τ is 2·min(spacing): 2 px on isotropic grids, 2 units along the finest axis otherwise', () => {
    const row = (c: number) => pixels([2, 5], [[0, c]]);
    expect(bfScore(row(0), row(2))).toBe(1);
    expect(bfScore(row(0), row(3))).toBe(0);
    // spacing [3, 1]: τ = 2, the pixel 3 columns away (distance 3) is not matched, one row away (distance 3) neither
    expect(bfScore(row(0), row(3), { spacing: [3, 1] })).toBe(0);
    expect(bfScore(pixels([2, 5], [[0, 0]]), pixels([2, 5], [[1, 0]]), { spacing: [3, 1] })).toBe(0);
    expect(bfScore(row(0), row(3), { spacing: [3, 1], tolerance: 3 })).toBe(1);
    // spacing 0.5 everywhere: τ = 1, two columns away (distance 1) is matched
    expect(surfaceDice(row(0), row(2), { spacing: 0.5 })).toBe(1);
  });

  it('τ = 0 counts only coinciding boundary pixels; identical masks score 1', () => {
    expect(surfaceDice(pred, truth, { tolerance: 0 })).toBeCloseTo(8 / 9, 12);
    expect(bfScore(truth, truth, { tolerance: 0 })).toBe(1);
    expect(surfaceDice(truth, truth, { tolerance: 0 })).toBe(1);
  });

  it('3D two voxels √61 apart with spacing [2, 1, 1]: matched only when τ ≥ √61', () => {
    const a = pixels([3, 4, 7], [[0, 0, 0]]);
    const b = pixels([3, 4, 7], [[2, 3, 6]]);
    expect(bfScore(a, b, { spacing: [2, 1, 1], tolerance: 7.8 })).toBe(0); // √61 ≈ 7.81 > 7.8
    expect(bfScore(a, b, { spacing: [2, 1, 1], tolerance: 7.82 })).toBe(1);
    expect(surfaceDice(a, b, { spacing: [2, 1, 1], tolerance: 7.82 })).toBe(1);
  });
});
