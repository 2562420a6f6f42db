/**
 * Fixed-size slices: centred crop/pad, and resampling (bilinear for images, nearest for label maps, never
 * blending class indices). Pixel centres are aligned as in tf.image.resize with half_pixel_centers:
 * source coordinate = (dst + 0.5)·in/out − 0.5. {@link fitSlice} pads to a square then resizes (keeps the
 * aspect ratio); {@link unfitSlice} undoes it for label maps (predictions back onto the original slice grid).
 */
import { type ImageArray, type LabelMap, SegInputError } from '@seg/core';

export type SliceArray = ImageArray | LabelMap;

function dimsOf(s: SliceArray): [number, number, number] {
  return [s.shape[0], s.shape[1], s.data instanceof Int32Array ? 1 : (s.shape[2] ?? 1)];
}

function make<T extends SliceArray>(like: T, h: number, w: number, c: number): T {
  if (like.data instanceof Int32Array) return { data: new Int32Array(h * w), shape: [h, w] } as unknown as T;
  return { data: new Float32Array(h * w * c), shape: [h, w, c] } as unknown as T;
}

function checkSize(size: readonly number[], fn: string): void {
  if (!(Array.isArray(size) && size.length === 2 && size.every((v) => Number.isInteger(v) && v > 0)))
    throw new SegInputError({ fn, arg: 'size', expected: '[height, width] positive integers', got: JSON.stringify(size) });
}

/** Centred crop and/or zero pad to `size` = [H, W] (an odd difference puts the extra row/column at the end). */
export function cropOrPad<T extends SliceArray>(slice: T, size: readonly [number, number], fill = 0): T {
  checkSize(size, 'cropOrPad');
  const [h, w, c] = dimsOf(slice);
  const [oh, ow] = size;
  const out = make(slice, oh, ow, c);
  if (fill !== 0) out.data.fill(fill);
  const dy = Math.floor((oh - h) / 2);
  const dx = Math.floor((ow - w) / 2);
  for (let r = 0; r < oh; r++) {
    const sr = r - dy;
    if (sr < 0 || sr >= h) continue;
    for (let x = 0; x < ow; x++) {
      const sx = x - dx;
      if (sx < 0 || sx >= w) continue;
      for (let k = 0; k < c; k++) out.data[(r * ow + x) * c + k] = slice.data[(sr * w + sx) * c + k];
    }
  }
  return out;
}

/** Resizes to `size` = [H, W]: 'bilinear' (default for images) or 'nearest' (default, and the only choice, for label maps). */
export function resizeSlice<T extends SliceArray>(
  slice: T,
  size: readonly [number, number],
  options: { mode?: 'bilinear' | 'nearest' } = {},
): T {
  checkSize(size, 'resizeSlice');
  const isLabel = slice.data instanceof Int32Array;
  const { mode = isLabel ? 'nearest' : 'bilinear' } = options;
  if (isLabel && mode !== 'nearest')
    throw new SegInputError({
      fn: 'resizeSlice',
      arg: 'options.mode',
      expected: "'nearest' for a label map",
      got: `'${mode}'`,
      hint: 'Interpolating class indices invents classes',
    });
  const [h, w, c] = dimsOf(slice);
  const [oh, ow] = size;
  const out = make(slice, oh, ow, c);
  const src = (d: number, n: number, m: number) => Math.min(n - 1, Math.max(0, (d + 0.5) * (n / m) - 0.5));
  for (let r = 0; r < oh; r++) {
    const y = src(r, h, oh);
    for (let x = 0; x < ow; x++) {
      const xs = src(x, w, ow);
      const o = (r * ow + x) * c;
      if (mode === 'nearest') {
        const i = (Math.min(h - 1, Math.floor((r + 0.5) * (h / oh))) * w + Math.min(w - 1, Math.floor((x + 0.5) * (w / ow)))) * c;
        for (let k = 0; k < c; k++) out.data[o + k] = slice.data[i + k];
        continue;
      }
      const [y0, x0] = [Math.floor(y), Math.floor(xs)];
      const [y1, x1] = [Math.min(h - 1, y0 + 1), Math.min(w - 1, x0 + 1)];
      const [fy, fx] = [y - y0, xs - x0];
      for (let k = 0; k < c; k++) {
        const at = (yy: number, xx: number) => slice.data[(yy * w + xx) * c + k];
        const top = at(y0, x0) * (1 - fx) + at(y0, x1) * fx;
        const bottom = at(y1, x0) * (1 - fx) + at(y1, x1) * fx;
        out.data[o + k] = top * (1 - fy) + bottom * fy;
      }
    }
  }
  return out;
}

/** Zero-pads to a max(H, W) square, then resizes to `size` (aspect ratio kept). */
export function fitSlice<T extends SliceArray>(slice: T, size: readonly [number, number]): T {
  const side = Math.max(slice.shape[0], slice.shape[1]);
  const square = side === slice.shape[0] && side === slice.shape[1] ? slice : cropOrPad(slice, [side, side]);
  return side === size[0] && side === size[1] ? square : resizeSlice(square, size);
}

/** Inverse of {@link fitSlice} for an output of shape `original` = [H, W] (nearest for labels, bilinear for images). */
export function unfitSlice<T extends SliceArray>(slice: T, original: readonly [number, number]): T {
  const side = Math.max(original[0], original[1]);
  const square = slice.shape[0] === side && slice.shape[1] === side ? slice : resizeSlice(slice, [side, side]);
  return cropOrPad(square, original);
}
