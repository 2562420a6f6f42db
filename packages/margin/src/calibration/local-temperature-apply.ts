/**
 * Running a local-temperature network: T(x) per pixel and the calibrated logits z / T(x). Dividing every logit of a
 * pixel by the same positive T keeps its argmax, so the segmentation is unchanged; only confidences move.
 */
import { assertDtype, assertRank, assertSameShape, describeShape, SegInputError } from '@seg/core';
import * as tf from '@tensorflow/tfjs';

/** Checks the inputs against the model's and returns what to feed it. Reads only shapes and dtypes. */
export function modelInputs(fn: string, model: tf.LayersModel, logits: tf.Tensor4D, images?: tf.Tensor4D): tf.Tensor4D[] {
  if (!(model instanceof tf.LayersModel)) {
    throw new SegInputError({
      fn,
      arg: 'model',
      expected: 'a tf.LayersModel from fitLocalTemperature or localTemperatureModel',
      got: typeof model,
    });
  }
  assertRank(logits, 4, fn, 'logits', 'Logits are N×H×W×C, channels-last');
  assertDtype(logits, 'float32', fn, 'logits');
  const [logitSpec, imageSpec] = model.inputs;
  const classes = logitSpec.shape[3];
  if (logits.shape[3] !== classes) {
    throw new SegInputError({
      fn,
      arg: 'logits',
      expected: `${classes} classes on the last axis, as the temperature network was fitted`,
      got: describeShape(logits.shape),
      hint: 'Use the calibration fitted for this segmentor',
    });
  }
  if (imageSpec === undefined) return [logits];
  if (images === undefined) {
    throw new SegInputError({
      fn,
      arg: 'images',
      expected: `the N×H×W×${imageSpec.shape[3]} images, since the network was fitted with inputs 'logits+image'`,
      got: 'undefined',
    });
  }
  assertRank(images, 4, fn, 'images', 'Images are N×H×W×C, channels-last');
  assertDtype(images, 'float32', fn, 'images');
  assertSameShape(logits, images, fn, 'logits', 'images', 3);
  if (images.shape[3] !== imageSpec.shape[3]) {
    throw new SegInputError({ fn, arg: 'images', expected: `${imageSpec.shape[3]} channels`, got: describeShape(images.shape) });
  }
  return [logits, images];
}

/** The network's output [N,H,W,1] for already checked inputs (no tidy: call inside one). */
export function temperatureMap(model: tf.LayersModel, inputs: tf.Tensor4D[]): tf.Tensor4D {
  const out = model.apply(inputs.length === 1 ? inputs[0] : inputs, { training: false }) as tf.Tensor;
  return out as tf.Tensor4D;
}

/** Per-pixel temperatures T(x) `[N,H,W]` (all ≥ the network's minTemperature > 0). One tf.tidy. */
export function localTemperatures(model: tf.LayersModel, logits: tf.Tensor4D, images?: tf.Tensor4D): tf.Tensor3D {
  const inputs = modelInputs('localTemperatures', model, logits, images);
  return tf.tidy(() => tf.squeeze(temperatureMap(model, inputs), [3]) as tf.Tensor3D);
}

/** Calibrated logits z / T(x), `[N,H,W,C]` (feed them to softmax). One tf.tidy; the caller disposes the result. */
export function applyLocalTemperature(model: tf.LayersModel, logits: tf.Tensor4D, images?: tf.Tensor4D): tf.Tensor4D {
  const inputs = modelInputs('applyLocalTemperature', model, logits, images);
  return tf.tidy(() => tf.div(logits, temperatureMap(model, inputs)) as tf.Tensor4D);
}
