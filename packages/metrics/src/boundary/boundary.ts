/**
 * Boundary (surface) pixels of a binary mask: mask AND NOT erosion(mask), with pixels outside the image
 * counted as background — a foreground pixel is on the boundary when one of its neighbours under the
 * structuring element is background or lies outside the image. `'cross'` (default) = 4 neighbours in 2D,
 * 6 in 3D (medpy `connectivity=1`, MONAI `get_mask_edges`: scipy `binary_erosion` with its default cross
 * and border value 0); `'full'` = the 3×3 square (8) / 3×3×3 cube (26), a thicker boundary.
 */
import type { LabelLike } from '../grid.js';
import { assertCommonOptions, assertMask, type BinaryMode, type Connectivity, toBinary } from './validate.js';

/** Flat-index offsets of the neighbours of an interior pixel of a [D, H, W] grid (rank 2: D = 1, no depth offsets). */
function neighbourOffsets(rank: number, h: number, w: number, connectivity: Connectivity): number[] {
  const offsets: number[] = [];
  const dz = rank === 3 ? [-1, 0, 1] : [0];
  for (const z of dz) {
    for (const y of [-1, 0, 1]) {
      for (const x of [-1, 0, 1]) {
        const nonZero = (z !== 0 ? 1 : 0) + (y !== 0 ? 1 : 0) + (x !== 0 ? 1 : 0);
        if (nonZero === 0 || (connectivity === 'cross' && nonZero > 1)) continue;
        offsets.push(z * h * w + y * w + x);
      }
    }
  }
  return offsets;
}

/**
 * Boundary bytes (1 = boundary) of 0/1 bytes `mask` on `shape` (rank 2 or 3). Internal: no validation.
 * Returns the boundary and how many boundary pixels it has.
 */
export function boundaryOf(mask: Uint8Array, shape: readonly number[], connectivity: Connectivity): { edge: Uint8Array; count: number } {
  const rank = shape.length;
  const [d, h, w] = rank === 3 ? shape : [1, shape[0], shape[1]];
  const offsets = neighbourOffsets(rank, h, w, connectivity);
  const edge = new Uint8Array(mask.length);
  let count = 0;
  for (let z = 0, i = 0; z < d; z++) {
    const zBorder = rank === 3 && (z === 0 || z === d - 1);
    for (let y = 0; y < h; y++) {
      const yBorder = zBorder || y === 0 || y === h - 1;
      for (let x = 0; x < w; x++, i++) {
        if (mask[i] === 0) continue;
        let onEdge = yBorder || x === 0 || x === w - 1;
        for (let k = 0; !onEdge && k < offsets.length; k++) onEdge = mask[i + offsets[k]] === 0;
        if (onEdge) {
          edge[i] = 1;
          count++;
        }
      }
    }
  }
  return { edge, count };
}

/** Options of {@link boundary}. */
export interface BoundaryOptions {
  /** Structuring element of the erosion: `'cross'` (default, 4/6 neighbours) or `'full'` (8/26). */
  connectivity?: Connectivity;
  /** Mask values: `'strict'` 0/1 (default) or `'nonzero'`. */
  binary?: BinaryMode;
}

/** Boundary pixels of a 2D or 3D binary mask (1 = boundary) on the mask's grid: mask AND NOT erode(mask). */
export function boundary(mask: LabelLike, options: BoundaryOptions = {}): { data: Uint8Array; shape: readonly number[] } {
  const { connectivity = 'cross', binary = 'strict' } = options;
  assertMask(mask, 'boundary', 'mask');
  assertCommonOptions(binary, connectivity, 'boundary');
  const { edge } = boundaryOf(toBinary(mask, binary, 'boundary', 'mask'), mask.shape, connectivity);
  return { data: edge, shape: [...mask.shape] };
}
