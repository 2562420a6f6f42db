/**
 * NIfTI ↔ PNG slice folders (`seg data convert`). A volume becomes `dir/images/<prefix>_<index>.png` (8-bit gray,
 * one intensity window for the whole volume so slices stay comparable) and, with a label volume,
 * `dir/masks/<prefix>_<index>.png` (raw class indices) — the layout pngFolderDataset reads. Back: the mask PNGs of
 * a folder (slice index = trailing number of the file name) are stacked onto the grid of a reference volume.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SegInputError } from '@seg/core';
import { pngToMaskValues, readPng } from '../png/decode.js';
import { naturalCompare } from '../png/pairs.js';
import { writeImagePng, writeLabelPng } from '../png/write.js';
import { sliceIndexOf } from './case-split.js';
import { type SliceAxis, sliceVolume, stackSlices } from './slice.js';
import { gridOf, type Volume } from './volume.js';

export interface PngSliceOptions {
  axis?: SliceAxis;
  /** File name prefix (default 'slice'). */
  prefix?: string;
  /** A label volume on the same grid: its slices go to masks/. */
  label?: Volume;
  /** Skip slices whose label is all background (needs `label`; default false). */
  dropEmpty?: boolean;
}

/** Writes the slices of `volume` (first channel) as PNGs; returns the number of slices written. */
export async function volumeToPngFolder(volume: Volume, dir: string, options: PngSliceOptions = {}): Promise<number> {
  const { axis = 2, prefix = 'slice', label, dropEmpty = false } = options;
  const { dims, channels } = gridOf(volume);
  const first: Volume = channels === 1 ? volume : { ...volume, shape: dims, data: volume.data.slice(0, dims[0] * dims[1] * dims[2]) };
  let [lo, hi] = [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
  for (const v of first.data) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
  const slices = sliceVolume(first, { axis, label, dropEmpty });
  const digits = Math.max(3, String(dims[axis] - 1).length);
  for (const s of slices) {
    const file = `${prefix}_${String(s.index).padStart(digits, '0')}.png`;
    await writeImagePng(join(dir, 'images', file), s.image, { range: [lo, hi] });
    if (s.label) await writeLabelPng(join(dir, 'masks', file), s.label);
  }
  return slices.length;
}

/**
 * Stacks the mask PNGs of `dir` (its masks/ subfolder when present) onto the grid of `like` along `axis`
 * (slices without a PNG are 0). Returns an int label volume with the geometry of `like`.
 */
export function pngMasksToVolume(dir: string, like: Volume, options: { axis?: SliceAxis } = {}): Volume {
  const fn = 'pngMasksToVolume';
  const { axis = 2 } = options;
  const root = existsSync(join(dir, 'masks')) ? join(dir, 'masks') : dir;
  if (!existsSync(root) || !statSync(root).isDirectory())
    throw new SegInputError({ fn, arg: 'dir', expected: 'a folder of mask PNGs', got: `${dir} (not found)` });
  const files = readdirSync(root)
    .filter((f) => /\.png$/i.test(f) && !f.startsWith('.'))
    .sort(naturalCompare);
  if (files.length === 0) throw new SegInputError({ fn, arg: 'dir', expected: 'a folder holding mask PNGs', got: `${root} with none` });
  const indices = files.map((f) => {
    const k = sliceIndexOf(f.slice(0, -4));
    if (k === undefined)
      throw new SegInputError({
        fn,
        arg: 'dir',
        expected: 'mask files whose names end in the slice index (slice_087.png)',
        got: f,
        hint: 'Name the masks like the images seg data convert wrote',
      });
    return k;
  });
  const labels = files.map((f) => {
    const png = readPng(join(root, f), fn);
    return { data: pngToMaskValues(png, fn), shape: [png.height, png.width] };
  });
  return stackSlices(labels, like, { axis, indices });
}
