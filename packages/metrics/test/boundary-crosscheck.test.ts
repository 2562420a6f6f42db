import { Rng } from '@seg/core';
import { describe, expect, it } from 'vitest';
import { assd, averageSurfaceDistance, bfScore, boundaryMetrics, hausdorff, hd95, surfaceDice } from '../src/boundary/index.js';
import { naiveMetrics, randomMask } from './boundary-helpers.js';

/** Every metric against the naive all-pairs implementation in boundary-helpers.ts. */
function crossCheck(shape: number[], spacing: number[], seed: number, trials: number) {
  const rng = new Rng(seed);
  let checked = 0;
  for (let t = 0; t < trials; t++) {
    const pred = randomMask(rng, shape);
    const truth = randomMask(rng, shape);
    if (!pred.data.includes(1) || !truth.data.includes(1)) continue;
    for (const connectivity of ['cross', 'full'] as const) {
      const tau = 1.5 * Math.max(...spacing);
      const want = naiveMetrics(pred, truth, spacing, connectivity === 'full', tau);
      const o = { spacing, connectivity };
      expect(hausdorff(pred, truth, o)).toBeCloseTo(want.hausdorff, 9);
      expect(hd95(pred, truth, o)).toBeCloseTo(want.hd95Pooled, 9);
      expect(hd95(pred, truth, { ...o, hd95: 'maxOfDirected' })).toBeCloseTo(want.hd95MaxOfDirected, 9);
      expect(averageSurfaceDistance(pred, truth, o)).toBeCloseTo(want.asd, 9);
      expect(assd(pred, truth, o)).toBeCloseTo(want.assdMeanOfDirected, 9);
      expect(assd(pred, truth, { ...o, assd: 'pooled' })).toBeCloseTo(want.assdPooled, 9);
      expect(bfScore(pred, truth, { ...o, tolerance: tau })).toBeCloseTo(want.bf, 9);
      expect(surfaceDice(pred, truth, { ...o, tolerance: tau })).toBeCloseTo(want.nsd, 9);
      const all = boundaryMetrics(pred, truth, { ...o, tolerance: tau });
      expect(all.hausdorff).toBeCloseTo(want.hausdorff, 9);
      expect(all.assd).toBeCloseTo(want.assdMeanOfDirected, 9);
      expect(all.surfaceDice).toBeCloseTo(want.nsd, 9);
      checked++;
    }
  }
  expect(checked).toBeGreaterThan(trials);
}

describe('EDT-based metrics = naive all-pairs on random masks', () => {
  it('2D 12×15, anisotropic spacing [1.5, 0.8]', () => crossCheck([12, 15], [1.5, 0.8], 21, 25));
  it('2D 9×9, unit spacing', () => crossCheck([9, 9], [1, 1], 22, 25));
  it('3D 5×6×7, anisotropic spacing [2.5, 1, 0.6]', () => crossCheck([5, 6, 7], [2.5, 1, 0.6], 23, 12));
});
