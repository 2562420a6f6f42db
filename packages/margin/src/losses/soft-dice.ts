import { assertPositive } from '@seg/core';
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { defineLoss } from '../define-loss.js';
import { baseLossOptions, defineLossEntry } from '../loss-entry.js';
import type { BaseLossOptions, SegLoss } from '../types.js';

export interface SoftDiceOptions extends BaseLossOptions {
  /** Added to numerator and denominator (MONAI's smooth_nr = smooth_dr); keeps empty classes finite. Default 1e-5. */
  smooth?: number;
  /** Count class 0 in the mean. Default false (foreground classes only). */
  includeBackground?: boolean;
  /** Denominator Σp² + Σg² (Milletari et al., V-Net) instead of Σp + Σg. Default false. */
  squared?: boolean;
}

/**
 * Soft Dice loss on softmax probabilities p = softmax(z), per image n and class k (Milletari et al. 2016;
 * MONAI `DiceLoss(softmax=True)`):
 *
 *   D_nk = (2·Σ_i w_i p_ik g_ik + s) / (Σ_i w_i p_ik + Σ_i w_i g_ik + s),   loss = 1 − mean_{n,k} D_nk
 *
 * g = one-hot labels, w = pixel weight × (label ≠ ignoreIndex), so ignored pixels are excluded from every sum;
 * with `squared` the denominator uses p² and g². The mean runs over images and classes 1…C−1 (0…C−1 with
 * `includeBackground`), including classes absent from an image: there D = s / (Σp + s), which pushes their
 * predicted probability to 0. The loss is computed per image, so reduction 'none' does not apply.
 */
export function softDice(options: SoftDiceOptions = {}): SegLoss {
  const { smooth = 1e-5, includeBackground = false, squared = false, ignoreIndex = 255, checkLabels = false } = options;
  assertPositive(smooth, 'softDice', 'smooth');
  return defineLoss(
    'softDice',
    (logits, _labels, { oneHot, weight }) => {
      const p = tf.softmax(logits);
      const w = tf.expandDims(weight, -1);
      const pw = tf.mul(p, w);
      const intersection = tf.sum(tf.mul(pw, oneHot), [1, 2]);
      const predicted = tf.sum(squared ? tf.mul(pw, p) : pw, [1, 2]);
      const truth = tf.sum(tf.mul(oneHot, w), [1, 2]);
      const dice = tf.div(tf.add(tf.mul(2, intersection), smooth), tf.add(tf.add(predicted, truth), smooth));
      const kept = includeBackground ? dice : tf.slice(dice, [0, 1], [-1, -1]);
      return { total: tf.sub(1, tf.mean(kept)) };
    },
    { ignoreIndex, checkLabels, reduction: 'mean' },
  );
}

/** Registry entry of {@link softDice}. */
export const softDiceEntry = defineLossEntry({
  name: 'dice',
  description: '1 − soft Dice per image and class on softmax probabilities',
  options: z
    .object({
      smooth: z.number().min(0).default(1e-5).describe('added to numerator and denominator'),
      includeBackground: z.boolean().default(false).describe('count class 0 in the mean'),
      squared: z.boolean().default(false).describe('squared terms in the denominator (V-Net)'),
      ...baseLossOptions,
    })
    .strict(),
  create: softDice,
});
