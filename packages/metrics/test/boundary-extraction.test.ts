import { describe, expect, it } from 'vitest';
import { boundary } from '../src/boundary/index.js';
import { m2, pixels } from './boundary-helpers.js';

const RING = m2([
  [0, 0, 0, 0, 0, 0, 0],
  [0, 1, 1, 1, 1, 1, 0],
  [0, 1, 1, 1, 1, 1, 0],
  [0, 1, 1, 0, 1, 1, 0],
  [0, 1, 1, 1, 1, 1, 0],
  [0, 1, 1, 1, 1, 1, 0],
  [0, 0, 0, 0, 0, 0, 0],
]);

const rows = (b: { data: Uint8Array; shape: readonly number[] }) =>
  Array.from({ length: b.shape[0] }, (_, r) => Array.from(b.data.subarray(r * b.shape[1], (r + 1) * b.shape[1])));

describe('boundary (mask AND NOT erosion, outside = background)', () => {
  it('a ring with a hole has an outer and an inner boundary (cross: 16 + 4 pixels, hand count)', () => {
    expect(rows(boundary(RING))).toEqual([
      [0, 0, 0, 0, 0, 0, 0],
      [0, 1, 1, 1, 1, 1, 0],
      [0, 1, 0, 1, 0, 1, 0],
      [0, 1, 1, 0, 1, 1, 0],
      [0, 1, 0, 1, 0, 1, 0],
      [0, 1, 1, 1, 1, 1, 0],
      [0, 0, 0, 0, 0, 0, 0],
    ]);
  });

  it("connectivity 'full' (3×3 square) also marks the hole's diagonal neighbours: every one of the 24 pixels", () => {
    const b = boundary(RING, { connectivity: 'full' });
    expect(Array.from(b.data)).toEqual(Array.from(RING.data));
  });

  it('a single pixel is its own boundary', () => {
    expect(Array.from(boundary(pixels([3, 3], [[1, 1]])).data)).toEqual([0, 0, 0, 0, 1, 0, 0, 0, 0]);
  });

  it('a mask touching the border: pixels on the image edge are boundary (outside is background)', () => {
    const full = m2([
      [1, 1, 1, 1],
      [1, 1, 1, 1],
      [1, 1, 1, 1],
    ]);
    expect(rows(boundary(full))).toEqual([
      [1, 1, 1, 1],
      [1, 0, 0, 1],
      [1, 1, 1, 1],
    ]);
  });

  it('3D: a 3×3×3 cube has 26 boundary voxels (all but the centre) with the 6-neighbour cross', () => {
    const coords: number[][] = [];
    for (let z = 1; z <= 3; z++) for (let y = 1; y <= 3; y++) for (let x = 1; x <= 3; x++) coords.push([z, y, x]);
    const b = boundary(pixels([5, 5, 5], coords));
    expect(b.data.reduce((s, v) => s + v, 0)).toBe(26);
    expect(b.data[2 * 25 + 2 * 5 + 2]).toBe(0);
    expect(boundary(pixels([5, 5, 5], coords), { connectivity: 'full' }).data.reduce((s, v) => s + v, 0)).toBe(26);
  });

  it("binary: 'nonzero' reads any non-zero value as foreground (medpy)", () => {
    const b = boundary({ data: Int32Array.from([0, 7, -2, 0]), shape: [2, 2] }, { binary: 'nonzero' });
    expect(Array.from(b.data)).toEqual([0, 1, 1, 0]);
  });
});
