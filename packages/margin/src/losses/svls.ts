import { assertInteger, assertPositive, SegInputError } from '@seg/core';
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { defineLoss } from '../define-loss.js';
import { baseLossOptions, defineLossEntry, reductionOption } from '../loss-entry.js';
import { pixelCrossEntropy } from '../pixel-ops.js';
import type { BaseLossOptions, Reduction, SegLoss } from '../types.js';

export interface SvlsOptions extends BaseLossOptions {
  /** Standard deviation σ of the Gaussian, in pixels. Default 1. */
  sigma?: number;
  /** Odd kernel width (pixels). Default 3 (the paper and MbLS's comparison). */
  kernelSize?: number;
  /** Default 'mean'. */
  reduction?: Reduction;
}

/**
 * The SVLS kernel, row-major k×k: a Gaussian g normalised to Σg = 1, its centre replaced by the neighbours' sum
 * 1 − g_c, then normalised again — so the centre weighs 1/2 and neighbour j weighs g_j / (2·(1 − g_c)), as
 * `get_svls_filter_2d` and the division by the kernel sum in the authors' code.
 */
export function svlsKernel(sigma = 1, kernelSize = 3, fn = 'svlsKernel'): number[] {
  assertPositive(sigma, fn, 'sigma');
  assertInteger(kernelSize, fn, 'kernelSize', 3);
  if (kernelSize % 2 === 0) {
    throw new SegInputError({ fn, arg: 'kernelSize', expected: 'an odd integer ≥ 3', got: String(kernelSize) });
  }
  const c = (kernelSize - 1) / 2;
  const g: number[] = [];
  for (let y = 0; y < kernelSize; y++)
    for (let x = 0; x < kernelSize; x++) g.push(Math.exp(-((x - c) ** 2 + (y - c) ** 2) / (2 * sigma * sigma)));
  const total = g.reduce((a, b) => a + b, 0);
  const centre = c * kernelSize + c;
  const neighbours = 1 - g[centre] / total;
  return g.map((v, i) => (i === centre ? 0.5 : v / total / (2 * neighbours)));
}

/** Pads the two spatial axes of `[N,H,W,C]` by `p` pixels, repeating the edge pixels (PyTorch's 'replicate'). */
function replicatePad(x: tf.Tensor4D, p: number): tf.Tensor4D {
  const edge = (t: tf.Tensor4D, axis: 1 | 2, at: 'start' | 'end') => {
    const begin = [0, 0, 0, 0];
    const size = [-1, -1, -1, -1];
    begin[axis] = at === 'start' ? 0 : t.shape[axis] - 1;
    size[axis] = 1;
    const reps = [1, 1, 1, 1];
    reps[axis] = p;
    return tf.tile(tf.slice(t, begin, size), reps) as tf.Tensor4D;
  };
  const rows = tf.concat([edge(x, 1, 'start'), x, edge(x, 1, 'end')], 1) as tf.Tensor4D;
  return tf.concat([edge(rows, 2, 'start'), rows, edge(rows, 2, 'end')], 2) as tf.Tensor4D;
}

/**
 * Spatially varying label smoothing (Islam & Glocker, "Spatially varying label smoothing: capturing uncertainty from
 * expert annotations", IPMI 2021): cross-entropy against soft targets t = K ∗ onehot(y), the one-hot map convolved
 * per class with the {@link svlsKernel} K (replicate padding at the image border):
 *
 *   ℓ_i = −Σ_k t_ik log p_ik,      t_ik = Σ_j K_j · onehot(y_{i+j})_k / Σ_j K_j · [y_{i+j} labeled]
 *
 * A pixel inside a region keeps a one-hot target; a boundary pixel shares up to 1/2 of its mass with the neighbours'
 * classes. Ignored neighbours are left out and the rest renormalised (the denominator), so every labeled target sums
 * to 1. `parts()`: `total`, `ce` (hard-label CE).
 */
export function svls(options: SvlsOptions = {}): SegLoss {
  const { sigma = 1, kernelSize = 3, reduction = 'mean', ignoreIndex = 255, checkLabels = false } = options;
  const weights = svlsKernel(sigma, kernelSize, 'svls');
  const p = (kernelSize - 1) / 2;
  return defineLoss(
    'svls',
    (logits, _labels, { numClasses, oneHot, mask }) => {
      const kernel = tf.tensor4d(weights, [kernelSize, kernelSize, 1, 1]);
      const smooth = (x: tf.Tensor4D, channels: number) =>
        tf.depthwiseConv2d(replicatePad(x, p), tf.tile(kernel, [1, 1, channels, 1]) as tf.Tensor4D, 1, 'valid');
      const spread = smooth(oneHot, numClasses);
      const coverage = smooth(tf.expandDims(mask, -1) as tf.Tensor4D, 1);
      const target = tf.div(spread, tf.maximum(coverage, 1e-12)) as tf.Tensor4D;
      return { total: pixelCrossEntropy(logits, target), ce: pixelCrossEntropy(logits, oneHot) };
    },
    { reduction, ignoreIndex, checkLabels },
  );
}

/** Registry entry of {@link svls}. */
export const svlsEntry = defineLossEntry({
  name: 'svls',
  description: 'spatially varying label smoothing: CE against the Gaussian-smoothed one-hot map (Islam & Glocker 2021)',
  options: z
    .object({
      sigma: z.number().positive().default(1).describe('Gaussian σ in pixels'),
      kernelSize: z.number().int().positive().default(3).describe('odd kernel size'),
      reduction: reductionOption,
      ...baseLossOptions,
    })
    .strict(),
  create: svls,
});
