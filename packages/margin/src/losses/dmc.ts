import { assertOneOf, assertPositive, SegConfigError, SegInputError } from '@seg/core';
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { defineLoss } from '../define-loss.js';
import { baseLossOptions, defineLossEntry, reductionOption } from '../loss-entry.js';
import type { BaseLossOptions, LossTerms, Reduction, SegLoss } from '../types.js';
import { type DmcMargins, dmcBatchOffsets, dmcMargins } from './dmc-margins.js';

export interface DmcOptions extends BaseLossOptions {
  /** Pixel count per class over the training set (`labelCounts` of `@seg/data`); the offsets are computed once. */
  counts?: ArrayLike<number>;
  /** Instead of `counts`: offsets from each batch's own label counts ('batch'), or precomputed {@link DmcMargins}. */
  offsets?: 'batch' | DmcMargins;
  /** τ of {@link dmcMargins}. Default 10. */
  tau?: number;
  /** ν of {@link dmcMargins}. Default 1. */
  nu?: number;
  /** 'log2': the paper's ρ-calibrated log loss (default); 'bce': the authors' code (natural-log BCE with logits, pos_weight C). */
  form?: 'log2' | 'bce';
  /** Default 'mean'. */
  reduction?: Reduction;
}

export const DMC_FORMS = ['log2', 'bce'] as const;

/** max_{j≠k} s_j for every class k, `[N,H,W,C]`: the max over the row with class k masked out (works with ties). */
function otherMax(logits: tf.Tensor4D): tf.Tensor4D {
  const c = logits.shape[3];
  const mask = tf.mul(tf.eye(c), -1e30); // row k: −1e30 at column k
  return tf.max(tf.add(tf.expandDims(logits, -2), mask), -1) as tf.Tensor4D;
}

/** φ(x) = log₂(1 + 2^x) (log2 form) or softplus(x) = ln(1 + eˣ) (bce form). */
function phi(x: tf.Tensor, form: 'log2' | 'bce'): tf.Tensor {
  return form === 'log2' ? tf.div(tf.softplus(tf.mul(x, Math.LN2)), Math.LN2) : tf.softplus(x);
}

function resolveOffsets(options: DmcOptions, tau: number, nu: number): 'batch' | DmcMargins {
  const { counts, offsets } = options;
  if ((counts === undefined) === (offsets === undefined)) {
    throw new SegConfigError({
      fn: 'dmc',
      arg: 'counts',
      expected: "exactly one of 'counts' (training-set pixel counts per class) or 'offsets' ('batch' or precomputed margins)",
      got: counts === undefined ? 'neither' : 'both',
      hint: "Pass counts: labelCounts(trainSet), or offsets: 'batch'",
    });
  }
  if (counts !== undefined) return dmcMargins(counts, { tau, nu });
  if (offsets === 'batch') return 'batch';
  const ok = (a: unknown) => Array.isArray(a) && a.length >= 2 && a.every((v) => typeof v === 'number' && Number.isFinite(v));
  if (
    typeof offsets !== 'object' ||
    offsets === null ||
    !ok(offsets.rhoK0) ||
    !ok(offsets.rho0K) ||
    offsets.rhoK0.length !== offsets.rho0K.length
  ) {
    throw new SegConfigError({
      fn: 'dmc',
      arg: 'offsets',
      expected: "'batch' or { rhoK0, rho0K } with one finite number per class each",
      got: JSON.stringify(offsets),
    });
  }
  return { rhoK0: [...offsets.rhoK0], rho0K: [...offsets.rho0K] };
}

