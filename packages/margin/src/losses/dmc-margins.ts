/**
 * The margin offsets of distribution-aware margin calibration (Li, Yu & Zhang, AAAI 2021, Corollary 1.1), from the
 * pixel count n_k of every class and n = Σ_k n_k:
 *
 *   ρ_0k = τ·√(n − n_k) / n_k                               offset of the "other pixels" term of class k
 *   ρ_k0 = μ_k·ρ_0k,  μ_k = p_k·√n_k / (ν·(n − n_k) − p_k·√(n − n_k)),  p_k = n_k / n
 *
 * Rare classes get large offsets. τ > 0 scales every offset; ν > 0 sets the ratio μ_k. The authors' code
 * (`calculate_margins`, defaults τ = 10, ν = 1) computes exactly this.
 */

import { assertPositive, SegInputError } from '@seg/core';
import * as tf from '@tensorflow/tfjs';

export interface DmcMarginOptions {
  /** Scale τ of the offsets. Default 10 (authors' code). */
  tau?: number;
  /** ν in μ_k. Default 1 (authors' code). */
  nu?: number;
}

/** Per-class offsets, class 0 first. */
export interface DmcMargins {
  /** ρ_k0: offset of the class-k pixels' own margin term. */
  readonly rhoK0: readonly number[];
  /** ρ_0k: offset of the other pixels' class-k margin term. */
  readonly rho0K: readonly number[];
}

/**
 * Offsets from per-class pixel counts (e.g. `labelCounts(trainSet)` of `@seg/data`). Every class must have pixels
 * (n_k > 0) and ν·√(n − n_k) > p_k (else μ_k would be infinite or negative): a SegInputError names the class.
 */
export function dmcMargins(counts: ArrayLike<number>, options: DmcMarginOptions = {}): DmcMargins {
  const { tau = 10, nu = 1 } = options;
  assertPositive(tau, 'dmcMargins', 'tau');
  assertPositive(nu, 'dmcMargins', 'nu');
  const values = Array.from(counts ?? [], Number);
  if (values.length < 2 || values.some((v) => !(Number.isFinite(v) && v >= 0))) {
    throw new SegInputError({
      fn: 'dmcMargins',
      arg: 'counts',
      expected: 'one finite pixel count ≥ 0 per class (at least 2 classes)',
      got: JSON.stringify(values.slice(0, 8)),
    });
  }
  const n = values.reduce((a, b) => a + b, 0);
  const rhoK0: number[] = [];
  const rho0K: number[] = [];
  values.forEach((nk, k) => {
    if (nk === 0) {
      throw new SegInputError({
        fn: 'dmcMargins',
        arg: 'counts',
        expected: 'a pixel count > 0 for every class',
        got: `0 pixels of class ${k}`,
        hint: "An absent class has an infinite offset ρ_0k = τ·√n/0; merge or drop the class, or use dmc({ offsets: 'batch' }), which skips classes absent from a batch",
      });
    }
    const rest = n - nk;
    const pk = nk / n;
    const denominator = nu * rest - pk * Math.sqrt(rest);
    if (!(denominator > 0)) {
      // n_k > 0 for every class (checked above) and C ≥ 2, so n − n_k > 0 here: only ν can be at fault.
      throw new SegInputError({
        fn: 'dmcMargins',
        arg: 'nu',
        expected: `> p_k/√(n − n_k) = ${pk / Math.sqrt(rest)} for class ${k}`,
        got: String(nu),
        hint: 'μ_k = p_k·√n_k / (ν(n − n_k) − p_k·√(n − n_k)) needs a positive denominator',
      });
    }
    const r0k = (tau * Math.sqrt(rest)) / nk;
    rho0K.push(r0k);
    rhoK0.push(((pk * Math.sqrt(nk)) / denominator) * r0k);
  });
  return { rhoK0, rho0K };
}

/** Offsets as `[C]` tensors plus the classes whose terms are active (1) or skipped (0). */
export interface DmcOffsetTensors {
  rhoK0: tf.Tensor1D;
  rho0K: tf.Tensor1D;
  active: tf.Tensor1D;
}

/**
 * {@link dmcMargins} computed on a batch's label counts `[C]` (float32, no data read-back). A class is *skipped*
 * (active 0, offsets 0) when it has no pixel in the batch, when it covers every labeled pixel, or when
 * ν·√(n − n_k) ≤ p_k; the formulas would give an infinite or negative offset there.
 */
export function dmcBatchOffsets(counts: tf.Tensor1D, tau: number, nu: number): DmcOffsetTensors {
  return tf.tidy(() => {
    const n = tf.sum(counts);
    const rest = tf.sub(n, counts);
    const safeN = tf.maximum(n, 1);
    const safeCounts = tf.maximum(counts, 1);
    const pk = tf.div(counts, safeN);
    const sqrtRest = tf.sqrt(rest);
    const denominator = tf.sub(tf.mul(rest, nu), tf.mul(pk, sqrtRest));
    const activeBool = tf.logicalAnd(tf.greater(counts, 0), tf.greater(denominator, 0));
    const safeDen = tf.where(activeBool, denominator, tf.onesLike(denominator));
    const rho0K = tf.div(tf.mul(sqrtRest, tau), safeCounts);
    const mu = tf.div(tf.mul(pk, tf.sqrt(counts)), safeDen);
    const zeros = tf.zerosLike(counts);
    return {
      rhoK0: tf.where(activeBool, tf.mul(mu, rho0K), zeros) as tf.Tensor1D,
      rho0K: tf.where(activeBool, rho0K, zeros) as tf.Tensor1D,
      active: tf.cast(activeBool, 'float32') as tf.Tensor1D,
    };
  });
}
