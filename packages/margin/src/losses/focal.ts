import { assertPositive, SegInputError } from '@seg/core';
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { defineLoss } from '../define-loss.js';
import { baseLossOptions, defineLossEntry, reductionOption } from '../loss-entry.js';
import type { BaseLossOptions, Reduction, SegLoss } from '../types.js';

export interface FocalOptions extends BaseLossOptions {
  /** Focusing parameter γ ≥ 0; γ = 0 is cross-entropy. Default 2 (Lin et al.). */
  gamma?: number;
  /**
   * α-balancing: a number α weights foreground pixels (label ≠ 0) by α and background pixels by 1 − α (Lin et al.'s
   * α for the positive class); an array gives one α per class. The weight multiplies each pixel's loss but, unlike
   * `classWeights` of {@link crossEntropy}, is not in the 'mean' denominator (as Lin et al. and torchvision).
   * The DMC authors' code gives a number α to class 0 instead: pass `[α, 1 − α]` to reproduce it.
   * Default: none (α = 1 everywhere).
   */
  alpha?: number | readonly number[];
  /** Default 'mean'. */
  reduction?: Reduction;
}

function alphaVector(alpha: number | readonly number[], numClasses: number): tf.Tensor1D {
  if (typeof alpha === 'number') return tf.tensor1d([1 - alpha, ...new Array(numClasses - 1).fill(alpha)]);
  if (alpha.length !== numClasses) {
    throw new SegInputError({
      fn: 'focal',
      arg: 'alpha',
      expected: `${numClasses} values, one per class of 'logits'`,
      got: `${alpha.length} values`,
    });
  }
  return tf.tensor1d(Float32Array.from(alpha));
}

function validateAlpha(alpha: unknown): void {
  if (alpha === undefined) return;
  const ok =
    (typeof alpha === 'number' && alpha >= 0 && alpha <= 1) ||
    (Array.isArray(alpha) && alpha.length >= 2 && alpha.every((a) => typeof a === 'number' && Number.isFinite(a) && a >= 0));
  if (!ok) {
    throw new SegInputError({
      fn: 'focal',
      arg: 'alpha',
      expected: 'a number in [0, 1] or one finite weight ≥ 0 per class',
      got: JSON.stringify(alpha),
    });
  }
}

/**
 * Focal loss (Lin, Goyal, Girshick, He & Dollár, "Focal loss for dense object detection", ICCV 2017), per pixel with
 * p_t = softmax(z)_y:
 *
 *   ℓ = −α_y · (1 − p_t)^γ · log p_t
 *
 * γ = 0 gives cross-entropy. Mukhoti et al. (2020) show it bounds CE − γ·H(p) from above, an implicit entropy
 * penalty; MbLS (Murugesan et al. 2023) compares against it with γ ∈ {1, 2, 3}. log p_t comes from the stable
 * log-softmax. `parts()`: `total`, `ce` (−log p_t, unweighted).
 */
export function focal(options: FocalOptions = {}): SegLoss {
  const { gamma = 2, alpha, reduction = 'mean', ignoreIndex = 255, checkLabels = false } = options;
  assertPositive(gamma, 'focal', 'gamma', true);
  validateAlpha(alpha);
  return defineLoss(
    'focal',
    (logits, _labels, { numClasses, oneHot }) => {
      const logPt = tf.sum(tf.mul(tf.logSoftmax(logits), oneHot), -1);
      // 1 − p_t = −expm1(log p_t), floored at 1e-30 so that γ < 1 gives a finite gradient where p_t = 1.
      const oneMinusPt = tf.maximum(tf.neg(tf.expm1(logPt)), 1e-30);
      const modulating = gamma === 0 ? tf.onesLike(logPt) : tf.pow(oneMinusPt, gamma);
      let total = tf.neg(tf.mul(modulating, logPt));
      if (alpha !== undefined) total = tf.mul(total, tf.sum(tf.mul(oneHot, alphaVector(alpha, numClasses)), -1));
      return { total, ce: tf.neg(logPt) };
    },
    { reduction, ignoreIndex, checkLabels },
  );
}

/** Registry entry of {@link focal}. */
export const focalEntry = defineLossEntry({
  name: 'focal',
  description: 'focal loss −α_y(1 − p_y)^γ log p_y (Lin et al. 2017)',
  options: z
    .object({
      gamma: z.number().min(0).default(2).describe('focusing exponent γ'),
      alpha: z
        .union([z.number(), z.array(z.number())])
        .optional()
        .describe('class balance α (one number: foreground, or per class)'),
      reduction: reductionOption,
      ...baseLossOptions,
    })
    .strict(),
  create: focal,
});
