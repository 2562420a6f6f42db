/**
 * Directed surface distances: for every boundary pixel of one mask, the Euclidean distance (physical
 * units, between pixel centres) to the nearest boundary pixel of the other mask — read from the exact
 * distance transform of the other boundary, never from pairwise loops. Both masks are first cropped to
 * the bounding box of their union, which changes no distance (every boundary pixel lies inside it, and
 * pixels outside it are background like the outside of the image).
 */
import type { LabelLike } from '../grid.js';
import { type BoundaryOptions, boundaryOf } from './boundary.js';
import { squaredDistanceInPlace } from './edt.js';
import { assertCommonOptions, assertMaskPair, type Connectivity, resolveSpacing, type Spacing, toBinary } from './validate.js';

/** The two directed distance sets, one value per boundary pixel in flat-index order. */
export interface SurfaceDistances {
  /** Distance of each boundary pixel of `pred` to the boundary of `truth` (Infinity if `truth` is empty). */
  readonly predToTruth: Float64Array;
  /** Distance of each boundary pixel of `truth` to the boundary of `pred` (Infinity if `pred` is empty). */
  readonly truthToPred: Float64Array;
}

/** Inclusive bounding box [lo, hi] per axis of a [D, H, W] view of a or b; undefined when both are empty. */
function unionBox(a: Uint8Array, b: Uint8Array, dims: readonly number[]): { lo: number[]; hi: number[] } | undefined {
  const [d, h, w] = dims;
  const lo = [d, h, w];
  const hi = [-1, -1, -1];
  for (let z = 0, i = 0; z < d; z++) {
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++, i++) {
        if (a[i] === 0 && b[i] === 0) continue;
        if (z < lo[0]) lo[0] = z;
        if (z > hi[0]) hi[0] = z;
        if (y < lo[1]) lo[1] = y;
        if (y > hi[1]) hi[1] = y;
        if (x < lo[2]) lo[2] = x;
        if (x > hi[2]) hi[2] = x;
      }
    }
  }
  return hi[0] < 0 ? undefined : { lo, hi };
}

function crop(mask: Uint8Array, dims: readonly number[], lo: number[], hi: number[]): Uint8Array {
  const [, h, w] = dims;
  const cw = hi[2] - lo[2] + 1;
  const out = new Uint8Array((hi[0] - lo[0] + 1) * (hi[1] - lo[1] + 1) * cw);
  let o = 0;
  for (let z = lo[0]; z <= hi[0]; z++) {
    for (let y = lo[1]; y <= hi[1]; y++, o += cw) {
      const start = (z * h + y) * w + lo[2];
      out.set(mask.subarray(start, start + cw), o);
    }
  }
  return out;
}

/** Distances from the pixels of `at` (count of them) to the nearest pixel of `features`. */
function distancesAt(
  features: Uint8Array,
  featureCount: number,
  at: Uint8Array,
  count: number,
  shape: readonly number[],
  spacing: readonly number[],
): Float64Array {
  const out = new Float64Array(count);
  if (featureCount === 0) return out.fill(Number.POSITIVE_INFINITY);
  const f = new Float64Array(features.length);
  for (let i = 0; i < f.length; i++) f[i] = features[i] === 1 ? 0 : Number.POSITIVE_INFINITY;
  squaredDistanceInPlace(f, shape, spacing);
  for (let i = 0, k = 0; i < at.length; i++) if (at[i] === 1) out[k++] = Math.sqrt(f[i]);
  return out;
}

/**
 * Directed distances between the boundaries of 0/1 byte masks `a` (pred) and `b` (truth). Internal:
 * callers validate. Empty `a` gives an empty `predToTruth` and an all-Infinity `truthToPred`.
 */
export function directedDistances(
  a: Uint8Array,
  b: Uint8Array,
  shape: readonly number[],
  spacing: readonly number[],
  connectivity: Connectivity,
): SurfaceDistances {
  const dims = shape.length === 3 ? shape : [1, shape[0], shape[1]];
  const box = unionBox(a, b, dims);
  if (box === undefined) return { predToTruth: new Float64Array(0), truthToPred: new Float64Array(0) };
  const { lo, hi } = box;
  const whole = lo.every((l) => l === 0) && hi.every((v, i) => v === dims[i] - 1);
  const cropDims = hi.map((v, i) => v - lo[i] + 1);
  const cropShape = shape.length === 3 ? cropDims : cropDims.slice(1);
  const ca = whole ? a : crop(a, dims, lo, hi);
  const cb = whole ? b : crop(b, dims, lo, hi);
  const ea = boundaryOf(ca, cropShape, connectivity);
  const eb = boundaryOf(cb, cropShape, connectivity);
  return {
    predToTruth: distancesAt(eb.edge, eb.count, ea.edge, ea.count, cropShape, spacing),
    truthToPred: distancesAt(ea.edge, ea.count, eb.edge, eb.count, cropShape, spacing),
  };
}

/** Options of {@link surfaceDistances}. */
export interface SurfaceDistanceOptions extends BoundaryOptions {
  /** Physical pixel size per axis (order of `shape`) or one number. Default 1 on every axis. */
  spacing?: Spacing;
}

/**
 * Both directed surface-distance sets of two binary masks on one grid (2D or 3D), physical units:
 * predToTruth[i] = min over truth-boundary pixels t of ‖(pᵢ − t)·spacing‖ for the i-th pred-boundary pixel
 * (medpy `__surface_distances(pred, truth)`, MONAI `get_surface_distance`). No empty policy: an empty mask
 * gives an empty set and Infinity in the other direction.
 */
export function surfaceDistances(pred: LabelLike, truth: LabelLike, options: SurfaceDistanceOptions = {}): SurfaceDistances {
  const { spacing, connectivity = 'cross', binary = 'strict' } = options;
  assertMaskPair(pred, truth, 'surfaceDistances');
  assertCommonOptions(binary, connectivity, 'surfaceDistances');
  const sp = resolveSpacing(spacing, pred.shape, 'surfaceDistances');
  const a = toBinary(pred, binary, 'surfaceDistances', 'pred');
  const b = toBinary(truth, binary, 'surfaceDistances', 'truth');
  return directedDistances(a, b, pred.shape, sp, connectivity);
}
