/**
 * SegAN critic inputs (Xue et al. 2018, §2.1 and §3.1): the image masked by a class map, x ∘ m — every image
 * channel multiplied pixel-wise by the map — for the segmentor's probability map (x ∘ S(x)) and for the ground truth
 * (x ∘ y). Multi-class variants of the paper's §3.1:
 *
 * - `'S3-3C'` (the paper's final model): one critic per foreground class k, fed x ∘ m_k (image channels wide).
 * - `'S3-1C'`: one critic fed the concatenation over classes of x ∘ m_k (classes × image channels wide, class-major).
 * - `'S1-1C'`: one segmentor and one critic per class; as one TrainStep this is the binary case (a single foreground
 *   class) — train one binary SegAN per class for more.
 */
import { SegInputError } from '@seg/core';
import * as tf from '@tensorflow/tfjs';

export type SeganVariant = 'S1-1C' | 'S3-1C' | 'S3-3C';
export const SEGAN_VARIANTS: readonly SeganVariant[] = ['S1-1C', 'S3-1C', 'S3-3C'];

/**
 * Foreground class maps `[N,H,W,C−1]` (channels 1…C−1 of `maps`, i.e. without the background) times `valid`
 * `[N,H,W]` (1 = labelled pixel), so ignored pixels are blank in both masked images.
 */
export function foregroundMaps(maps: tf.Tensor4D, valid: tf.Tensor3D): tf.Tensor4D {
  return tf.tidy(() => tf.mul(tf.slice(maps, [0, 0, 0, 1], [-1, -1, -1, -1]), tf.expandDims(valid, -1)) as tf.Tensor4D);
}

/**
 * x ∘ m for every class: images `[N,H,W,Ci]`, maps `[N,H,W,K]` → `[N,H,W,K·Ci]`, channel k·Ci + c = x_c · m_k.
 */
export function maskImages(images: tf.Tensor4D, maps: tf.Tensor4D): tf.Tensor4D {
  const [n, h, w, ci] = images.shape;
  if (maps.rank !== 4 || maps.shape[0] !== n || maps.shape[1] !== h || maps.shape[2] !== w) {
    throw new SegInputError({
      fn: 'maskImages',
      arg: 'maps',
      expected: `[${n}, ${h}, ${w}, K] like 'images' [${images.shape.join(', ')}]`,
      got: `[${maps.shape.join(', ')}]`,
      hint: 'Pass class maps on the image grid',
    });
  }
  const k = maps.shape[3];
  return tf.tidy(() => tf.reshape(tf.mul(tf.expandDims(images, 3), tf.expandDims(maps, 4)), [n, h, w, k * ci]) as tf.Tensor4D);
}

/** The critic inputs of `variant`: one tensor per critic (S3-3C: one per class; S3-1C, S1-1C: one). */
export function criticInputs(images: tf.Tensor4D, maps: tf.Tensor4D, variant: SeganVariant): tf.Tensor4D[] {
  const k = maps.shape[3];
  if (variant === 'S1-1C' && k !== 1) {
    throw new SegInputError({
      fn: 'criticInputs',
      arg: 'variant',
      expected: "'S1-1C' with one foreground class",
      got: `${k} foreground classes`,
      hint: "Use 'S3-3C' or 'S3-1C', or train one binary SegAN per class",
    });
  }
  return tf.tidy(() => {
    if (variant === 'S3-1C' || variant === 'S1-1C') return [maskImages(images, maps)];
    // slices, not tf.split: tfjs's SplitV gradient fails when a piece gets no gradient
    return Array.from({ length: k }, (_, i) => maskImages(images, k === 1 ? maps : tf.slice(maps, [0, 0, 0, i], [-1, -1, -1, 1])));
  });
}
