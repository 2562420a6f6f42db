/**
 * `defineLoss` turns a per-pixel (or image-level) computation into a {@link SegLoss}: it validates the inputs once
 * per call, builds the valid-pixel mask (label ≠ ignoreIndex) and the one-hot labels, folds pixel weights and class
 * weights into one per-pixel weight w, runs the compute function, and reduces every per-pixel part with
 * {@link reducePixels} ('mean' = Σ w·ℓ / Σ w). The whole call is one tf.tidy with no await inside.
 */

import { assertInteger, assertOneOf, DEFAULT_IGNORE_INDEX, describeShape, SegConfigError, SegInternalError } from '@seg/core';
import * as tf from '@tensorflow/tfjs';
import { assertClassWeightsMatch, checkLabelValues, validateClassWeights, validateLossInputs } from './inputs.js';
import { oneHotLabels, validMask } from './pixel-ops.js';
import { reducePixels } from './reduce.js';
import type { BaseLossOptions, LossCompute, LossTerms, Reduction, SegLoss } from './types.js';

export const REDUCTIONS: readonly Reduction[] = ['mean', 'sum', 'none'];

export interface DefineLossOptions extends BaseLossOptions {
  /** Default 'mean'. */
  reduction?: Reduction;
  /**
   * One weight per class; each pixel's weight is multiplied by the weight of its label, in the numerator and the
   * denominator of 'mean' (so 'mean' = Σ w[y]·ℓ / Σ w[y], as PyTorch's `CrossEntropyLoss(weight=…)`).
   */
  classWeights?: readonly number[];
}

interface Evaluated {
  terms: LossTerms;
  weight: tf.Tensor3D;
}

interface Settings {
  name: string;
  compute: LossCompute;
  ignoreIndex: number;
  classWeights?: readonly number[];
  checkLabels: boolean;
}

/** Mask, one-hot, combined weight, then the loss's own terms. Runs inside the caller's tidy. */
function evaluate(s: Settings, logits: tf.Tensor4D, labels: tf.Tensor3D, weights?: tf.Tensor3D): Evaluated {
  const numClasses = logits.shape[3];
  assertClassWeightsMatch(s.name, s.classWeights, numClasses);
  if (s.checkLabels) checkLabelValues(s.name, labels, numClasses, s.ignoreIndex);
  const mask = validMask(labels, s.ignoreIndex);
  const oneHot = oneHotLabels(labels, numClasses, s.ignoreIndex);
  let weight: tf.Tensor3D = weights ? tf.mul(mask, weights) : mask;
  if (s.classWeights) weight = tf.mul(weight, tf.sum(tf.mul(oneHot, tf.tensor1d(Float32Array.from(s.classWeights))), -1));
  const terms = s.compute(logits, labels, { numClasses, mask, oneHot, weight });
  if (!terms || !(terms.total instanceof tf.Tensor)) {
    throw new SegInternalError({ fn: s.name, detail: "the loss's compute function returned no 'total' tensor" });
  }
  return { terms, weight };
}

/** Scalars pass through; per-pixel maps go through {@link reducePixels}; anything else is a bug in the loss. */
function reduceTerm(name: string, part: string, value: tf.Tensor, weight: tf.Tensor3D, how: Reduction): tf.Tensor {
  if (value.rank === 0) {
    if (how === 'none' && part === 'total') {
      throw new SegConfigError({
        fn: name,
        arg: 'reduction',
        expected: "'mean' or 'sum' for this loss",
        got: "'none'",
        hint: 'It is computed per image, not summed over pixels, so it has no per-pixel map',
      });
    }
    return value;
  }
  if (value.shape.length !== 3 || value.shape.some((d, i) => d !== weight.shape[i])) {
    throw new SegInternalError({
      fn: name,
      detail: `part '${part}' must be a scalar or ${describeShape(weight.shape)} per-pixel map, got ${describeShape(value.shape)}`,
    });
  }
  return reducePixels(value, weight, how);
}

/**
 * Builds a {@link SegLoss} named `name` from `compute`, which returns `{ total, ...parts }`: per-pixel maps
 * `[N,H,W]` (unweighted ℓ; the mask and weights are applied here) or scalars (image-level losses such as Dice, which
 * weight their own sums with `context.weight` and are passed through unchanged).
 */
export function defineLoss(name: string, compute: LossCompute, options: DefineLossOptions = {}): SegLoss {
  const { reduction = 'mean', ignoreIndex = DEFAULT_IGNORE_INDEX, classWeights, checkLabels = false } = options;
  assertOneOf(reduction, REDUCTIONS, name, 'reduction');
  assertInteger(ignoreIndex, name, 'ignoreIndex');
  validateClassWeights(name, classWeights);
  const settings: Settings = { name, compute, ignoreIndex, classWeights: classWeights && [...classWeights], checkLabels };

  const loss = (logits: tf.Tensor4D, labels: tf.Tensor3D, weights?: tf.Tensor3D): tf.Scalar => {
    validateLossInputs(name, logits, labels, weights);
    return tf.tidy(() => {
      const { terms, weight } = evaluate(settings, logits, labels, weights);
      return reduceTerm(name, 'total', terms.total, weight, reduction) as tf.Scalar;
    });
  };

  const parts = (logits: tf.Tensor4D, labels: tf.Tensor3D, weights?: tf.Tensor3D): Record<string, tf.Scalar> => {
    validateLossInputs(name, logits, labels, weights);
    const how: Reduction = reduction === 'none' ? 'mean' : reduction;
    return tf.tidy(() => {
      const { terms, weight } = evaluate(settings, logits, labels, weights);
      const out: Record<string, tf.Scalar> = {};
      for (const [part, value] of Object.entries(terms)) out[part] = reduceTerm(name, part, value, weight, how) as tf.Scalar;
      return { total: out.total, ...out };
    });
  };

  return Object.assign(loss, { lossName: name, reduction, ignoreIndex, parts });
}
