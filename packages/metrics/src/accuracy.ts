/**
 * Pixel accuracy: the fraction of (non-ignored) pixels whose predicted class equals the true class,
 * trace(CM) / sum(CM). With no counted pixel at all the empty policy decides ('nan' → NaN, 'zero-one' → 1).
 */
import { assertInteger, DEFAULT_IGNORE_INDEX } from '@seg/core';
import { assertConfusion, type ConfusionMatrix, countConfusion } from './confusion.js';
import { assertEmptyPolicy, type EmptyPolicy, ratio } from './empty.js';
import { assertSameGrid, type LabelLike } from './grid.js';

export interface PixelAccuracyOptions {
  /** When given, labels are also checked to lie in [0, numClasses). */
  numClasses?: number;
  /** Truth pixels with this value are skipped. Default 255; -1 counts every pixel. */
  ignoreIndex?: number;
  /** Value when no pixel is counted. Default 'nan'. */
  empty?: EmptyPolicy;
}

/** Pixel accuracy from a confusion matrix (e.g. a dataset-level one). */
export function pixelAccuracyFromConfusion(cm: ConfusionMatrix, options: { empty?: EmptyPolicy } = {}): number {
  const { empty = 'nan' } = options;
  assertConfusion(cm, 'pixelAccuracyFromConfusion', 'cm');
  assertEmptyPolicy(empty, 'pixelAccuracyFromConfusion');
  const c = cm.numClasses;
  let correct = 0;
  let total = 0;
  for (let i = 0; i < cm.counts.length; i++) {
    total += cm.counts[i];
    if (i % (c + 1) === 0) correct += cm.counts[i];
  }
  return ratio(correct, total, true, empty);
}

/** Pixel accuracy of one case. */
export function pixelAccuracy(pred: LabelLike, truth: LabelLike, options: PixelAccuracyOptions = {}): number {
  const { numClasses, ignoreIndex = DEFAULT_IGNORE_INDEX, empty = 'nan' } = options;
  assertEmptyPolicy(empty, 'pixelAccuracy');
  if (numClasses !== undefined) {
    return pixelAccuracyFromConfusion(countConfusion(pred, truth, { numClasses, ignoreIndex }, 'pixelAccuracy'), { empty });
  }
  assertInteger(ignoreIndex, 'pixelAccuracy', 'ignoreIndex');
  assertSameGrid(pred, truth, 'pixelAccuracy');
  const p = pred.data;
  const t = truth.data;
  let correct = 0;
  let total = 0;
  for (let i = 0; i < t.length; i++) {
    if (t[i] === ignoreIndex) continue;
    total++;
    if (p[i] === t[i]) correct++;
  }
  return ratio(correct, total, true, empty);
}
