import { assertOneOf, assertPositive } from '@seg/core';
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { defineLoss } from '../define-loss.js';
import { baseLossOptions, defineLossEntry } from '../loss-entry.js';
import type { BaseLossOptions, SegLoss } from '../types.js';
import { type Aggregate, assertAggregate, confusionSums, keepClasses } from './region-sums.js';

export interface GeneralizedDiceOptions extends BaseLossOptions {
  /** Class weights w_k from the label volume r_k = Σ_i g_ik: 'square' 1/r_k² (Sudre et al., default), 'simple' 1/r_k, 'uniform' 1. */
  weighting?: 'square' | 'simple' | 'uniform';
  /** Added to numerator and denominator. Default 1e-5 (MONAI). */
  smooth?: number;
  /** Count class 0. Default true (Sudre et al.: the weights handle the imbalance). */
  includeBackground?: boolean;
  /** Sums per image then the mean over images ('image', default, MONAI batch=False) or over the whole batch ('batch'). */
  aggregate?: Aggregate;
}

export const GDL_WEIGHTINGS = ['square', 'simple', 'uniform'] as const;

/**
 * Generalized Dice loss (Sudre, Li, Vercauteren, Ourselin & Cardoso, "Generalised Dice overlap as a deep learning loss
 * function for highly unbalanced segmentations", DLMIA 2017), with p = softmax(z), g = one-hot labels, w_i the pixel
 * weight (0 on ignored pixels), r_k = Σ_i w_i g_ik and class weights W_k = 1/r_k²:
 *
 *   GDL = 1 − (2·Σ_k W_k Σ_i w_i p_ik g_ik + s) / (Σ_k W_k Σ_i w_i (p_ik + g_ik) + s)
 *
 * A class absent from the image (r_k = 0, W_k = ∞) gets the largest weight of the present classes instead (MONAI's
 * rule), so predicting it is still penalised; with no labeled pixel the loss is 0. The class weights are constants
 * (they depend on labels only). The DMC paper's baseline (`GDiceLossV2` in its code) is aggregate 'batch'.
 */
export function generalizedDice(options: GeneralizedDiceOptions = {}): SegLoss {
  const {
    weighting = 'square',
    smooth = 1e-5,
    includeBackground = true,
    aggregate = 'image',
    ignoreIndex = 255,
    checkLabels = false,
  } = options;
  assertOneOf(weighting, GDL_WEIGHTINGS, 'generalizedDice', 'weighting');
  assertPositive(smooth, 'generalizedDice', 'smooth');
  assertAggregate(aggregate, 'generalizedDice');
  return defineLoss(
    'generalizedDice',
    (logits, _labels, { oneHot, weight }) => {
      const sums = confusionSums(logits, oneHot, weight, aggregate);
      const [tp, truth, predicted] = [sums.tp, sums.truth, sums.predicted].map((t) => keepClasses(t, includeBackground));
      const present = tf.greater(truth, 0);
      const safe = tf.where(present, truth, tf.onesLike(truth));
      const inverse = weighting === 'square' ? tf.div(1, tf.square(safe)) : weighting === 'simple' ? tf.div(1, safe) : tf.onesLike(safe);
      const raw = tf.where(present, inverse, tf.zerosLike(inverse));
      const classWeight = tf.where(present, raw, tf.broadcastTo(tf.max(raw, 1, true), raw.shape));
      const numerator = tf.add(tf.mul(tf.sum(tf.mul(classWeight, tp), 1), 2), smooth);
      const denominator = tf.add(tf.sum(tf.mul(classWeight, tf.add(truth, predicted)), 1), smooth);
      return { total: tf.sub(1, tf.mean(tf.div(numerator, denominator))) };
    },
    { ignoreIndex, checkLabels, reduction: 'mean' },
  );
}

/** Registry entry of {@link generalizedDice}. */
export const generalizedDiceEntry = defineLossEntry({
  name: 'generalized-dice',
  description: 'generalized Dice with class weights 1/(Σ g)² (Sudre et al. 2017)',
  options: z
    .object({
      weighting: z.enum(['square', 'simple', 'uniform']).default('square').describe('class weights 1/(Σg)², 1/Σg or 1'),
      smooth: z.number().min(0).default(1e-5).describe('added to numerator and denominator'),
      includeBackground: z.boolean().default(true).describe('count class 0'),
      aggregate: z.enum(['image', 'batch']).default('image').describe('sums per image or over the batch'),
      ...baseLossOptions,
    })
    .strict(),
  create: generalizedDice,
});
