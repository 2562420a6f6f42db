/**
 * Losses of adversarial confidence learning (Nie & Shen: "Adversarial confidence learning for medical image
 * segmentation and synthesis", IJCV 2020; "Difficulty-aware attention network with confidence learning", AAAI 2019).
 *
 * A fully convolutional discriminator (the confidence network) gives a logit c per pixel for the pair (x, class map);
 * D = σ(c) is the probability that the pixel's labelling is real (ground truth) rather than a prediction. With
 * s = softmax(F(x)), y the labels, M the labelled pixels (label ≠ ignoreIndex), ℓ_i = −log s_{i,y_i}:
 *
 *   confidence net:  mean_{i∈M} ℓ_bce(c_i(x, y), 1) + mean_{i∈M} ℓ_bce(c_i(x, s), 0)
 *   weights:         w_i = (1 − D_i(x, s))^γ        (the gambling paper's Eq. 3; γ = 0 gives plain CE)
 *   segmenter:       Σ_{i∈M} w_i·ℓ_i / |M|  +  λ·mean_{i∈M} −log D_i(x, s)
 *
 * Pixels the confidence net finds unconvincing (D → 0) weigh most, like focal loss but with a learned difficulty.
 */
import * as tf from '@tensorflow/tfjs';
import { bceWithLogits } from '../ce-adversarial/losses.js';

/** How the weighted CE is normalised: by the number of labelled pixels (paper) or by the sum of their weights. */
export type ConfidenceNormalize = 'pixels' | 'weights';

/** Identity forward, zero gradient: tfjs has no stop-gradient op, so it is a custom gradient. */
export function stopGradient<T extends tf.Tensor>(x: T): T {
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => ({
    value: tf.clone(args[0] as tf.Tensor),
    gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy),
  }));
  return f(x) as T;
}

/** `[N,H,W,1]` or `[N,H,W]` per-pixel logits → `[N,H,W]`. */
export function pixelLogits(logits: tf.Tensor): tf.Tensor3D {
  return (logits.rank === 4 ? tf.squeeze(logits, [3]) : logits) as tf.Tensor3D;
}

/** 1 where `labels` ≠ `ignoreIndex`, else 0; float32 `[N,H,W]`. */
export function labelledMask(labels: tf.Tensor3D, ignoreIndex: number): tf.Tensor3D {
  return tf.tidy(() => tf.cast(tf.notEqual(labels, ignoreIndex), 'float32') as tf.Tensor3D);
}

/** Σ mask·v / Σ mask, 0 when nothing is labelled. */
export function maskedMean(values: tf.Tensor, mask: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.div(tf.sum(tf.mul(values, mask)), tf.maximum(tf.sum(mask), 1)) as tf.Scalar);
}

/**
 * Confidence weights w = (1 − σ(c))^γ = exp(−γ·softplus(c)) per pixel, `[N,H,W]`, from the confidence logits `[N,H,W,1]`
 * (or `[N,H,W]`), computed in log space so large |c| stays finite. γ = 0 gives 1 everywhere. Differentiable: wrap in
 * {@link stopGradient} to use them as fixed weights.
 */
export function confidenceWeights(confidenceLogits: tf.Tensor, gamma: number): tf.Tensor3D {
  return tf.tidy(() => {
    const c = pixelLogits(confidenceLogits);
    if (gamma === 0) return tf.onesLike(c);
    // log σ(−c) = −softplus(c); tf.logSigmoid is a customGrad whose gradient reads a tensor this tidy disposes
    return tf.exp(tf.mul(-gamma, tf.softplus(c))) as tf.Tensor3D;
  });
}

/**
 * Confidence-weighted cross-entropy: Σ_{i∈M} w_i·ℓ_i divided by |M| ('pixels', the paper's normalisation) or by
 * Σ_{i∈M} w_i ('weights'); ℓ_i = −log softmax(z_i)_{y_i}; pixels labelled `ignoreIndex` are excluded. 0 when no pixel
 * is labelled.
 */
export function confidenceWeightedCE(
  logits: tf.Tensor4D,
  labels: tf.Tensor3D,
  weights: tf.Tensor3D,
  options: { ignoreIndex: number; normalize?: ConfidenceNormalize },
): tf.Scalar {
  const { ignoreIndex, normalize = 'pixels' } = options;
  return tf.tidy(() => {
    const mask = labelledMask(labels, ignoreIndex);
    const safe = tf.where(tf.cast(mask, 'bool'), labels, tf.zerosLike(labels));
    const oneHot = tf.cast(tf.oneHot(safe, logits.shape[3]), 'float32');
    const ce = tf.neg(tf.sum(tf.mul(oneHot, tf.logSoftmax(logits)), -1));
    const total = tf.sum(tf.mul(tf.mul(ce, weights), mask));
    // floors instead of where(greater(…)): the weights may sit on a gradient tape, and Greater has no gradient
    const denominator = normalize === 'pixels' ? tf.maximum(tf.sum(mask), 1) : tf.maximum(tf.sum(tf.mul(weights, mask)), 1e-30);
    return tf.div(total, denominator) as tf.Scalar;
  });
}

/** Per-pixel confidence-network loss over labelled pixels: mean BCE(c_real, 1) + mean BCE(c_fake, 0). */
export function confidenceNetworkLoss(
  realLogits: tf.Tensor,
  fakeLogits: tf.Tensor,
  mask: tf.Tensor3D,
): { total: tf.Scalar; real: tf.Scalar; fake: tf.Scalar } {
  return tf.tidy(() => {
    const real = maskedMean(bceWithLogits(pixelLogits(realLogits), 1), mask);
    const fake = maskedMean(bceWithLogits(pixelLogits(fakeLogits), 0), mask);
    return { total: tf.add(real, fake) as tf.Scalar, real, fake };
  });
}

/** The segmenter's per-pixel non-saturating adversarial term: mean over labelled pixels of −log σ(c_fake). */
export function pixelNonSaturatingLoss(fakeLogits: tf.Tensor, mask: tf.Tensor3D): tf.Scalar {
  return tf.tidy(() => maskedMean(bceWithLogits(pixelLogits(fakeLogits), 1), mask));
}
