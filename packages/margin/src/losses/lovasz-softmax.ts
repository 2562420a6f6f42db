import { assertOneOf } from '@seg/core';
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { defineLoss } from '../define-loss.js';
import { baseLossOptions, defineLossEntry } from '../loss-entry.js';
import type { BaseLossOptions, SegLoss } from '../types.js';
import { type Aggregate, assertAggregate } from './region-sums.js';

export interface LovaszSoftmaxOptions extends BaseLossOptions {
  /** 'batch': one Jaccard surrogate per class over the whole batch (Berman et al.'s default); 'image': per image, then the mean. */
  aggregate?: Aggregate;
  /** 'present': average over the classes present in the labels (default, as Berman et al.); 'all': every class. */
  classes?: 'present' | 'all';
}

export const LOVASZ_CLASSES = ['present', 'all'] as const;

/**
 * The Lovász gradient for rows of errors `[R,L]`, fg `[R,L]` and pixel weights `[R,L]`, in the original pixel order:
 * sort each row by decreasing error, J_j = 1 − (G − Σ_{i≤j} w·fg) / (G + Σ_{i≤j} w·(1 − fg)) with G = Σ w·fg, and
 * coefficient_j = J_j − J_{j−1}. Computed in a custom-gradient op with a zero gradient: the coefficients are the
 * piecewise-constant gradient of the Lovász extension, not something to differentiate.
 */
function lovaszCoefficients(errors: tf.Tensor2D, fg: tf.Tensor2D, w: tf.Tensor2D): tf.Tensor2D {
  const [rows, length] = errors.shape;
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const e = args[0] as tf.Tensor;
    const order = tf.topk(e, length, true).indices;
    const flat = tf.add(order, tf.mul(tf.range(0, rows, 1, 'int32').reshape([rows, 1]), tf.scalar(length, 'int32')));
    const pick = (t: tf.Tensor2D) => tf.reshape(tf.gather(tf.reshape(t, [-1]), tf.reshape(flat, [-1])), [rows, length]);
    const [fgSorted, wSorted] = [pick(fg), pick(w)];
    const inFg = tf.mul(wSorted, fgSorted);
    const total = tf.sum(inFg, 1, true);
    const intersection = tf.sub(total, tf.cumsum(inFg, 1));
    const union = tf.add(total, tf.cumsum(tf.sub(wSorted, inFg), 1));
    const positive = tf.greater(union, 0);
    const jaccard = tf.where(positive, tf.sub(1, tf.div(intersection, tf.where(positive, union, tf.onesLike(union)))), tf.zerosLike(union));
    const previous = tf.concat([tf.zeros([rows, 1]), tf.slice(jaccard, [0, 0], [rows, length - 1])], 1);
    const coefficients = tf.sub(jaccard, previous);
    const value = tf.scatterND(tf.reshape(flat, [-1, 1]), tf.reshape(coefficients, [-1]), [rows * length]).reshape([rows, length]);
    return { value, gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy) };
  });
  return op(errors) as tf.Tensor2D;
}

/** `[N,H,W,C]` → rows `[N·C, H·W]` ('image') or `[C, N·H·W]` ('batch'). */
function toRows(x: tf.Tensor4D, aggregate: Aggregate): tf.Tensor2D {
  const [n, h, w, c] = x.shape;
  return (
    aggregate === 'image'
      ? tf.reshape(tf.transpose(x, [0, 3, 1, 2]), [n * c, h * w])
      : tf.reshape(tf.transpose(x, [3, 0, 1, 2]), [c, n * h * w])
  ) as tf.Tensor2D;
}

/**
 * Lovász-softmax loss (Berman, Rannen Triki & Blaschko, "The Lovász-softmax loss: a tractable surrogate for the
 * optimization of the intersection-over-union measure in neural networks", CVPR 2018): for each class c, the errors
 * e_i = |[y_i = c] − p_ic| (p = softmax(z)) sorted in decreasing order and weighted by the increments of the Jaccard
 * loss of the growing set of mispredicted pixels (the Lovász extension of the Jaccard loss),
 *
 *   loss_c = Σ_j e_(j) · (J_j − J_{j−1}),   J_j = 1 − |G_c ∖ M_j| / |G_c ∪ M_j|,   M_j = the j largest errors,
 *
 * averaged over the present (or all) classes, then over images for aggregate 'image'. Pixel weights w weight the
 * set sizes |·| (a weighted Jaccard); ignored pixels (w = 0) add nothing to any set, so neither they nor their
 * gradient count. With 'image', images without a labeled pixel are left out of the mean (Berman's code counts them
 * as 0). The DMC paper's baseline used 'image'.
 */
export function lovaszSoftmax(options: LovaszSoftmaxOptions = {}): SegLoss {
  const { aggregate = 'batch', classes = 'present', ignoreIndex = 255, checkLabels = false } = options;
  assertAggregate(aggregate, 'lovaszSoftmax');
  assertOneOf(classes, LOVASZ_CLASSES, 'lovaszSoftmax', 'classes');
  return defineLoss(
    'lovaszSoftmax',
    (logits, _labels, { numClasses, oneHot, weight }) => {
      const fg = toRows(oneHot, aggregate);
      const w = toRows(tf.tile(tf.expandDims(weight, -1), [1, 1, 1, numClasses]) as tf.Tensor4D, aggregate);
      const errors = tf.abs(tf.sub(fg, toRows(tf.softmax(logits), aggregate))) as tf.Tensor2D;
      const perRow = tf.sum(tf.mul(errors, lovaszCoefficients(errors, fg, w)), 1);
      const images = aggregate === 'image' ? logits.shape[0] : 1;
      const perClass = tf.reshape(perRow, [images, numClasses]);
      const labeled = tf.reshape(tf.sum(tf.mul(fg, w), 1), [images, numClasses]);
      const counted = classes === 'present' ? tf.cast(tf.greater(labeled, 0), 'float32') : tf.onesLike(labeled);
      const hasPixels = tf.cast(tf.greater(tf.sum(labeled, 1), 0), 'float32');
      const kept = tf.mul(counted, tf.expandDims(hasPixels, 1));
      const perImage = tf.div(tf.sum(tf.mul(perClass, kept), 1), tf.maximum(tf.sum(kept, 1), 1));
      return { total: tf.div(tf.sum(tf.mul(perImage, hasPixels)), tf.maximum(tf.sum(hasPixels), 1)) };
    },
    { ignoreIndex, checkLabels, reduction: 'mean' },
  );
}

/** Registry entry of {@link lovaszSoftmax}. */
export const lovaszSoftmaxEntry = defineLossEntry({
  name: 'lovasz',
  description: 'Lovász-softmax surrogate of the Jaccard loss (Berman et al. 2018)',
  options: z
    .object({
      aggregate: z.enum(['image', 'batch']).default('batch').describe('per image or over the batch'),
      classes: z.enum(['present', 'all']).default('present').describe('classes averaged over'),
      ...baseLossOptions,
    })
    .strict(),
  create: lovaszSoftmax,
});
