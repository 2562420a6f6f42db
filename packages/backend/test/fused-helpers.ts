/** Shared helpers of the fused-kernel tests: batch norm through the fused kernel or tfjs's own graph. */
import * as tf from '@tensorflow/tfjs';
import { BN_TRAINING } from '../src/index.js';
import { randn } from './helpers.js';

export interface BnResult {
  y: Float32Array;
  mean: Float32Array;
  variance: Float32Array;
  dx: Float32Array;
  dscale: Float32Array;
  doffset: Float32Array;
}

/**
 * Batch norm of x [N,H,W,C] (training mode) and the gradients of L = Σ y·u + Σ mean·v + Σ variance·w (u, v, w fixed
 * random weights, so the mean and variance outputs carry gradient too) with respect to x, γ and β: through
 * `SegBatchNormTraining` (`fused`) or tfjs's moments + batchNorm graph with the stock kernels' gradients.
 */
export function bnWithGradients(shape: number[], seed: number, fused: boolean, eps = 1e-3): BnResult {
  return tf.tidy(() => {
    const c = shape[shape.length - 1];
    const x = tf.add(tf.mul(tf.tensor(randn(shape, seed).values, shape), 2), 3);
    const scale = tf.add(tf.tensor1d(randn([c], seed + 1).values), 1);
    const offset = tf.tensor1d(randn([c], seed + 2).values);
    const [u, v, w] = [shape, [c], [c]].map((s, i) => tf.tensor(randn(s, seed + 3 + i).values, s));
    const forward = (xi: tf.Tensor, g: tf.Tensor, b: tf.Tensor): tf.Tensor[] => {
      if (fused) return tf.engine().runKernel(BN_TRAINING, { x: xi, scale: g, offset: b }, { varianceEpsilon: eps }) as tf.Tensor[];
      const { mean, variance } = tf.moments(xi, [0, 1, 2]);
      return [tf.batchNorm(xi, mean, variance, b, g, eps), mean, variance];
    };
    const loss = (xi: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
      const [y, mean, variance] = forward(xi, g, b);
      return tf.addN([tf.sum(tf.mul(y, u)), tf.sum(tf.mul(mean, v)), tf.sum(tf.mul(variance, w))]) as tf.Scalar;
    };
    const [y, mean, variance] = forward(x, scale, offset);
    const [dx, dscale, doffset] = tf.grads(loss)([x, scale, offset]);
    const data = (t: tf.Tensor) => t.dataSync() as Float32Array;
    return { y: data(y), mean: data(mean), variance: data(variance), dx: data(dx), dscale: data(dscale), doffset: data(doffset) };
  });
}

export const BN_FIELDS = ['y', 'mean', 'variance', 'dx', 'dscale', 'doffset'] as const;
