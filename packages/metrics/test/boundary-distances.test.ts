import { describe, expect, it } from 'vitest';
import { assd, averageSurfaceDistance, chamfer, directedHausdorff, hausdorff, hd95, surfaceDistances } from '../src/boundary/index.js';
import { m2, pixels } from './boundary-helpers.js';

describe('surface distances, Hausdorff, HD95, ASD, ASSD (hand-computed)', () => {
  it('two single pixels: every distance metric is their Euclidean distance × spacing', () => {
    const p = pixels([6, 7], [[1, 1]]);
    const g = pixels([6, 7], [[4, 5]]);
    // Δ = (3, 4): 5 with unit spacing; √((3·2)² + 4²) = √52 with spacing [2, 1]
    for (const [spacing, d] of [
      [[1, 1], 5],
      [[2, 1], Math.sqrt(52)],
    ] as const) {
      expect(hausdorff(p, g, { spacing })).toBeCloseTo(d, 12);
      expect(hd95(p, g, { spacing })).toBeCloseTo(d, 12);
      expect(assd(p, g, { spacing })).toBeCloseTo(d, 12);
      expect(averageSurfaceDistance(p, g, { spacing })).toBeCloseTo(d, 12);
    }
  });

  // 1×12 row (every foreground pixel is boundary): pred columns {0,1,2,3,10}, truth {0,1,2,3}.
  // pred→truth = [0,0,0,0,7] (10 → 3), truth→pred = [0,0,0,0].
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

  it('HD95 pooled (medpy) and maxOfDirected (MONAI) differ: 4.2 vs 5.6 (numpy linear percentile by hand)', () => {
    const d = surfaceDistances(pred, truth);
    expect(Array.from(d.predToTruth)).toEqual([0, 0, 0, 0, 7]);
    expect(Array.from(d.truthToPred)).toEqual([0, 0, 0, 0]);
    // pooled: 9 values, 8 zeros then 7; position 0.95·8 = 7.6 → 0 + 0.6·7 = 4.2
    expect(hd95(pred, truth)).toBeCloseTo(4.2, 12);
    expect(hd95(pred, truth, { hd95: 'pooled' })).toBeCloseTo(4.2, 12);
    // maxOfDirected: pred→truth position 0.95·4 = 3.8 → 0.8·7 = 5.6; truth→pred 0; max 5.6
    expect(hd95(pred, truth, { hd95: 'maxOfDirected' })).toBeCloseTo(5.6, 12);
    expect(hausdorff(pred, truth, { percentile: 95, hd95: 'maxOfDirected' })).toBeCloseTo(5.6, 12);
    // percentile 100: both are the maximum, 7
    expect(hausdorff(pred, truth)).toBe(7);
    expect(hausdorff(pred, truth, { hd95: 'maxOfDirected' })).toBe(7);
    // spacing 0.5 along columns halves everything
    expect(hd95(pred, truth, { spacing: [1, 0.5] })).toBeCloseTo(2.1, 12);
  });

  it('ASSD meanOfDirected (medpy, Chamfer) = 0.7 vs pooled (MONAI) = 7/9; ASD is directed', () => {
    expect(assd(pred, truth)).toBeCloseTo(0.7, 12); // (7/5 + 0/4) / 2
    expect(chamfer(pred, truth)).toBeCloseTo(0.7, 12);
    expect(assd(pred, truth, { assd: 'pooled' })).toBeCloseTo(7 / 9, 12); // (7 + 0) / (5 + 4)
    expect(averageSurfaceDistance(pred, truth)).toBeCloseTo(1.4, 12); // 7 / 5
    expect(averageSurfaceDistance(truth, pred)).toBe(0);
    expect(directedHausdorff(pred, truth)).toBe(7);
    expect(directedHausdorff(truth, pred)).toBe(0);
    expect(directedHausdorff(pred, truth, { percentile: 50 })).toBe(0);
  });

  it('two components: the missed one dominates (2D, hand count)', () => {
    // truth: 2×2 squares at rows 1–2, columns 1–2 and 6–7; pred: the first one only
    const g = pixels(
      [5, 10],
      [
        [1, 1],
        [1, 2],
        [2, 1],
        [2, 2],
        [1, 6],
        [1, 7],
        [2, 6],
        [2, 7],
      ],
    );
    const p = pixels(
      [5, 10],
      [
        [1, 1],
        [1, 2],
        [2, 1],
        [2, 2],
      ],
    );
    // truth→pred: 0,0,0,0 and the far square 4, 5, 4, 5 (to column 2); pred→truth all 0
    expect(hausdorff(p, g)).toBe(5);
    expect(assd(p, g)).toBeCloseTo((0 + 18 / 8) / 2, 12);
    expect(assd(p, g, { assd: 'pooled' })).toBeCloseTo(18 / 12, 12);
    // pooled HD95: 12 values [0×8, 4, 4, 5, 5], position 0.95·11 = 10.45 → 5
    expect(hd95(p, g)).toBe(5);
  });

  it('a ring with a hole against the filled square: only the 4 inner-boundary pixels are 1 away', () => {
    const ring = m2([
      [0, 0, 0, 0, 0, 0, 0],
      [0, 1, 1, 1, 1, 1, 0],
      [0, 1, 1, 1, 1, 1, 0],
      [0, 1, 1, 0, 1, 1, 0],
      [0, 1, 1, 1, 1, 1, 0],
      [0, 1, 1, 1, 1, 1, 0],
      [0, 0, 0, 0, 0, 0, 0],
    ]);
    const filled = m2([
      [0, 0, 0, 0, 0, 0, 0],
      [0, 1, 1, 1, 1, 1, 0],
      [0, 1, 1, 1, 1, 1, 0],
      [0, 1, 1, 1, 1, 1, 0],
      [0, 1, 1, 1, 1, 1, 0],
      [0, 1, 1, 1, 1, 1, 0],
      [0, 0, 0, 0, 0, 0, 0],
    ]);
    // truth boundary: 16 outer (0 away) + 4 inner (1 away from the outer ring); pred boundary: 16 outer (0 away)
    expect(hausdorff(filled, ring)).toBe(1);
    expect(assd(filled, ring)).toBeCloseTo((0 + 4 / 20) / 2, 12);
    expect(assd(filled, ring, { assd: 'pooled' })).toBeCloseTo(4 / 36, 12);
    expect(averageSurfaceDistance(ring, filled)).toBeCloseTo(4 / 20, 12);
  });

  it('masks touching the image border: the image edge is boundary (hand count)', () => {
    const p = m2([
      [1, 1, 1, 1],
      [1, 1, 1, 1],
      [1, 1, 1, 1],
    ]);
    const g = m2([
      [1, 1, 0, 0],
      [1, 1, 0, 0],
      [1, 1, 0, 0],
    ]);
    // pred boundary = 10 edge pixels; to truth (all 6 of its pixels are boundary): rows 0 and 2 give 0,0,1,2, row 1 gives 0 and 2
    // truth boundary: all 0 away except (1,1), 1 away from the pred edge
    const d = surfaceDistances(p, g);
    expect(Array.from(d.predToTruth)).toEqual([0, 0, 1, 2, 0, 2, 0, 0, 1, 2]);
    expect(Array.from(d.truthToPred)).toEqual([0, 0, 0, 1, 0, 0]);
    expect(hausdorff(p, g)).toBe(2);
    expect(assd(p, g)).toBeCloseTo((8 / 10 + 1 / 6) / 2, 12);
  });

  it('3D: two voxels (closed form), and a 3×3×3 cube shifted by one voxel (hand count)', () => {
    const a = pixels([3, 4, 7], [[0, 0, 0]]);
    const b = pixels([3, 4, 7], [[2, 3, 6]]);
    expect(hausdorff(a, b)).toBeCloseTo(7, 12); // √(2² + 3² + 6²)
    expect(hausdorff(a, b, { spacing: [2, 1, 1] })).toBeCloseTo(Math.sqrt(61), 12); // √(4² + 3² + 6²)
    const cube = (x0: number) => {
      const c: number[][] = [];
      for (let z = 1; z <= 3; z++) for (let y = 1; y <= 3; y++) for (let x = x0; x < x0 + 3; x++) c.push([z, y, x]);
      return pixels([5, 5, 6], c);
    };
    // each side: 26 boundary voxels, 10 of them 1 away (a 3×3 face + the other cube's centre position)
    expect(hausdorff(cube(2), cube(1))).toBe(1);
    expect(assd(cube(2), cube(1))).toBeCloseTo(10 / 26, 12);
    expect(assd(cube(2), cube(1), { assd: 'pooled' })).toBeCloseTo(20 / 52, 12);
    // anisotropic: the shift is along x (last axis); spacing 0.5 there halves the distances
    expect(hausdorff(cube(2), cube(1), { spacing: [3, 2, 0.5] })).toBe(0.5);
  });

  it("connectivity 'full' changes the boundary and so the distances (medpy asd doc example: cross vs 3×3 square)", () => {
    const cross = m2([
      [0, 1, 0],
      [1, 1, 1],
      [0, 1, 0],
    ]);
    const square = m2([
      [1, 1, 1],
      [1, 1, 1],
      [1, 1, 1],
    ]);
    // medpy: asd(cross, cube, connectivity=1) = 0.0, connectivity=2 → 0.2 (the centre becomes boundary, 1 away)
    expect(averageSurfaceDistance(cross, square)).toBe(0);
    expect(averageSurfaceDistance(cross, square, { connectivity: 'full' })).toBeCloseTo(0.2, 12);
  });
});
