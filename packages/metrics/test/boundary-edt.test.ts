import { Rng } from '@seg/core';
import { describe, expect, it } from 'vitest';
import { distanceTransform } from '../src/boundary/index.js';
import { bruteDistance, pixels, randomMask } from './boundary-helpers.js';

function expectClose(got: Float64Array, want: Float64Array) {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    if (want[i] === Number.POSITIVE_INFINITY) expect(got[i]).toBe(Number.POSITIVE_INFINITY);
    else expect(Math.abs(got[i] - want[i])).toBeLessThan(1e-9);
  }
}

describe('distanceTransform (exact EDT)', () => {
  it('single feature pixel: distance = ‖Δ·spacing‖ (closed form)', () => {
    const m = pixels([4, 6], [[1, 2]]);
    const d = distanceTransform(m, { spacing: [2, 1] });
    expect(d.shape).toEqual([4, 6]);
    // pixel (3, 5): Δ = (2, 3) → √((2·2)² + 3²) = 5
    expect(d.data[3 * 6 + 5]).toBeCloseTo(5, 12);
    expect(d.data[1 * 6 + 2]).toBe(0);
    // squared output: (0·2)² + (0 − 2)² = 4 at pixel (1, 0)
    expect(distanceTransform(m, { spacing: [2, 1], output: 'squared' }).data[6]).toBe(4);
  });

  it('matches brute force on random 2D masks, anisotropic spacing, both targets', () => {
    const rng = new Rng(11);
    for (let trial = 0; trial < 20; trial++) {
      const m = randomMask(rng, [7, 9], 0.15);
      const spacing = [0.5 + rng.next() * 2, 0.5 + rng.next() * 2];
      expectClose(distanceTransform(m, { spacing }).data, bruteDistance(m, spacing, 1));
      expectClose(distanceTransform(m, { spacing, to: 'background' }).data, bruteDistance(m, spacing, 0));
    }
  });

  it('matches brute force on random 3D masks, anisotropic spacing', () => {
    const rng = new Rng(12);
    for (let trial = 0; trial < 10; trial++) {
      const m = randomMask(rng, [4, 5, 6], 0.1);
      const spacing = [2.5, 1, 0.7];
      expectClose(distanceTransform(m, { spacing }).data, bruteDistance(m, spacing, 1));
      expectClose(distanceTransform(m, { spacing, to: 'background' }).data, bruteDistance(m, spacing, 0));
    }
  });

  it('no target pixel gives Infinity everywhere; a single-row image works', () => {
    const empty = pixels([3, 3], []);
    expect(Array.from(distanceTransform(empty).data)).toEqual(new Array(9).fill(Number.POSITIVE_INFINITY));
    // 1×5 row, feature at column 4, spacing 0.5 along columns: distances 2, 1.5, 1, 0.5, 0
    expect(Array.from(distanceTransform(pixels([1, 5], [[0, 4]]), { spacing: [1, 0.5] }).data)).toEqual([2, 1.5, 1, 0.5, 0]);
  });

  it('one number as spacing applies to every axis', () => {
    const m = pixels([2, 2, 2], [[0, 0, 0]]);
    // corner to corner: √3 · 3
    expect(distanceTransform(m, { spacing: 3 }).data[7]).toBeCloseTo(3 * Math.sqrt(3), 12);
  });
});
