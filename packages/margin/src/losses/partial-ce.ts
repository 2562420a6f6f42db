import { assertOneOf } from '@seg/core';
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { defineLoss } from '../define-loss.js';
import { baseLossOptions, defineLossEntry, reductionOption } from '../loss-entry.js';
import { pixelCrossEntropy } from '../pixel-ops.js';
import type { BaseLossOptions, Reduction, SegLoss } from '../types.js';

/** How WPCE weighs class c from its scribbled pixel count n_c out of n_tot. */
export type WpceWeighting = 'paper' | 'code';
/** Where the counts n_c, n_tot are taken: per image (each scribble, as the paper's y_s) or over the whole batch. */
export type WpceCounts = 'image' | 'batch';

export const WPCE_WEIGHTINGS: readonly WpceWeighting[] = ['paper', 'code'];
export const WPCE_COUNTS: readonly WpceCounts[] = ['image', 'batch'];

export interface PartialCrossEntropyOptions extends BaseLossOptions {
  /** Default 'mean' (over the annotated pixels). */
  reduction?: Reduction;
}

export interface WpceOptions extends PartialCrossEntropyOptions {
  /**
   * 'paper' (default): w_c = 1 − n_c / n_tot (Valvano et al. 2021, eq. 1). 'code': w_c = n_tot / n_c, the
   * inverse-frequency weight of the authors' implementation. Classes with no scribbled pixel get weight 0 either way
   * (they have no pixel to weigh).
   */
  weighting?: WpceWeighting;
  /** Default 'image': n_c counted within each image's scribble, as y_s in the paper. */
  counts?: WpceCounts;
}

/**
 * Partial cross-entropy (Tang et al. 2018, "PCE" in Valvano et al.): softmax cross-entropy over the annotated
 * pixels only — scribble maps mark every unannotated pixel `ignoreIndex` (255), which contributes neither loss nor
 * gradient. 'mean' divides by the number of annotated pixels. This is {@link crossEntropy} under its scribble name.
 */
export function partialCrossEntropy(options: PartialCrossEntropyOptions = {}): SegLoss {
  const { ignoreIndex = 255, reduction = 'mean', checkLabels = false } = options;
  return defineLoss('partialCrossEntropy', (logits, _labels, { oneHot }) => ({ total: pixelCrossEntropy(logits, oneHot) }), {
    ignoreIndex,
    reduction,
    checkLabels,
  });
}

/** Per-pixel class weight w[y] from the scribble counts: [N,H,W]. Runs inside defineLoss's tidy. */
function countWeights(oneHot: tf.Tensor4D, weighting: WpceWeighting, counts: WpceCounts): tf.Tensor3D {
  const axes = counts === 'image' ? [1, 2] : [0, 1, 2];
  const nc = tf.sum(oneHot, axes, true); // [N|1,1,1,C]
  const ntot = tf.sum(nc, -1, true);
  const present = tf.cast(tf.greater(nc, 0), 'float32');
  const w =
    weighting === 'paper' ? tf.mul(present, tf.sub(1, tf.divNoNan(nc, ntot))) : tf.mul(present, tf.divNoNan(ntot, tf.maximum(nc, 1)));
  return tf.sum(tf.mul(oneHot, w), -1) as tf.Tensor3D;
}

/**
 * Weighted partial cross-entropy (WPCE, Valvano, Leo & Tsaftaris, "Learning to segment from scribbles using
 * multi-scale adversarial attention gates", IEEE TMI 2021, eq. 1):
 *
 *   L_SUP = 𝟙(y_s) · [ −Σ_c w_c · y_s,c · log ỹ_c ],   w_c = 1 − n_c / n_tot
 *
 * with n_c the scribbled pixels of class c and n_tot all scribbled pixels, averaged over the annotated pixels
 * ('mean' = Σ w[y]·ℓ / n_annotated: the weights rescale classes, they are not the denominator). Unannotated pixels
 * (`ignoreIndex`) give no loss and no gradient. With 'paper' weighting an image whose scribble has a single class
 * gets w = 0 (1 − n/n) and contributes nothing; 'code' (n_tot / n_c) does not have that property.
 * `parts()`: `total`, `pce` (the unweighted partial CE).
 */
export function wpce(options: WpceOptions = {}): SegLoss {
  const { weighting = 'paper', counts = 'image', ignoreIndex = 255, reduction = 'mean', checkLabels = false } = options;
  assertOneOf(weighting, WPCE_WEIGHTINGS, 'wpce', 'weighting');
  assertOneOf(counts, WPCE_COUNTS, 'wpce', 'counts');
  return defineLoss(
    'wpce',
    (logits, _labels, { oneHot }) => {
      const ce = pixelCrossEntropy(logits, oneHot);
      return { total: tf.mul(ce, countWeights(oneHot, weighting, counts)) as tf.Tensor3D, pce: ce };
    },
    { ignoreIndex, reduction, checkLabels },
  );
}

/** Registry entry of {@link partialCrossEntropy}. */
export const partialCrossEntropyEntry = defineLossEntry({
  name: 'pce',
  description: 'partial cross-entropy over annotated (scribbled) pixels only (Tang et al. 2018)',
  options: z
    .object({
      reduction: reductionOption,
      ...baseLossOptions,
    })
    .strict(),
  create: partialCrossEntropy,
});

/** Registry entry of {@link wpce}. */
export const wpceEntry = defineLossEntry({
  name: 'wpce',
  description: 'weighted partial CE, w_c = 1 − n_c/n_tot (paper) | n_tot/n_c (code) (Valvano et al. 2021)',
  options: z
    .object({
      weighting: z.enum(['paper', 'code']).default('paper').describe("w_c = 1 − n_c/n (paper) or n/n_c (authors' code)"),
      counts: z.enum(['image', 'batch']).default('image').describe('class counts n_c per image or over the batch'),
      reduction: reductionOption,
      ...baseLossOptions,
    })
    .strict(),
  create: wpce,
});
