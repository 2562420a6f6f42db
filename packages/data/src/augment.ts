/**
 * Geometric augmentation applied while batching: horizontal/vertical flips (each with probability ½) and
 * a random crop. Parameters are drawn from the caller's {@link Rng} in a fixed order per sample — flipH
 * (when on), flipV (when on), crop top, crop left (when cropping) — so a restored generator state
 * reproduces the same batches. The same transform is applied to the image and its label.
 */
import { type Rng, SegConfigError } from '@seg/core';

export interface AugmentOptions {
  flipHorizontal?: boolean;
  flipVertical?: boolean;
  /** Random crop to [height, width] (each ≤ the dataset's). */
  crop?: readonly [height: number, width: number];
}

/** Where one output pixel comes from: flips and crop offset for one sample. */
export interface Transform {
  flipH: boolean;
  flipV: boolean;
  top: number;
  left: number;
  height: number;
  width: number;
}

/** Checks augmentation options against an H×W dataset; returns the output size. */
export function augmentSize(aug: AugmentOptions, h: number, w: number, fn: string): [number, number] {
  const problems: string[] = [];
  for (const key of Object.keys(aug))
    if (!['flipHorizontal', 'flipVertical', 'crop'].includes(key)) problems.push(`unknown augmentation '${key}'`);
  for (const key of ['flipHorizontal', 'flipVertical'] as const) {
    if (aug[key] !== undefined && typeof aug[key] !== 'boolean')
      problems.push(`'augment.${key}' must be a boolean, got ${JSON.stringify(aug[key])}`);
  }
  const crop = aug.crop;
  if (crop !== undefined) {
    const ok = Array.isArray(crop) && crop.length === 2 && crop.every((v) => Number.isInteger(v) && v >= 1);
    if (!ok) problems.push(`'augment.crop' must be [height, width] of positive integers, got ${JSON.stringify(crop)}`);
    else if (crop[0] > h || crop[1] > w) problems.push(`'augment.crop' ${crop[0]}×${crop[1]} must fit in the ${h}×${w} images`);
  }
  if (problems.length > 0) throw new SegConfigError({ fn, detail: 'invalid augmentation', problems });
  return crop ? [crop[0], crop[1]] : [h, w];
}

/** Draws one sample's transform (see the module comment for the draw order). */
export function drawTransform(rng: Rng | undefined, aug: AugmentOptions, h: number, w: number): Transform {
  const [height, width] = aug.crop ?? [h, w];
  const flipH = aug.flipHorizontal === true && rng!.bernoulli(0.5);
  const flipV = aug.flipVertical === true && rng!.bernoulli(0.5);
  const top = aug.crop ? rng!.int(h - height + 1) : 0;
  const left = aug.crop ? rng!.int(w - width + 1) : 0;
  return { flipH, flipV, top, left, height, width };
}

/**
 * Copies the transformed H×W×C image (and H×W label) into slot `n` of the batch arrays: crop first,
 * then flip the crop, i.e. out[y][x] = in[top + (flipV ? height−1−y : y)][left + (flipH ? width−1−x : x)].
 */
export function copyTransformed(
  t: Transform,
  image: Float32Array,
  label: Int32Array | undefined,
  w: number,
  c: number,
  images: Float32Array,
  labels: Int32Array | undefined,
  n: number,
): void {
  const { height, width } = t;
  for (let y = 0; y < height; y++) {
    const sy = t.top + (t.flipV ? height - 1 - y : y);
    for (let x = 0; x < width; x++) {
      const sx = t.left + (t.flipH ? width - 1 - x : x);
      const src = sy * w + sx;
      const dst = (n * height + y) * width + x;
      for (let k = 0; k < c; k++) images[dst * c + k] = image[src * c + k];
      if (label && labels) labels[dst] = label[src];
    }
  }
}
