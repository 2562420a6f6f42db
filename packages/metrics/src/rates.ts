/**
 * Precision, recall (= sensitivity, true-positive rate) and specificity (true-negative rate) per class,
 * one class against the rest:
 *
 *   precision_k = TP / (TP + FP)     recall_k = TP / (TP + FN)     specificity_k = TN / (TN + FP)
 *
 * A zero denominator follows the empty policy when the class is absent from both prediction and truth
 * (specificity: when *no other class* is present in either), and gives 0 otherwise (e.g. precision of a
 * class present in the truth but never predicted). Specificity is the recall of "not k".
 */
import { type ConfusionMatrix, countConfusion } from './confusion.js';
import type { LabelLike } from './grid.js';
import type { OverlapOptions } from './overlap.js';
import { absent, type FromConfusionOptions, perClass, type RatioOf } from './per-class.js';

const precisionRatio: RatioOf = (c) => [c.tp, c.tp + c.fp, absent(c)];
const recallRatio: RatioOf = (c) => [c.tp, c.tp + c.fn, absent(c)];
const specificityRatio: RatioOf = (c) => [c.tn, c.tn + c.fp, c.tn + c.fp + c.fn === 0];

/** Precision (positive predictive value) per class from a confusion matrix. */
export function precisionFromConfusion(cm: ConfusionMatrix, options: FromConfusionOptions = {}): number[] {
  return perClass(cm, precisionRatio, options, 'precisionFromConfusion');
}

/** Recall (sensitivity) per class from a confusion matrix. */
export function recallFromConfusion(cm: ConfusionMatrix, options: FromConfusionOptions = {}): number[] {
  return perClass(cm, recallRatio, options, 'recallFromConfusion');
}

/** Sensitivity (true-positive rate) per class from a confusion matrix: the same numbers as recall. */
export function sensitivityFromConfusion(cm: ConfusionMatrix, options: FromConfusionOptions = {}): number[] {
  return perClass(cm, recallRatio, options, 'sensitivityFromConfusion');
}

/** Specificity per class from a confusion matrix. */
export function specificityFromConfusion(cm: ConfusionMatrix, options: FromConfusionOptions = {}): number[] {
  return perClass(cm, specificityRatio, options, 'specificityFromConfusion');
}

/** Precision per class of one case. */
export function precision(pred: LabelLike, truth: LabelLike, options: OverlapOptions): number[] {
  return perClass(countConfusion(pred, truth, options, 'precision'), precisionRatio, options, 'precision');
}

/** Recall per class of one case (the same as {@link sensitivity}). */
export function recall(pred: LabelLike, truth: LabelLike, options: OverlapOptions): number[] {
  return perClass(countConfusion(pred, truth, options, 'recall'), recallRatio, options, 'recall');
}

/** Sensitivity (true-positive rate) per class of one case: the same numbers as {@link recall}. */
export function sensitivity(pred: LabelLike, truth: LabelLike, options: OverlapOptions): number[] {
  return perClass(countConfusion(pred, truth, options, 'sensitivity'), recallRatio, options, 'sensitivity');
}

/** Specificity (true-negative rate) per class of one case. */
export function specificity(pred: LabelLike, truth: LabelLike, options: OverlapOptions): number[] {
  return perClass(countConfusion(pred, truth, options, 'specificity'), specificityRatio, options, 'specificity');
}
