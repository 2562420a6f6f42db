/**
 * Per-pixel building blocks for losses. Each is one tf.tidy; none reduces over pixels (that is
 * {@link reducePixels}' job).
 */
import * as tf from '@tensorflow/tfjs';

/** 1 where `labels` ≠ `ignoreIndex`, else 0; float32 `[N,H,W]`. */
export function validMask(labels: tf.Tensor3D, ignoreIndex: number): tf.Tensor3D {
  return tf.tidy(() => tf.cast(tf.notEqual(labels, ignoreIndex), 'float32') as tf.Tensor3D);
}

/**
 * One-hot float32 labels `[N,H,W,C]`. Pixels labelled `ignoreIndex` get an all-zero row (whatever the back-end's
 * oneHot does with out-of-range indices), so anything multiplied by the one-hot ignores them.
 */
export function oneHotLabels(labels: tf.Tensor3D, numClasses: number, ignoreIndex: number): tf.Tensor4D {
  return tf.tidy(() => {
    const valid = tf.notEqual(labels, ignoreIndex);
    const safe = tf.where(valid, labels, tf.zerosLike(labels));
    const hot = tf.oneHot(safe, numClasses) as tf.Tensor4D;
    return tf.mul(hot, tf.expandDims(tf.cast(valid, 'float32'), -1)) as tf.Tensor4D;
  });
}

/**
 * Cross-entropy per pixel, ℓ = −Σ_k t_k · log softmax(z)_k, `[N,H,W]`, with the numerically stable
 * log-softmax z_k − max z − log Σ_j exp(z_j − max z). `target` is either one-hot / soft targets `[N,H,W,C]`
 * (rows summing to 1, e.g. label smoothing) or int32 labels `[N,H,W]` (values outside [0, C) give ℓ = 0).
 * Gradient with respect to z: softmax(z) − t for targets summing to 1.
 */
export function pixelCrossEntropy(logits: tf.Tensor4D, target: tf.Tensor3D | tf.Tensor4D): tf.Tensor3D {
  return tf.tidy(() => {
    const t = target.rank === 3 ? tf.oneHot(target as tf.Tensor3D, logits.shape[3]) : target;
    return tf.neg(tf.sum(tf.mul(t, tf.logSoftmax(logits)), -1)) as tf.Tensor3D;
  });
}
