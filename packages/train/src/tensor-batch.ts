/** Conversion between the typed-array {@link Batch} of `@seg/data` and the {@link TensorBatch} a step consumes. */
import { type Batch, DEFAULT_IGNORE_INDEX, SegInputError } from '@seg/core';
import * as tf from '@tensorflow/tfjs';
import type { TensorBatch } from './train-step.js';

/**
 * Checks a batch before it becomes tensors, naming the case: every pixel finite, and (with `numClasses`) every label
 * in [0, numClasses) or `ignoreIndex`. One pass over the typed arrays — negligible next to a training step — so a
 * custom Dataset with a NaN pixel or a stray label value fails here, clearly, instead of poisoning the weights.
 */
export function checkBatch(batch: Batch, fn: string, numClasses?: number, ignoreIndex = DEFAULT_IGNORE_INDEX): void {
  const [, h, w, c] = batch.shape;
  const { images } = batch;
  for (let i = 0; i < images.length; i++) {
    if (!Number.isFinite(images[i])) {
      const id = batch.ids[Math.floor(i / (h * w * c))];
      throw new SegInputError({
        fn,
        arg: `image '${id}'`,
        expected: 'finite pixel values',
        got: `${images[i]} at pixel ${Math.floor((i % (h * w * c)) / c)}`,
        hint: 'Check the image for missing values or a failed normalisation',
      });
    }
  }
  if (numClasses === undefined) return;
  for (const labels of [batch.labels, ...(batch.annotations ?? [])]) if (labels) checkLabels(batch, labels, fn, numClasses, ignoreIndex);
}

function checkLabels(batch: Batch, labels: Int32Array, fn: string, numClasses: number, ignoreIndex: number): void {
  const [, h, w] = batch.shape;
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i];
    if (v !== ignoreIndex && (v < 0 || v >= numClasses)) {
      const id = batch.ids[Math.floor(i / (h * w))];
      throw new SegInputError({
        fn,
        arg: `label map '${id}'`,
        expected: `class indices in [0, ${numClasses - 1}] or ${ignoreIndex} (ignored)`,
        got: `${v} at pixel ${i % (h * w)}`,
        hint: 'Raise numClasses, or remap the label values',
      });
    }
  }
}

/**
 * Images → float32 `[N,H,W,C]`, labels → int32 `[N,H,W]`, after {@link checkBatch}. The caller disposes with
 * {@link disposeTensorBatch}.
 */
export function toTensorBatch(batch: Batch, fn = 'toTensorBatch', numClasses?: number): TensorBatch {
  const [n, h, w] = batch.shape;
  if (batch.labels === undefined) {
    throw new SegInputError({
      fn,
      arg: 'batch',
      expected: 'a labelled batch',
      got: `a batch without labels (${batch.ids.slice(0, 3).join(', ')}${batch.ids.length > 3 ? ', …' : ''})`,
      hint: 'Training and validation need label maps; use unlabelled images only with a scheme that supports them',
    });
  }
  checkBatch(batch, fn, numClasses);
  return {
    ids: batch.ids,
    images: tf.tensor4d(batch.images, [...batch.shape]),
    labels: tf.tensor3d(batch.labels, [n, h, w], 'int32'),
    ...(batch.annotations ? { annotations: batch.annotations.map((a) => tf.tensor3d(a, [n, h, w], 'int32')) } : {}),
  };
}

export function disposeTensorBatch(batch: TensorBatch): void {
  batch.images.dispose();
  batch.labels.dispose();
  if (batch.annotations) tf.dispose([...batch.annotations]);
}
