/**
 * Inference over a dataset: batches in dataset order, logits = model(x) in inference mode (dropout off, batch-norm
 * moving statistics), label = argmax over classes, probabilities = softmax (optional). Tensors are read and
 * disposed before each case is yielded, so breaking out of the loop leaks nothing.
 */
import { type LabelMap, type ProbabilityMap, SegInputError } from '@seg/core';
import { batches, type Dataset } from '@seg/data';
import * as tf from '@tensorflow/tfjs';

export interface PredictOptions {
  /** Cases per forward pass (default 4). */
  batchSize?: number;
  /** Also return softmax probabilities (default false). */
  probabilities?: boolean;
  /**
   * Applied to the logits before argmax/softmax, inside the same tidy (e.g. post-hoc temperature scaling:
   * `(z) => tf.div(z, T)`). Must keep the shape.
   */
  logitsTransform?: LogitsTransform;
}

/** Maps logits `[N,H,W,C]` (and the images they came from) to calibrated logits of the same shape. */
export type LogitsTransform = (logits: tf.Tensor4D, images: tf.Tensor4D) => tf.Tensor4D;

export interface Prediction {
  id: string;
  /** argmax class per pixel, H×W. */
  label: LabelMap;
  /** softmax over classes, H×W×C (when asked for). */
  probabilities?: ProbabilityMap;
}

/**
 * Logits of one batch in inference mode: the model's (first) output, checked to be `[N,H,W,C]`.
 * `fn` names the public caller in errors.
 */
export function inferLogits(model: tf.LayersModel, images: tf.Tensor4D, fn: string): tf.Tensor4D {
  const out = model.apply(images, { training: false }) as tf.Tensor | tf.Tensor[];
  const logits = Array.isArray(out) ? out[0] : out;
  const [n, h, w] = images.shape;
  if (logits.rank !== 4 || logits.shape[0] !== n || logits.shape[1] !== h || logits.shape[2] !== w) {
    throw new SegInputError({
      fn,
      arg: 'model',
      expected: `logits of shape ${n}×${h}×${w}×C for images ${images.shape.join('×')}`,
      got: logits.shape.join('×'),
      hint: 'The model must map an image to per-pixel class logits of the same height and width',
    });
  }
  return logits as tf.Tensor4D;
}

function predictBatch(
  model: tf.LayersModel,
  images: Float32Array,
  shape: readonly number[],
  probs: boolean,
  transform?: LogitsTransform,
): tf.Tensor[] {
  return tf.tidy(() => {
    const x = tf.tensor4d(images, shape as [number, number, number, number]);
    const raw = inferLogits(model, x, 'predictDataset');
    const logits = transform ? transform(raw, x) : raw;
    const label = tf.argMax(logits, -1);
    return probs ? [label, tf.softmax(logits, -1)] : [label];
  });
}

/** Predicts every case of `dataset` in order; yields `{ id, label, probabilities? }`. */
export async function* predictDataset(model: tf.LayersModel, dataset: Dataset, options: PredictOptions = {}): AsyncGenerator<Prediction> {
  const { batchSize = 4, probabilities = false, logitsTransform } = options;
  for (const batch of batches(dataset, { batchSize, shuffle: false })) {
    const [n, h, w] = batch.shape;
    const tensors = predictBatch(model, batch.images, batch.shape, probabilities, logitsTransform);
    let labels: Int32Array;
    let probs: Float32Array | undefined;
    try {
      labels = (await tensors[0].data()) as Int32Array;
      probs = tensors[1] ? ((await tensors[1].data()) as Float32Array) : undefined;
    } finally {
      tf.dispose(tensors);
    }
    const c = probs ? probs.length / (n * h * w) : 0;
    for (let i = 0; i < n; i++) {
      const label: LabelMap = { data: labels.slice(i * h * w, (i + 1) * h * w), shape: [h, w] };
      const prediction: Prediction = { id: batch.ids[i], label };
      if (probs) prediction.probabilities = { data: probs.slice(i * h * w * c, (i + 1) * h * w * c), shape: [h, w, c] };
      yield prediction;
    }
  }
}
