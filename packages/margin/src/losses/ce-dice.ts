import { assertPositive } from '@seg/core';
import { z } from 'zod';
import { combine } from '../combine.js';
import { baseLossOptions, defineLossEntry } from '../loss-entry.js';
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

/** Registry entry of {@link ceDice}. */
export const ceDiceEntry = defineLossEntry({
  name: 'ce+dice',
  description: 'λ_ce·cross-entropy + λ_dice·soft Dice (nnU-Net compound)',
  options: z
    .object({
      ceWeight: z.number().min(0).default(1).describe('weight λ_ce of the cross-entropy'),
      diceWeight: z.number().min(0).default(1).describe('weight λ_dice of the soft Dice'),
      classWeights: z.array(z.number().min(0)).optional().describe('per-class weights of the cross-entropy'),
      smooth: z.number().min(0).default(1e-5).describe('soft Dice smoothing'),
      includeBackground: z.boolean().default(false).describe('count class 0 in the soft Dice'),
      squared: z.boolean().default(false).describe('squared terms in the soft Dice denominator'),
      ...baseLossOptions,
    })
    .strict(),
  create: ceDice,
});
