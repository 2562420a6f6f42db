/**
 * The loss interface every seg loss implements. Layout: logits `[N,H,W,C]` float32 (never probabilities),
 * labels `[N,H,W]` int32 with class 0 = background and `ignoreIndex` (default 255) for unlabeled pixels,
 * optional pixel weights `[N,H,W]` float32 (non-negative).
 */
import type * as tf from '@tensorflow/tfjs';

/**
 * How per-pixel terms become the returned value:
 * - `'mean'`: Σ(w·m·ℓ) / Σ(w·m), w = pixel weight × class weight, m = 1 on labeled pixels (PyTorch's weighted-CE
 *   convention); 0 when no pixel is labeled.
 * - `'sum'`: Σ(w·m·ℓ).
 * - `'none'`: the per-pixel map w·m·ℓ, `[N,H,W]` (ignored pixels hold 0).
 */
export type Reduction = 'mean' | 'sum' | 'none';

/** A loss: call it for the value to minimise, `parts()` for every component (for logs). */
export interface SegLoss {
  /**
   * The loss value: a scalar, or, with reduction `'none'`, the per-pixel `[N,H,W]` map (typed as a scalar
   * so that `optimizer.minimize(() => loss(…))` type-checks; cast when you asked for `'none'`).
   */
  (logits: tf.Tensor4D, labels: tf.Tensor3D, weights?: tf.Tensor3D): tf.Scalar;
  /** The loss's name, used in error messages and as the default part name in {@link combine}. */
  readonly lossName: string;
  /** The reduction the call applies. */
  readonly reduction: Reduction;
  /** The label value that never contributes. */
  readonly ignoreIndex: number;
  /**
   * Every component reduced to a scalar, plus `total` (equal to the call's value). With reduction `'none'`,
   * per-pixel parts are reduced with `'mean'` here so that logs always get numbers.
   */
  parts(logits: tf.Tensor4D, labels: tf.Tensor3D, weights?: tf.Tensor3D): Record<string, tf.Scalar>;
}

/** Options every loss accepts. */
export interface BaseLossOptions {
  /** Label value that never contributes (unlabeled pixels, scribbles). Default 255. */
  ignoreIndex?: number;
  /**
   * Read the labels back (one `dataSync` per call) and throw a SegInputError on any value outside
   * [0, C) other than `ignoreIndex`. Default false: out-of-range labels get an all-zero one-hot row, which
   * silently counts as a labeled pixel with zero cross-entropy. Off by default because the sync costs time
   * on every step; the data layer validates labels when it reads them.
   */
  checkLabels?: boolean;
}

/** What a loss's compute function receives besides logits and labels; everything is float32. */
export interface LossContext {
  /** Number of classes C (last axis of the logits). */
  readonly numClasses: number;
  /** 1 where label ≠ ignoreIndex, else 0: `[N,H,W]`. */
  readonly mask: tf.Tensor3D;
  /** One-hot labels `[N,H,W,C]`; rows of ignored pixels are all zero. */
  readonly oneHot: tf.Tensor4D;
  /**
   * The weight each pixel gets in the reduction: mask × pixel weights × class weight of its label, `[N,H,W]`.
   * Losses that are not pixel sums (Dice) use it to weight their own sums.
   */
  readonly weight: tf.Tensor3D;
}

/**
 * The components a loss computes: `total` plus any named parts. A part is either a per-pixel map `[N,H,W]`
 * (reduced by {@link defineLoss} with the pixel weights and mask) or a scalar (already reduced by the loss,
 * passed through unchanged).
 */
export type LossTerms = { total: tf.Tensor } & Record<string, tf.Tensor>;

/** The body of a loss: runs inside the loss's tf.tidy, after validation. */
export type LossCompute = (logits: tf.Tensor4D, labels: tf.Tensor3D, context: LossContext) => LossTerms;
