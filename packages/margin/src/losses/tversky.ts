import { assertPositive } from '@seg/core';
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { defineLoss } from '../define-loss.js';
import { baseLossOptions, defineLossEntry } from '../loss-entry.js';
import type { BaseLossOptions, SegLoss } from '../types.js';
import { type Aggregate, assertAggregate, confusionSums, keepClasses } from './region-sums.js';

export interface TverskyOptions extends BaseLossOptions {
  /** Weight α of false positives. Default 0.3 (Salehi et al.'s best). */
  alpha?: number;
  /** Weight β of false negatives. Default 0.7. α = β = 0.5 gives soft Dice. */
  beta?: number;
  /** Added to numerator and denominator. Default 1e-5. */
  smooth?: number;
  /** Count class 0. Default false (as {@link softDice}). */
  includeBackground?: boolean;
  /** Sums per image then the mean ('image', default) or over the whole batch ('batch'). */
  aggregate?: Aggregate;
}

/** Validates α, β, smooth, aggregate for the Tversky losses. */
export function validateTversky(fn: string, alpha: number, beta: number, smooth: number, aggregate: unknown): void {
  assertPositive(alpha, fn, 'alpha', true);
  assertPositive(beta, fn, 'beta', true);
  assertPositive(smooth, fn, 'smooth');
  assertAggregate(aggregate, fn);
}

/**
 * Tversky index per image (or batch) and class, on p = softmax(z), one-hot g and pixel weights w (0 on ignored
 * pixels): TI_k = (TP + s) / (TP + α·FP + β·FN + s), TP = Σ w·p·g, FP = Σ w·p·(1 − g), FN = Σ w·(1 − p)·g.
 * Returns `[rows, kept classes]`; runs inside the caller's tidy.
 */
export function tverskyIndex(
  logits: tf.Tensor4D,
  oneHot: tf.Tensor4D,
  weight: tf.Tensor3D,
  o: { alpha: number; beta: number; smooth: number; includeBackground: boolean; aggregate: Aggregate },
): tf.Tensor2D {
  const { tp, fp, fn } = confusionSums(logits, oneHot, weight, o.aggregate);
  const [t, f, n] = [tp, fp, fn].map((x) => keepClasses(x, o.includeBackground));
  const denominator = tf.add(tf.add(tf.add(t, tf.mul(f, o.alpha)), tf.mul(n, o.beta)), o.smooth);
  return tf.div(tf.add(t, o.smooth), denominator) as tf.Tensor2D;
}

/**
 * Tversky loss (Salehi, Erdogmus & Gholipour, "Tversky loss function for image segmentation using 3D fully
 * convolutional deep networks", MLMI 2017): 1 − mean over images and classes of the {@link tverskyIndex}
 * TI = (TP + s)/(TP + α·FP + β·FN + s). β > α trades precision for recall on small structures.
 */
export function tversky(options: TverskyOptions = {}): SegLoss {
  const {
    alpha = 0.3,
    beta = 0.7,
    smooth = 1e-5,
    includeBackground = false,
    aggregate = 'image',
    ignoreIndex = 255,
    checkLabels = false,
  } = options;
  validateTversky('tversky', alpha, beta, smooth, aggregate);
  return defineLoss(
    'tversky',
    (logits, _labels, { oneHot, weight }) => {
      const ti = tverskyIndex(logits, oneHot, weight, { alpha, beta, smooth, includeBackground, aggregate });
      return { total: tf.sub(1, tf.mean(ti)) };
    },
    { ignoreIndex, checkLabels, reduction: 'mean' },
  );
}

/** Registry entry of {@link tversky}. */
export const tverskyEntry = defineLossEntry({
  name: 'tversky',
  description: '1 − Tversky index TP/(TP + α·FP + β·FN) (Salehi et al. 2017)',
  options: z
    .object({
      alpha: z.number().min(0).default(0.3).describe('false-positive weight α'),
      beta: z.number().min(0).default(0.7).describe('false-negative weight β'),
      smooth: z.number().min(0).default(1e-5).describe('added to numerator and denominator'),
      includeBackground: z.boolean().default(false).describe('count class 0'),
      aggregate: z.enum(['image', 'batch']).default('image').describe('sums per image or over the batch'),
      ...baseLossOptions,
    })
    .strict(),
  create: tversky,
});
