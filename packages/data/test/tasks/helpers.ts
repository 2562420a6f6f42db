/** Helpers of the task-generator tests: checksums, label geometry, overlap, configuration problems. */
import { SegConfigError } from '@seg/core';
import type { Dataset } from '../../src/dataset.js';

/** The problem list of the SegConfigError `fn` throws (fails when it throws nothing or something else). */
export function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof SegConfigError) return e.problems;
    throw e;
  }
  throw new Error('expected a SegConfigError, but nothing was thrown');
}

/** FNV-1a (32 bit) over the bytes of every sample's id, image (float32) and label (int32), in index order. */
export function checksum(ds: Dataset): string {
  let h = 0x811c9dc5;
  const eat = (bytes: Uint8Array) => {
    for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193) >>> 0;
  };
  for (let i = 0; i < ds.size; i++) {
    const s = ds.get(i);
    eat(new TextEncoder().encode(s.id));
    eat(new Uint8Array(s.image.data.buffer, s.image.data.byteOffset, s.image.data.byteLength));
    if (s.label) eat(new Uint8Array(s.label.data.buffer, s.label.data.byteOffset, s.label.data.byteLength));
  }
  return h.toString(16).padStart(8, '0');
}

/** Pixels of class `a` with a 4-neighbour for which `bad(index)` holds. */
export function touching(label: Int32Array, h: number, w: number, a: number, bad: (j: number) => boolean): number {
  let n = 0;
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      if (label[y * w + x] !== a) continue;
      const nb = [
        y > 0 ? (y - 1) * w + x : -1,
        y < h - 1 ? (y + 1) * w + x : -1,
        x > 0 ? y * w + x - 1 : -1,
        x < w - 1 ? y * w + x + 1 : -1,
      ];
      if (nb.some((j) => j >= 0 && bad(j))) n++;
    }
  return n;
}

/** Dice of two binary masks (value 1 = foreground); 1 when both are empty. */
export function binaryDice(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let inter = 0;
  let sa = 0;
  let sb = 0;
  for (let i = 0; i < a.length; i++) {
    const pa = a[i] === 1 ? 1 : 0;
    const pb = b[i] === 1 ? 1 : 0;
    inter += pa * pb;
    sa += pa;
    sb += pb;
  }
  return sa + sb === 0 ? 1 : (2 * inter) / (sa + sb);
}

/** Pixel count of each class over the whole dataset. */
export function classCounts(ds: Dataset): number[] {
  const counts = new Array(ds.numClasses).fill(0);
  for (let i = 0; i < ds.size; i++) for (const v of ds.get(i).label?.data ?? []) counts[v]++;
  return counts;
}
