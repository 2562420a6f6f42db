/**
 * Weighted confusion sums for region losses (Dice family, Tversky): per image (`[N,C]`) or over the whole batch
 * (`[1,C]`). With p = softmax(z), g = one-hot labels and w the per-pixel weight (0 on ignored pixels):
 * TP = Σ w·p·g, FP = Σ w·p·(1 − g), FN = Σ w·(1 − p)·g, plus Σ w·g (truth) and Σ w·p (predicted).
 */
import { assertOneOf } from '@seg/core';
import * as tf from '@tensorflow/tfjs';

/** Where region sums run: over each image then averaged ('image'), or over the whole batch at once ('batch'). */
export type Aggregate = 'image' | 'batch';
export const AGGREGATES: readonly Aggregate[] = ['image', 'batch'];

export function assertAggregate(value: unknown, fn: string): asserts value is Aggregate {
  assertOneOf(value, AGGREGATES, fn, 'aggregate');
}

export interface ConfusionSums {
  tp: tf.Tensor2D;
  fp: tf.Tensor2D;
  fn: tf.Tensor2D;
  truth: tf.Tensor2D;
  predicted: tf.Tensor2D;
}

function sumPixels(x: tf.Tensor, aggregate: Aggregate): tf.Tensor2D {
  return (aggregate === 'image' ? tf.sum(x, [1, 2]) : tf.expandDims(tf.sum(x, [0, 1, 2]), 0)) as tf.Tensor2D;
}

/** The sums of the module doc; runs inside the caller's tidy. */
export function confusionSums(logits: tf.Tensor4D, oneHot: tf.Tensor4D, weight: tf.Tensor3D, aggregate: Aggregate): ConfusionSums {
  const p = tf.softmax(logits);
  const w = tf.expandDims(weight, -1);
  const pw = tf.mul(p, w);
  const tp = sumPixels(tf.mul(pw, oneHot), aggregate);
  const truth = sumPixels(tf.mul(oneHot, w), aggregate);
  const predicted = sumPixels(pw, aggregate);
  return { tp, fp: tf.sub(predicted, tp), fn: tf.sub(truth, tp), truth, predicted };
}

/** Drops class 0 (column 0) unless `includeBackground`. */
export function keepClasses<T extends tf.Tensor2D>(x: T, includeBackground: boolean): T {
  return includeBackground ? x : (tf.slice(x, [0, 1], [-1, -1]) as T);
}
