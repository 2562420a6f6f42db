/**
 * Inputs of the AAG discriminator ({@link aagDiscriminator}), fine → coarse: `levels` tensors `[N,H/2^s,W/2^s,K]`,
 * s = 0 … levels−1.
 *
 * - {@link maskPyramid} for real masks (one-hot `[N,H,W,K]`). The paper supplies expert masks "at full or downsampled
 *   resolution"; modes: 'average' (default: repeated 2×2 average pooling, so each coarse pixel holds the class
 *   fractions of its 2^s×2^s block and still sums to 1 — what a coarse softmax ỹ estimates), 'nearest' (the top-left
 *   pixel of each block, still one-hot), 'bilinear' (tf.image.resizeBilinear with alignCorners, as the authors' code).
 * - {@link segmentorPyramid} for fake ones: softmax of the AAG-UNet logits, then its coarse ỹ as they are.
 */
import { assertDivisible, assertInteger, assertOneOf, assertRank, SegInputError } from '@seg/core';
import * as tf from '@tensorflow/tfjs';

export type PyramidMode = 'average' | 'nearest' | 'bilinear';

export interface MaskPyramidOptions {
  /** How each level is derived from the full-resolution mask. Default 'average'. */
  mode?: PyramidMode;
}

/** Real-mask pyramid `[mask, mask/2, …]` (level 0 is a copy of `oneHot`). One tf.tidy. */
export function maskPyramid(oneHot: tf.Tensor4D, levels: number, options: MaskPyramidOptions = {}): tf.Tensor4D[] {
  const { mode = 'average' } = options;
  assertRank(oneHot, 4, 'maskPyramid', 'oneHot', 'Pass one-hot masks [N,H,W,K]');
  assertInteger(levels, 'maskPyramid', 'levels', 1, 9);
  assertOneOf(mode, ['average', 'nearest', 'bilinear'], 'maskPyramid', 'mode');
  const [, h, w] = oneHot.shape;
  assertDivisible([h, w], 2 ** (levels - 1), 'maskPyramid', 'oneHot');
  return tf.tidy(() => {
    const out: tf.Tensor4D[] = [tf.cast(oneHot, 'float32')];
    for (let s = 1; s < levels; s++) {
      const [hs, ws] = [h / 2 ** s, w / 2 ** s];
      const prev = out[s - 1];
      if (mode === 'average') out.push(tf.avgPool(prev, 2, 2, 'valid'));
      else if (mode === 'nearest')
        out.push(tf.stridedSlice(out[0], [0, 0, 0, 0], [0, h, w, 0], [1, 2 ** s, 2 ** s, 1], 9, 9) as tf.Tensor4D);
      else out.push(tf.image.resizeBilinear(out[0], [hs, ws], true));
    }
    return out;
  });
}

/** Fake pyramid from the AAG-UNet outputs `[logits, ỹ¹, …]`: `[softmax(logits), ỹ¹, …]` (ỹ cloned). One tf.tidy. */
export function segmentorPyramid(outputs: readonly tf.Tensor[]): tf.Tensor4D[] {
  if (!Array.isArray(outputs) || outputs.length === 0) {
    throw new SegInputError({
      fn: 'segmentorPyramid',
      arg: 'outputs',
      expected: 'the AAG-UNet outputs [logits, ỹ¹, …]',
      got: String(outputs),
    });
  }
  for (const [i, t] of outputs.entries()) assertRank(t, 4, 'segmentorPyramid', `outputs[${i}]`);
  return tf.tidy(() => [tf.softmax(outputs[0] as tf.Tensor4D), ...outputs.slice(1).map((t) => tf.clone(t as tf.Tensor4D))]);
}
