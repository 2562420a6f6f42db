/**
 * Least-squares GAN objectives of AAG (Valvano, Leo & Tsaftaris, IEEE TMI 2021, eq. 2; Mao et al. 2017):
 *
 *   V_LS(Δ) = ½ E_y[(Δ(y) − 1)²] + ½ E_x[(Δ(Σ(x)) − b)²]        V_LS(Σ) = ½ E_x[(Δ(Σ(x)) − 1)²]
 *
 * with the fake target b = −1 as eq. 2 prints it ((Δ(Σ(x)) + 1)²), or b = 0, Mao et al.'s 0–1 coding.
 * Label noise flips a sample's real/fake target with probability p (the paper: 10 %).
 */
import * as tf from '@tensorflow/tfjs';

/** ½·mean((d − target)²) over the batch; `target` one value per sample `[N,1]` (label noise) or a number. */
export function lsgan(d: tf.Tensor, target: tf.Tensor | number): tf.Scalar {
  return tf.tidy(() => tf.mul(0.5, tf.mean(tf.square(tf.sub(tf.reshape(d, [-1, 1]), target)))) as tf.Scalar);
}

/**
 * Per-sample targets `[N,1]`: `value`, except where `flips[i]` is true, which get `other` (label noise: the
 * discriminator is told the wrong class for those samples).
 */
export function noisyTargets(flips: readonly boolean[], value: number, other: number): tf.Tensor2D {
  return tf.tensor2d(
    flips.map((f) => (f ? other : value)),
    [flips.length, 1],
  );
}
