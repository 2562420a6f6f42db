/**
 * The two sides of the gambling game (Bakhtiariziabari & Ghafoorian, Eqs. 5–7), on per-pixel cross-entropy
 * ℓ = −Σ_c y_c ln softmax(F(x))_c (0 on pixels labelled `ignoreIndex`) and budget weights w (Σ_pixels w = 1 per image,
 * {@link bettingWeights}).
 *
 * Reduction: the bet-weighted CE of a batch is B = (1/N) Σ_i Σ_pixels w·ℓ — per image the budget-weighted mean of ℓ,
 * so uniform bets give exactly the plain mean CE. The paper writes 1/(W·H·N) in front of the same sum; with weights
 * summing to 1 that only rescales B by the constant 1/(W·H), which is absorbed in λ (λ_paper = W·H·λ here).
 */
import { assertPositive, assertRank, assertSameShape, DEFAULT_IGNORE_INDEX } from '@seg/core';
import { oneHotLabels, pixelCrossEntropy } from '@seg/margin';
import * as tf from '@tensorflow/tfjs';
import { detach } from './stop-gradient.js';

/** Per-pixel CE of `logits` `[N,H,W,C]` against int32 `labels` `[N,H,W]`; 0 where the label is `ignoreIndex`. */
export function pixelCE(logits: tf.Tensor4D, labels: tf.Tensor3D, ignoreIndex = DEFAULT_IGNORE_INDEX): tf.Tensor3D {
  assertRank(logits, 4, 'pixelCE', 'logits');
  assertSameShape(logits, labels, 'pixelCE', 'logits', 'labels', 3);
  return tf.tidy(() => pixelCrossEntropy(logits, oneHotLabels(labels, logits.shape[3], ignoreIndex)));
}

/** B = (1/N) Σ_i Σ_pixels w·ℓ: the bet-weighted CE, a scalar. `weights` and `ce` are `[N,H,W]`. */
export function betCrossEntropy(weights: tf.Tensor3D, ce: tf.Tensor3D): tf.Scalar {
  assertSameShape(weights, ce, 'betCrossEntropy', 'weights', 'ce');
  return tf.tidy(() => tf.div(tf.sum(tf.mul(weights, ce)), weights.shape[0]) as tf.Scalar);
}

/**
 * The gambler's loss L_g = −B (Eq. 5 with the sign that makes it a loss to minimise): the gambler gains where it bets
 * on pixels the segmenter gets wrong. The segmenter's CE is a constant here (`tf.stopGradient`): only the bets move.
 * For 'exp-budget', ∂L_g/∂g_p = −(e^{g_p}/S_i)·(ℓ_p − Σ_q w_q ℓ_q) with S_i = Σ_q (e^{g_q} + β): the bet on a pixel grows
 * (gradient descent) exactly when its CE is above the image's bet-weighted CE.
 */
export function gamblerLoss(weights: tf.Tensor3D, ce: tf.Tensor3D): tf.Scalar {
  return tf.tidy(() => tf.neg(betCrossEntropy(weights, detach(ce))));
}

export interface SegmentorGamblingLossOptions {
  /** λ, the weight of the bet-weighted CE B. Default 1. */
  lambda?: number;
  /** Weight of the plain mean CE (over labelled pixels). Default 1; 0 gives the paper's L_f = −L_g (Eq. 7) alone. */
  ceWeight?: number;
}

/** Parts of the segmenter's loss: `total` = ceWeight·`ce` + λ·`bet_ce`. */
export interface SegmentorGamblingParts {
  total: tf.Scalar;
  ce: tf.Scalar;
  bet_ce: tf.Scalar;
}

/**
 * The segmenter's loss L_f = ceWeight·mean CE + λ·B. Whether the gradient also flows through the weights (path B of
 * the paper's Fig. 1, into the gambler's probability input) is decided by how `weights` was computed: pass weights
 * computed from the live segmenter output for both paths, or `detach(weights)` for path A only.
 * `mask` `[N,H,W]` is 1 on labelled pixels (the mean CE's denominator).
 */
export function segmentorGamblingLoss(
  weights: tf.Tensor3D,
  ce: tf.Tensor3D,
  mask: tf.Tensor3D,
  options: SegmentorGamblingLossOptions = {},
): SegmentorGamblingParts {
  const { lambda = 1, ceWeight = 1 } = options;
  assertPositive(lambda, 'segmentorGamblingLoss', 'lambda', true);
  assertPositive(ceWeight, 'segmentorGamblingLoss', 'ceWeight', true);
  assertSameShape(weights, mask, 'segmentorGamblingLoss', 'weights', 'mask');
  return tf.tidy(() => {
    const meanCe = tf.div(tf.sum(tf.mul(ce, mask)), tf.maximum(tf.sum(mask), 1)) as tf.Scalar;
    const bet = betCrossEntropy(weights, ce);
    const total = tf.add(tf.mul(meanCe, ceWeight), tf.mul(bet, lambda)) as tf.Scalar;
    return { total, ce: meanCe, bet_ce: bet };
  });
}
