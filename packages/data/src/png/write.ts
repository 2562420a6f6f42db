/**
 * PNG writers for predictions and previews. Each writes to a temporary file in the target folder and
 * renames it over the target, so a reader never sees a half-written file. Parent folders are created.
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { describeShape, type ImageArray, type LabelMap, SegInputError, sizeOf } from '@seg/core';
import { PNG } from 'pngjs';

async function atomicWrite(path: string, bytes: Buffer): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
  try {
    await writeFile(tmp, bytes);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

function encode(width: number, height: number, data: Uint8Array, colorType: 0 | 2 | 6): Buffer {
  const png = new PNG({ width, height });
  png.data = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return PNG.sync.write(png, { colorType, inputColorType: colorType, inputHasAlpha: colorType === 6, bitDepth: 8 });
}

export interface WriteLabelOptions {
  /** Gray value = label × scale (e.g. 255 for a visible binary mask, 85 for 4 classes). Default 1 (raw indices). */
  scale?: number;
}

/** Writes an H×W label map as an 8-bit grayscale PNG (values label × scale, each must fit in 0…255). */
export async function writeLabelPng(path: string, label: LabelMap, options: WriteLabelOptions = {}): Promise<void> {
  const { scale = 1 } = options;
  const fn = 'writeLabelPng';
  if (!(typeof scale === 'number' && Number.isInteger(scale) && scale >= 1 && scale <= 255)) {
    throw new SegInputError({ fn, arg: 'scale', expected: 'an integer in [1, 255]', got: String(scale) });
  }
  const shape = label?.shape ?? [];
  if (shape.length !== 2 || label.data.length !== sizeOf(shape)) {
    throw new SegInputError({ fn, arg: 'label', expected: 'an H×W label map', got: describeShape(shape) });
  }
  const out = new Uint8Array(label.data.length);
  for (let i = 0; i < out.length; i++) {
    const v = label.data[i] * scale;
    if (!(Number.isInteger(v) && v >= 0 && v <= 255)) {
      throw new SegInputError({
        fn,
        arg: 'label',
        expected: `values whose label × ${scale} lies in 0…255`,
        got: `${label.data[i]} at flat index ${i}`,
        hint: 'Lower the scale',
      });
    }
    out[i] = v;
  }
  await atomicWrite(path, encode(shape[1], shape[0], out, 0));
}

export interface WriteImageOptions {
  /** Intensities mapped to 0 and 255; default the image's own minimum and maximum. */
  range?: readonly [lo: number, hi: number];
}

/** Writes an H×W×C image (C = 1 gray, 3 RGB, 4 RGBA) as an 8-bit PNG, linearly mapping `range` to 0…255. */
export async function writeImagePng(path: string, image: ImageArray, options: WriteImageOptions = {}): Promise<void> {
  const fn = 'writeImagePng';
  const shape = image?.shape ?? [];
  const [h, w, c] = shape;
  if (shape.length !== 3 || ![1, 3, 4].includes(c) || image.data.length !== sizeOf(shape)) {
    throw new SegInputError({
      fn,
      arg: 'image',
      expected: 'an H×W×C image with C = 1, 3 or 4',
      got: describeShape(shape),
      hint: 'Pick the channels to show first',
    });
  }
  let [lo, hi] = options.range ?? [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
  if (!options.range) for (const v of image.data) if (Number.isFinite(v)) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
  const span = hi > lo ? hi - lo : 1;
  const out = new Uint8Array(image.data.length);
  for (let i = 0; i < out.length; i++) out[i] = Math.round(Math.min(1, Math.max(0, (image.data[i] - lo) / span)) * 255);
  await atomicWrite(path, encode(w, h, out, c === 1 ? 0 : c === 3 ? 2 : 6));
}
