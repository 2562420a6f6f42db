/**
 * Validation batches as tensors, for the local-temperature fit: checks (once, before training) and the exact NLL
 * over the labeled pixels of every batch, with or without a temperature network.
 */
import { assertDtype, assertFiniteArray, assertLabels, assertRank, assertSameShape, describeShape, SegInputError } from '@seg/core';
import * as tf from '@tensorflow/tfjs';
import { crossEntropy } from '../losses/cross-entropy.js';
import { validMask } from '../pixel-ops.js';

/** One validation batch: the segmentor's logits, the labels and (for inputs 'logits+image') the images. */
export interface CalibrationBatch {
  logits: tf.Tensor4D;
  labels: tf.Tensor3D;
  images?: tf.Tensor4D;
}

export interface BatchesShape {
  numClasses: number;
  /** Image channels (0 when the images are not used). */
  imageChannels: number;
  /** Labeled pixels per batch. */
  counts: number[];
}

function checkBatch(fn: string, batch: CalibrationBatch, i: number, useImage: boolean, first?: BatchesShape): void {
  const arg = (name: string) => `batches[${i}].${name}`;
  if (typeof batch !== 'object' || batch === null)
    throw new SegInputError({ fn, arg: `batches[${i}]`, expected: 'an object { logits, labels, images? }', got: String(batch) });
  assertRank(batch.logits, 4, fn, arg('logits'), 'Logits are N×H×W×C, channels-last');
  assertDtype(batch.logits, 'float32', fn, arg('logits'));
  const classes = first?.numClasses ?? batch.logits.shape[3];
  if (batch.logits.shape[3] !== classes || classes < 2) {
    throw new SegInputError({
      fn,
      arg: arg('logits'),
      expected: `N×H×W×${first ? classes : 'C with C ≥ 2'}`,
      got: describeShape(batch.logits.shape),
    });
  }
  assertRank(batch.labels, 3, fn, arg('labels'), 'Labels are N×H×W class indices');
  assertDtype(batch.labels, 'int32', fn, arg('labels'), "Cast with tf.cast(labels, 'int32')");
  assertSameShape(batch.logits, batch.labels, fn, arg('logits'), arg('labels'), 3);
  if (!useImage) return;
  if (batch.images === undefined) {
    throw new SegInputError({
      fn,
      arg: arg('images'),
      expected: "an N×H×W×Cin float32 tensor (inputs is 'logits+image')",
      got: 'undefined',
      hint: "Pass the images, or use inputs: 'logits'",
    });
  }
  assertRank(batch.images, 4, fn, arg('images'));
  assertDtype(batch.images, 'float32', fn, arg('images'));
  assertSameShape(batch.logits, batch.images, fn, arg('logits'), arg('images'), 3);
  if (first && batch.images.shape[3] !== first.imageChannels) {
    throw new SegInputError({
      fn,
      arg: arg('images'),
      expected: `${first.imageChannels} channels like batches[0].images`,
      got: describeShape(batch.images.shape),
    });
  }
}

/** Checks every batch (shapes, dtypes, label values, finite logits) and counts labeled pixels. Reads the data once. */
export function checkBatches(fn: string, batches: readonly CalibrationBatch[], useImage: boolean, ignoreIndex: number): BatchesShape {
  if (!Array.isArray(batches) || batches.length === 0) {
    throw new SegInputError({
      fn,
      arg: 'batches',
      expected: 'a non-empty array of { logits, labels, images? }',
      got: Array.isArray(batches) ? 'an empty array' : typeof batches,
    });
  }
  let shape: BatchesShape | undefined;
  batches.forEach((batch, i) => {
    checkBatch(fn, batch, i, useImage, shape);
    const numClasses = batch.logits.shape[3];
    shape ??= { numClasses, imageChannels: useImage ? (batch.images as tf.Tensor4D).shape[3] : 0, counts: [] };
    const labels = batch.labels.dataSync();
    assertLabels(labels, numClasses, fn, `batches[${i}].labels`, ignoreIndex);
    assertFiniteArray(batch.logits.dataSync(), fn, `batches[${i}].logits`, 'The model produced NaN or infinite logits');
    let labeled = 0;
    for (let p = 0; p < labels.length; p++) if (labels[p] !== ignoreIndex) labeled++;
    shape.counts.push(labeled);
  });
  const result = shape as BatchesShape;
  if (result.counts.every((c) => c === 0)) {
    throw new SegInputError({
      fn,
      arg: 'batches',
      expected: 'at least one labeled pixel',
      got: `every label ${ignoreIndex} (ignoreIndex)`,
      hint: 'Calibrate on labelled validation data',
    });
  }
  return result;
}

export interface NllSummary {
  /** Mean NLL over the labeled pixels of all batches. */
  nll: number;
  count: number;
  /** Temperatures over every pixel (T = 1 everywhere without a network). */
  temperature: { min: number; mean: number; max: number };
}

/** Exact NLL of softmax(z / T(x)) over every batch (T = 1 without `model`), summed in float64 across batches. */
export function evaluateNll(
  batches: readonly CalibrationBatch[],
  ignoreIndex: number,
  model?: tf.LayersModel,
  useImage = false,
): NllSummary {
  const ceSum = crossEntropy({ ignoreIndex, reduction: 'sum' });
  let nll = 0;
  let count = 0;
  let [min, max, sumT, pixels] = [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0, 0];
  for (const batch of batches) {
    const values = tf.tidy(() => {
      const t = model
        ? (model.apply(useImage ? [batch.logits, batch.images as tf.Tensor4D] : batch.logits, { training: false }) as tf.Tensor4D)
        : tf.onesLike(batch.labels).toFloat();
      const scaled = model ? (tf.div(batch.logits, t) as tf.Tensor4D) : batch.logits;
      return tf
        .stack([ceSum(scaled, batch.labels), tf.sum(validMask(batch.labels, ignoreIndex)), tf.min(t), tf.max(t), tf.sum(t)])
        .dataSync();
    });
    nll += values[0];
    count += values[1];
    min = Math.min(min, values[2]);
    max = Math.max(max, values[3]);
    sumT += values[4];
    pixels += batch.labels.size;
  }
  return { nll: nll / count, count, temperature: { min, mean: sumT / pixels, max } };
}
