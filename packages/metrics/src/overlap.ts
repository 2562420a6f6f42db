/**
 * Dice (Sørensen–Dice, F1) and IoU (Jaccard) per class.
 *
 *   Dice_k = 2|P_k ∩ G_k| / (|P_k| + |G_k|) = 2TP / (2TP + FP + FN)
 *   IoU_k  =  |P_k ∩ G_k| / |P_k ∪ G_k|     =  TP / (TP + FP + FN)       (Dice = 2·IoU / (1 + IoU))
 *
 * A class absent from both prediction and truth follows `empty` ('nan' default, 'zero-one' → 1);
 * predicted but absent from the truth (or the reverse) gives 0 under both policies.
 * Per case: `dice(pred, truth, …)`. Dataset level: accumulate matrices with `addConfusion` and call
 * `diceFromConfusion` (see `datasetDice` in aggregate.ts).
 */
import { type ConfusionMatrix, type ConfusionOptions, countConfusion } from './confusion.js';
import type { LabelLike } from './grid.js';
import { absent, type FromConfusionOptions, perClass, type RatioOf } from './per-class.js';

export interface OverlapOptions extends ConfusionOptions, FromConfusionOptions {}

const diceRatio: RatioOf = (c) => [2 * c.tp, 2 * c.tp + c.fp + c.fn, absent(c)];
const iouRatio: RatioOf = (c) => [c.tp, c.tp + c.fp + c.fn, absent(c)];

/** Dice per class (index = class, background included) from a confusion matrix. */
export function diceFromConfusion(cm: ConfusionMatrix, options: FromConfusionOptions = {}): number[] {
  return perClass(cm, diceRatio, options, 'diceFromConfusion');
}

/** IoU (Jaccard) per class from a confusion matrix. */
export function iouFromConfusion(cm: ConfusionMatrix, options: FromConfusionOptions = {}): number[] {
  return perClass(cm, iouRatio, options, 'iouFromConfusion');
}

/** Dice per class of one case (index = class, background included). */
export function dice(pred: LabelLike, truth: LabelLike, options: OverlapOptions): number[] {
  return perClass(countConfusion(pred, truth, options, 'dice'), diceRatio, options, 'dice');
}

/** IoU (Jaccard index) per class of one case. */
export function iou(pred: LabelLike, truth: LabelLike, options: OverlapOptions): number[] {
  return perClass(countConfusion(pred, truth, options, 'iou'), iouRatio, options, 'iou');
}

/** Alias of {@link iou}. */
export const jaccard = iou;