/**
 * Distribution-aware margin calibration (Li, Yu & Zhang, "Distribution-aware margin calibration for semantic
 * segmentation in images", AAAI 2021 / IJCV 2022). With margins λ_ik = s_ik − max_{j≠k} s_ij on the logits s and the
 * offsets ρ of {@link dmcMargins}, pixel i with label y contributes (Eq. 27 with Eqs. 28–29)
 *
 *   log2:  φ(ρ_y0 − λ_iy) + Σ_{k≠y} φ(λ_ik + ρ_0k),            φ(x) = log₂(1 + 2^x)
 *   bce:   softplus(ρ_y0 − λ_iy) + (1/C)·Σ_{k≠y} softplus(λ_ik + ρ_0k)
 *
 * The first term ('fn' in `parts()`) bounds the class-y pixels predicted as another class, the second ('fp') the
 * pixels of other classes predicted as k; 'mean' divides the pixel sum by n, as the paper's 1/n. 'bce' is the authors'
 * `Margin_logloss`: `binary_cross_entropy_with_logits` on λ − ρ with target 1 for the label's class, pos_weight C, and
 * the mean over the N·C entries. All classes, background included, get terms (as the code).
 *
 * Offsets: from `counts` once (a class with zero pixels is a SegInputError), or `offsets: 'batch'` from each batch's
 * labeled pixels, where a class absent from the batch (or covering all of it) is skipped: both of its terms drop and
 * `parts().classes` reports how many classes were active. The paper pre-trains with CE first (`pretrainThen` in
 * `@seg/train`).
 */
export function dmc(options: DmcOptions = {}): SegLoss {
  const { tau = 10, nu = 1, form = 'log2', reduction = 'mean', ignoreIndex = 255, checkLabels = false } = options;
  assertPositive(tau, 'dmc', 'tau');
  assertPositive(nu, 'dmc', 'nu');
  assertOneOf(form, DMC_FORMS, 'dmc', 'form');
  const offsets = resolveOffsets(options, tau, nu);
  return defineLoss(
    'dmc',
    (logits, _labels, { numClasses, oneHot }) => {
      let rhoK0: tf.Tensor;
      let rho0K: tf.Tensor;
      let active: tf.Tensor | undefined;
      if (offsets === 'batch') {
        ({ rhoK0, rho0K, active } = dmcBatchOffsets(tf.sum(oneHot, [0, 1, 2]) as tf.Tensor1D, tau, nu));
      } else {
        if (offsets.rhoK0.length !== numClasses) {
          throw new SegInputError({
            fn: 'dmc',
            arg: 'logits',
            expected: `${offsets.rhoK0.length} classes, one per DMC offset (from 'counts')`,
            got: `${numClasses} classes`,
          });
        }
        rhoK0 = tf.tensor1d(Float32Array.from(offsets.rhoK0));
        rho0K = tf.tensor1d(Float32Array.from(offsets.rho0K));
      }
      const lambda = tf.sub(logits, otherMax(logits));
      const own = phi(tf.sub(rhoK0, lambda), form);
      const other = phi(tf.add(lambda, rho0K), form);
      const rest = tf.sub(1, oneHot);
      const keep = (t: tf.Tensor) => (active ? tf.mul(t, active) : t);
      const fn = tf.sum(keep(tf.mul(own, oneHot)), -1);
      const fpSum = tf.sum(keep(tf.mul(other, rest)), -1);
      const fp = form === 'bce' ? tf.div(fpSum, numClasses) : fpSum;
      const terms: LossTerms = { total: tf.add(fn, fp), fn, fp };
      if (active) terms.classes = tf.sum(active);
      return terms;
    },
    { reduction, ignoreIndex, checkLabels },
  );
}

/** Registry entry of {@link dmc}. */
export const dmcEntry = defineLossEntry({
  name: 'dmc',
  description: 'distribution-aware margin calibration: ρ-calibrated log loss on margins (Li, Yu & Zhang 2021)',
  options: z
    .object({
      counts: z.array(z.number().min(0)).optional().describe('per-class pixel counts of the training set (the run fills them)'),
      offsets: z
        .union([z.literal('batch'), z.object({ rhoK0: z.array(z.number()), rho0K: z.array(z.number()) })])
        .optional()
        .describe("margin offsets, or 'batch' (from each batch's labels)"),
      tau: z.number().min(0).default(10).describe('offset scale τ'),
      nu: z.number().min(0).default(1).describe('offset exponent ν'),
      form: z.enum(['log2', 'bce']).default('log2').describe("'log2' (paper) or BCE-with-logits (authors' code)"),
      reduction: reductionOption,
      ...baseLossOptions,
    })
    .strict(),
  needsClassCounts: (o) => o.counts === undefined && o.offsets === undefined,
  create: dmc,
});
