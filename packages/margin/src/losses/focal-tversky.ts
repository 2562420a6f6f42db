import { assertPositive } from '@seg/core';
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { defineLoss } from '../define-loss.js';
import { baseLossOptions, defineLossEntry } from '../loss-entry.js';
import type { SegLoss } from '../types.js';
import { type TverskyOptions, tverskyIndex, validateTversky } from './tversky.js';

export interface FocalTverskyOptions extends TverskyOptions {
  /** γ ≥ 1 in the exponent 1/γ. Default 4/3 (Abraham & Khan's best; implementations that write (1 − TI)^0.75 use this). */
  gamma?: number;
}

/**
 * Focal Tversky loss (Abraham & Khan, "A novel focal Tversky loss function with improved attention U-Net for lesion
 * segmentation", ISBI 2019):
 *
 *   FTL = mean over images and classes of (1 − TI_k)^(1/γ)
 *
 * with TI the {@link tverskyIndex} (α on false positives, β on false negatives; the paper's α = 0.7 on FN is our
 * β = 0.7). The paper sums over classes; we average (a constant factor) like the other region losses. γ = 1 is the
 * {@link tversky} loss; the paper trains with γ = 4/3 (exponent 0.75). 1 − TI is floored at 1e-12 so the gradient
 * stays finite at a perfect overlap. `parts()`: `total`, `tversky` (the plain Tversky loss 1 − mean TI).
 */
export function focalTversky(options: FocalTverskyOptions = {}): SegLoss {
  const {
    alpha = 0.3,
    beta = 0.7,
    gamma = 4 / 3,
    smooth = 1e-5,
    includeBackground = false,
    aggregate = 'image',
    ignoreIndex = 255,
    checkLabels = false,
  } = options;
  validateTversky('focalTversky', alpha, beta, smooth, aggregate);
  assertPositive(gamma, 'focalTversky', 'gamma');
  return defineLoss(
    'focalTversky',
    (logits, _labels, { oneHot, weight }) => {
      const ti = tverskyIndex(logits, oneHot, weight, { alpha, beta, smooth, includeBackground, aggregate });
      const loss = tf.pow(tf.maximum(tf.sub(1, ti), 1e-12), 1 / gamma);
      return { total: tf.mean(loss), tversky: tf.sub(1, tf.mean(ti)) };
    },
    { ignoreIndex, checkLabels, reduction: 'mean' },
  );
}

/** Registry entry of {@link focalTversky}. */
export const focalTverskyEntry = defineLossEntry({
  name: 'focal-tversky',
  description: '(1 − Tversky index)^(1/γ) (Abraham & Khan 2019)',
  options: z
    .object({
      alpha: z.number().min(0).default(0.3).describe('false-positive weight α'),
      beta: z.number().min(0).default(0.7).describe('false-negative weight β'),
      gamma: z
        .number()
        .positive()
        .default(4 / 3)
        .describe('focal exponent γ (loss^(1/γ))'),
      smooth: z.number().min(0).default(1e-5).describe('added to numerator and denominator'),
      includeBackground: z.boolean().default(false).describe('count class 0'),
      aggregate: z.enum(['image', 'batch']).default('image').describe('sums per image or over the batch'),
      ...baseLossOptions,
    })
    .strict(),
  create: focalTversky,
});
