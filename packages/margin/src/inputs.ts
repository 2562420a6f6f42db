/**
 * Input checks shared by every loss. They read only `.shape` and `.dtype` (no data sync), except
 * {@link checkLabelValues}, which reads the labels back and is therefore opt-in.
 */

import { assertDtype, assertLabels, assertRank, assertSameShape, describeShape, SegInputError } from '@seg/core';
import type * as tf from '@tensorflow/tfjs';

/** Logits rank 4 float32 with ≥ 2 classes, labels rank 3 int32 on the same N×H×W, optional weights likewise float32. */
export function validateLossInputs(fn: string, logits: unknown, labels: unknown, weights?: unknown): void {
  assertRank(logits, 4, fn, 'logits', 'Logits are N×H×W×C, channels-last');
  assertDtype(logits, 'float32', fn, 'logits');
  const lg = logits as tf.Tensor4D;
  const classes = lg.shape[3];
  if (classes < 2) {
    throw new SegInputError({
      fn,
      arg: 'logits',
      expected: 'N×H×W×C with C ≥ 2 classes (background included)',
      got: describeShape(lg.shape),
      hint: 'Give the model one output channel per class, background included',
    });
  }
  assertRank(labels, 3, fn, 'labels', 'Labels are N×H×W class indices');
  assertDtype(labels, 'int32', fn, 'labels', "Cast with labels.toInt() or tf.cast(labels, 'int32')");
  assertSameShape(lg, labels, fn, 'logits', 'labels', 3);
  if (weights !== undefined) {
    assertRank(weights, 3, fn, 'weights', 'Pixel weights are N×H×W');
    assertDtype(weights, 'float32', fn, 'weights');
    assertSameShape(lg, weights, fn, 'logits', 'weights', 3);
  }
}

/** Class weights: one finite value ≥ 0 per class, not all zero. */
export function validateClassWeights(fn: string, classWeights: readonly number[] | undefined): void {
  if (classWeights === undefined) return;
  const bad =
    !Array.isArray(classWeights) ||
    classWeights.length < 2 ||
    classWeights.some((w) => typeof w !== 'number' || !(w >= 0 && Number.isFinite(w)));
  if (bad || classWeights.every((w) => w === 0)) {
    throw new SegInputError({
      fn,
      arg: 'classWeights',
      expected: 'one finite weight ≥ 0 per class (at least 2, not all zero)',
      got: JSON.stringify(classWeights),
    });
  }
}

/** Class weights must have one entry per class of the logits. */
export function assertClassWeightsMatch(fn: string, classWeights: readonly number[] | undefined, numClasses: number): void {
  if (classWeights !== undefined && classWeights.length !== numClasses) {
    throw new SegInputError({
      fn,
      arg: 'classWeights',
      expected: `${numClasses} values, one per class of 'logits'`,
      got: `${classWeights.length} values`,
    });
  }
}

/** Reads the labels back and checks every value is in [0, C) or ignoreIndex (SegInputError naming the first bad one). */
export function checkLabelValues(fn: string, labels: tf.Tensor3D, numClasses: number, ignoreIndex: number): void {
  assertLabels(labels.dataSync(), numClasses, fn, 'labels', ignoreIndex);
}
