/**
 * Input checks of the boundary metrics: one mask (2D or 3D, `{ data, shape }`), two masks on one grid,
 * binary values, physical spacing. Internal (the public types are re-exported from index.ts).
 */
import { assertOneOf, assertRank, describeShape, SegInputError } from '@seg/core';
import { assertLabelLike, assertSameGrid, type LabelLike } from '../grid.js';

/** How mask values are read: `'strict'` (default) accepts only 0 and 1; `'nonzero'` reads any non-zero as foreground (medpy). */
export type BinaryMode = 'strict' | 'nonzero';
export const BINARY_MODES: readonly BinaryMode[] = ['strict', 'nonzero'];

/**
 * The structuring element of the boundary erosion. `'cross'` (default): face neighbours, 4 in 2D and 6 in 3D
 * (scipy `generate_binary_structure(rank, 1)`, the medpy and MONAI default); `'full'`: the 3×3 square / 3×3×3
 * cube, 8 and 26 neighbours (scipy connectivity = rank; note medpy `connectivity=2` in 3D is 18, not 26).
 */
export type Connectivity = 'cross' | 'full';
export const CONNECTIVITIES: readonly Connectivity[] = ['cross', 'full'];

/** Physical size of a pixel along each axis (same order as `shape`), or one number for every axis. Default 1. */
export type Spacing = number | readonly number[];

/** A 2D (H×W) or 3D (D×H×W) mask of shape `shape` with `data.length` = product of the shape. */
export function assertMask(value: unknown, fn: string, arg: string): asserts value is LabelLike {
  assertLabelLike(value, fn, arg, 'a mask');
  assertRank(value, [2, 3], fn, arg, 'Pass one 2D image (H×W) or one 3D volume (D×H×W); loop over a batch');
}

/** Two masks of rank 2 or 3 on the same grid. */
export function assertMaskPair(pred: unknown, truth: unknown, fn: string): asserts pred is LabelLike {
  assertMask(pred, fn, 'pred');
  assertSameGrid(pred, truth, fn);
}

/** The mask as 0/1 bytes, checking its values under `binary` (naming the first bad value and its flat index). */
export function toBinary(mask: LabelLike, binary: BinaryMode, fn: string, arg: string): Uint8Array {
  const d = mask.data;
  const out = new Uint8Array(d.length);
  if (binary === 'nonzero') {
    for (let i = 0; i < d.length; i++) out[i] = d[i] !== 0 && !Number.isNaN(d[i]) ? 1 : 0;
    return out;
  }
  for (let i = 0; i < d.length; i++) {
    const v = d[i];
    if (v === 1) out[i] = 1;
    else if (v !== 0) {
      throw new SegInputError({
        fn,
        arg,
        expected: 'a binary mask (0 or 1)',
        got: `${v} at flat index ${i}`,
        hint: "Select one class first (label === k), use the per-class variant, or pass binary: 'nonzero'",
      });
    }
  }
  return out;
}

/** `spacing` as one positive finite number per axis of `shape`. */
export function resolveSpacing(spacing: Spacing | undefined, shape: readonly number[], fn: string): number[] {
  const rank = shape.length;
  if (spacing === undefined) return new Array(rank).fill(1);
  const list = typeof spacing === 'number' ? new Array(rank).fill(spacing) : spacing;
  const ok = Array.isArray(list) && list.length === rank && list.every((s) => typeof s === 'number' && Number.isFinite(s) && s > 0);
  if (!ok) {
    const got = Array.isArray(list) ? `[${list.join(', ')}]` : typeof spacing;
    throw new SegInputError({
      fn,
      arg: 'spacing',
      expected: `${rank} finite numbers > 0 (one per axis of ${describeShape(shape)}) or one number`,
      got,
      hint: 'Spacing is the physical pixel size per axis, in the order of the shape (e.g. [row, column] in mm)',
    });
  }
  return [...list];
}

/** The shared options every boundary function validates. */
export function assertCommonOptions(binary: unknown, connectivity: unknown, fn: string): void {
  assertOneOf(binary, BINARY_MODES, fn, 'binary');
  assertOneOf(connectivity, CONNECTIVITIES, fn, 'connectivity');
}
