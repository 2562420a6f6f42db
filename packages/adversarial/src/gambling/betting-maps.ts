/**
 * Betting maps as an uncertainty picture (paper, Fig. 2e): the trained gambler's budget weights on new images,
 * both networks in inference mode (batch-norm moving statistics, no dropout). No labels are needed: every pixel
 * takes a share of the budget.
 */
import { assertOneOf, assertRank } from '@seg/core';
import * as tf from '@tensorflow/tfjs';
import { type BudgetOptions, bettingWeights, resolveBudget } from './budget.js';
import { type GamblingStep, gamblerBets } from './step.js';

/** The two networks a betting map needs. */
export interface GamblingNets {
  segmentor: tf.LayersModel;
  gambler: tf.LayersModel;
}

export type BettingScale = 'budget' | 'relative';
export const BETTING_SCALES: readonly BettingScale[] = ['budget', 'relative'];

export interface BettingMapOptions extends BudgetOptions {
  /**
   * 'budget' (default): the weights w, summing to 1 per image. 'relative': w·H·W, so a uniform bet is 1 everywhere
   * and a value of 5 means five times the uniform stake (comparable across image sizes).
   */
  scale?: BettingScale;
}

const isStep = (source: GamblingStep | GamblingNets): source is GamblingStep => 'models' in source && 'options' in source;

/**
 * Per-pixel betting weights `[N,H,W]` of a gambling step (its form and β are the defaults) or of a
 * `{ segmentor, gambler }` pair on `images` `[N,H,W,Cin]`. One tf.tidy; the caller disposes the result.
 */
export function bettingMaps(source: GamblingStep | GamblingNets, images: tf.Tensor4D, options: BettingMapOptions = {}): tf.Tensor3D {
  const nets: GamblingNets = isStep(source) ? { segmentor: source.options.segmentor, gambler: source.options.gambler } : source;
  const defaults: BudgetOptions = isStep(source) ? { form: source.options.form, beta: source.options.beta } : {};
  const form = options.form ?? defaults.form;
  const beta = options.beta ?? (form === defaults.form ? defaults.beta : undefined);
  const budget = resolveBudget({ form, beta }, 'bettingMaps');
  const { scale = 'budget' } = options;
  assertOneOf(scale, BETTING_SCALES, 'bettingMaps', 'scale');
  assertRank(images, 4, 'bettingMaps', 'images', 'Pass a batch [N,H,W,C]');
  return tf.tidy(() => {
    const logits = nets.segmentor.apply(images, { training: false }) as tf.Tensor4D;
    const bets = gamblerBets(nets.gambler, images, tf.softmax(logits) as tf.Tensor4D, false);
    const weights = bettingWeights(bets, budget);
    return scale === 'budget' ? weights : (tf.mul(weights, images.shape[1] * images.shape[2]) as tf.Tensor3D);
  });
}
