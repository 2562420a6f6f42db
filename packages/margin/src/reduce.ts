/**
 * The one reduction every pixel loss shares. With w the pixel weight (pixel weights × class weight of the label ×
 * valid-pixel mask) and ℓ the per-pixel loss:
 *
 *   'mean' = Σ w·ℓ / Σ w      (PyTorch's weighted cross-entropy: divides by the summed weights, not the pixel count)
 *   'sum'  = Σ w·ℓ
 *   'none' = w·ℓ per pixel, [N,H,W]
 *
 * When no pixel carries weight (every label ignored) 'mean' returns 0 with a zero gradient, not NaN: the
 * denominator is replaced by 1 before dividing, and the numerator is then 0.
 */
import * as tf from '@tensorflow/tfjs';
import type { Reduction } from './types.js';

/** Reduces a per-pixel map `values` `[N,H,W]` with per-pixel weights `weight` `[N,H,W]` (see the module doc). */
export function reducePixels(values: tf.Tensor, weight: tf.Tensor, reduction: Reduction): tf.Tensor {
  return tf.tidy(() => {
    const weighted = tf.mul(values, weight);
    if (reduction === 'none') return weighted;
    const total = tf.sum(weighted);
    if (reduction === 'sum') return total;
    const denominator = tf.sum(weight);
    const safe = tf.where(tf.greater(denominator, 0), denominator, tf.onesLike(denominator));
    return tf.div(total, safe);
  });
}
