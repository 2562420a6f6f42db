/**
 * Losses of CE + adversarial training (Luc, Couprie, Chintala & Verbeek 2016, "Semantic segmentation using
 * adversarial networks"), plus the critic-input helpers the adversarial baselines share.
 *
 * With a(x, m) the discriminator's logit for image x and class map m, s(x) the segmenter's softmax, y the one-hot
 * ground truth and ℓ_bce(z, t) = −t·log σ(z) − (1 − t)·log(1 − σ(z)):
 *
 *   discriminator:  ℓ_bce(a(x, y), 1) + ℓ_bce(a(x, s(x)), 0)                   (each term a mean over images)
 *   segmenter:      ℓ_ce(s(x), y) + α·ℓ_bce(a(x, s(x)), 1) = CE + α·(−log D(x, s(x)))
 *
 * The segmenter's adversarial term is the non-saturating form (Goodfellow et al. 2014; Luc et al. §3.2) that
 * replaces −ℓ_bce(a(x, s(x)), 0) = log(1 − D) (whose gradient vanishes when D confidently says "fake").
 */
import * as tf from '@tensorflow/tfjs';

/**
 * Element-wise binary cross-entropy of logits z against a constant target t ∈ {0, 1}, in the stable form
 * max(z, 0) − z·t + log(1 + e^{−|z|}) (= softplus(−z) for t = 1, softplus(z) for t = 0). Same shape as `logits`.
 */
export function bceWithLogits(logits: tf.Tensor, target: 0 | 1): tf.Tensor {
  return tf.tidy(() => {
    const stable = tf.add(tf.relu(logits), tf.log1p(tf.exp(tf.neg(tf.abs(logits)))));
    return target === 1 ? tf.sub(stable, logits) : stable;
  });
}

/** The discriminator loss and its two halves, each a scalar. */
export interface DiscriminatorLossParts {
  /** real + fake. */
  total: tf.Scalar;
  /** mean ℓ_bce(a(x, y), 1): the ground-truth pairs called real. */
  real: tf.Scalar;
  /** mean ℓ_bce(a(x, s(x)), 0): the prediction pairs called fake. */
  fake: tf.Scalar;
}

/**
 * Discriminator loss of Luc et al.: mean BCE of the real logits against 1 plus mean BCE of the fake logits against 0.
 * Any logit shape (`[N,1]` image-level, or per pixel); the mean is over every element.
 */
export function discriminatorLoss(realLogits: tf.Tensor, fakeLogits: tf.Tensor): DiscriminatorLossParts {
  return tf.tidy(() => {
    const real = tf.mean(bceWithLogits(realLogits, 1)) as tf.Scalar;
    const fake = tf.mean(bceWithLogits(fakeLogits, 0)) as tf.Scalar;
    return { total: tf.add(real, fake) as tf.Scalar, real, fake };
  });
}

/** Non-saturating adversarial loss of the segmenter: mean over elements of −log σ(a(x, s(x))) = softplus(−a). */
export function nonSaturatingLoss(fakeLogits: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.mean(bceWithLogits(fakeLogits, 1)) as tf.Scalar);
}

/** The critic input: image `[N,H,W,C]` and class map `[N,H,W,K]` concatenated on channels, `[N,H,W,C+K]`. */
export function criticInput(images: tf.Tensor4D, classMap: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => tf.concat([images, classMap], -1) as tf.Tensor4D);
}

/**
 * The "real" class map: the one-hot ground truth on labelled pixels; on pixels labelled `ignoreIndex` the
 * segmenter's own probabilities `probs` (the same values the fake map holds there), so unlabeled pixels give the
 * discriminator no clue (an all-zero row would be a trivial "real" marker). `[N,H,W,K]`.
 */
export function realClassMap(labels: tf.Tensor3D, probs: tf.Tensor4D, ignoreIndex: number): tf.Tensor4D {
  return tf.tidy(() => {
    const valid = tf.notEqual(labels, ignoreIndex);
    const oneHot = tf.cast(tf.oneHot(tf.where(valid, labels, tf.zerosLike(labels)), probs.shape[3]), 'float32');
    return tf.where(tf.expandDims(valid, -1), oneHot, probs) as tf.Tensor4D;
  });
}

/**
 * Luc et al.'s "scaling" encoding of the ground truth (§3.1), which removes the trivial one-hot-vs-soft clue: on a
 * labelled pixel with true class l and prediction s, the real map puts ȳ_l = max(τ, s_l) on l and spreads the rest
 * like the prediction, ȳ_c = s_c·(1 − ȳ_l)/(1 − s_l) for c ≠ l (rows still sum to 1). Ignored pixels hold s.
 */
export function scaledClassMap(labels: tf.Tensor3D, probs: tf.Tensor4D, ignoreIndex: number, tau: number): tf.Tensor4D {
  return tf.tidy(() => {
    const valid = tf.notEqual(labels, ignoreIndex);
    const y = tf.cast(tf.oneHot(tf.where(valid, labels, tf.zerosLike(labels)), probs.shape[3]), 'float32');
    const sTrue = tf.sum(tf.mul(probs, y), -1, true);
    const top = tf.maximum(sTrue, tau);
    const rest = tf.div(tf.mul(probs, tf.sub(1, top)), tf.maximum(tf.sub(1, sTrue), 1e-12));
    const scaled = tf.add(tf.mul(y, top), tf.mul(tf.sub(1, y), rest));
    return tf.where(tf.expandDims(valid, -1), scaled, probs) as tf.Tensor4D;
  });
}
