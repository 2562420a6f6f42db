import { assertPositive } from '@seg/core';
import { combine } from '../combine.js';
import type { BaseLossOptions, SegLoss } from '../types.js';
import { crossEntropy } from './cross-entropy.js';
import { softDice } from './soft-dice.js';

/** Flat options (so a config file can set them directly): the weights of the two terms and each term's options. */
export interface CeDiceOptions extends BaseLossOptions {
  /** λ of the cross-entropy term. Default 1. */
  ceWeight?: number;
  /** λ of the Dice term. Default 1. */
  diceWeight?: number;
  /** Class weights of the cross-entropy term. */
  classWeights?: readonly number[];
  /** Dice smoothing. Default 1e-5. */
  smooth?: number;
  /** Count class 0 in the Dice mean. Default false. */
  includeBackground?: boolean;
  /** Squared Dice denominator. Default false. */
  squared?: boolean;
}

/**
 * The compound baseline of nnU-Net and the calibration papers: λ_ce·CE + λ_dice·(1 − soft Dice), both with
 * reduction 'mean' (see {@link crossEntropy} and {@link softDice}). `parts()` logs `total`, `ce` and `dice`.
 */
export function ceDice(options: CeDiceOptions = {}): SegLoss {
  const {
    ceWeight = 1,
    diceWeight = 1,
    classWeights,
    smooth,
    includeBackground,
    squared,
    ignoreIndex = 255,
    checkLabels = false,
  } = options;
  assertPositive(ceWeight, 'ceDice', 'ceWeight', true);
  assertPositive(diceWeight, 'ceDice', 'diceWeight', true);
  return combine(
    [
      [crossEntropy({ classWeights, ignoreIndex, checkLabels }), ceWeight, 'ce'],
      [softDice({ smooth, includeBackground, squared, ignoreIndex }), diceWeight, 'dice'],
    ],
    { name: 'ce+dice' },
  );
}
