/**
 * Internal helpers of the scribble generators: label-map checks, 8-connected components, and the
 * pixel nearest to a component's centroid.
 */
import { DEFAULT_IGNORE_INDEX, describeShape, type LabelMap, SegInputError } from '@seg/core';

/** Throws unless `label` is an H×W int32 label map with non-negative integer values; returns [H, W]. */
export function assertLabelGrid(label: LabelMap, fn: string, arg = 'label'): [number, number] {
  const shape = label?.shape ?? [];
  if (!(label?.data instanceof Int32Array) || shape.length !== 2 || label.data.length !== shape[0] * shape[1]) {
    throw new SegInputError({
      fn,
      arg,
      expected: 'an H×W label map with an Int32Array of H·W values',
      got: label?.data instanceof Int32Array ? `${describeShape(shape)} with ${label.data.length} values` : 'no Int32Array',
    });
  }
  for (let i = 0; i < label.data.length; i++) {
    if (label.data[i] < 0) throw new SegInputError({ fn, arg, expected: 'class indices ≥ 0', got: `${label.data[i]} at flat index ${i}` });
  }
  return [shape[0], shape[1]];
}

/** The classes present in `data` (ascending), the ignore index excluded. */
export function presentClasses(data: Int32Array, ignoreIndex = DEFAULT_IGNORE_INDEX): number[] {
  const seen = new Set<number>();
  for (const v of data) if (v !== ignoreIndex) seen.add(v);
  return [...seen].sort((a, b) => a - b);
}

/** The 8 neighbour offsets (dy, dx). */
export const NEIGHBOURS_8: readonly (readonly [number, number])[] = [
  [-1, -1],
  [-1, 0],
  [-1, 1],
  [0, -1],
  [0, 1],
  [1, -1],
  [1, 0],
  [1, 1],
];

/**
 * The 8-connected components of the pixels where `inside(i)` holds, each a list of flat indices in BFS
 * order from its first pixel in raster order; components in raster order of their first pixel.
 */
export function components8(h: number, w: number, inside: (i: number) => boolean): number[][] {
  const seen = new Uint8Array(h * w);
  const out: number[][] = [];
  for (let start = 0; start < h * w; start++) {
    if (seen[start] || !inside(start)) continue;
    const comp = [start];
    seen[start] = 1;
    for (let k = 0; k < comp.length; k++) {
      const y = Math.floor(comp[k] / w);
      const x = comp[k] % w;
      for (const [dy, dx] of NEIGHBOURS_8) {
        const yy = y + dy;
        const xx = x + dx;
        if (yy < 0 || yy >= h || xx < 0 || xx >= w) continue;
        const j = yy * w + xx;
        if (!seen[j] && inside(j)) {
          seen[j] = 1;
          comp.push(j);
        }
      }
    }
    out.push(comp);
  }
  return out;
}

/** The pixel of `pixels` nearest to their centroid (ties: the smallest flat index). */
export function centroidNearest(pixels: readonly number[], w: number): number {
  let cy = 0;
  let cx = 0;
  for (const p of pixels) {
    cy += Math.floor(p / w);
    cx += p % w;
  }
  cy /= pixels.length;
  cx /= pixels.length;
  let best = pixels[0];
  let bestD = Number.POSITIVE_INFINITY;
  for (const p of pixels) {
    const d = (Math.floor(p / w) - cy) ** 2 + ((p % w) - cx) ** 2;
    if (d < bestD || (d === bestD && p < best)) [best, bestD] = [p, d];
  }
  return best;
}

/** A label map of `shape` filled with `ignoreIndex`. */
export function emptyScribble(h: number, w: number, ignoreIndex: number): { data: Int32Array; shape: [number, number] } {
  return { data: new Int32Array(h * w).fill(ignoreIndex), shape: [h, w] };
}
