import { Rng } from '@seg/core';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerSegKernels } from '../src/index.js';
import { type BnGradients, type BnParams, bnNetworkReference } from './bn-reference.js';
import { relError, use, withStockKernels } from './helpers.js';

// 4 images of 64×64 (P = 16 384 pixels per channel statistic), 2 channels with intensities in [10, 11) as in
// un-normalised scans, 4 features, 3 classes.
const [N, S, C, F, K, EPS] = [4, 64, 2, 4, 3, 1e-3];
const rng = new Rng(11);
const x = Float32Array.from({ length: N * S * S * C }, () => 10 + rng.uniform());
const labels = Int32Array.from({ length: N * S * S }, () => rng.int(K));
const vec = (n: number, lo: number, hi: number) => Float32Array.from({ length: n }, () => rng.uniform(lo, hi));
const params: BnParams = {
  w1: vec(9 * C * F, -0.5, 0.5),
  b1: vec(F, -0.5, 0.5),
  gamma: vec(F, 0.5, 1.5),
  beta: vec(F, -0.5, 0.5),
  w2: vec(F * K, -0.5, 0.5),
  b2: vec(K, -0.5, 0.5),
};
const ORDER = ['w1', 'b1', 'gamma', 'beta', 'w2', 'b2'] as const;
const reference = bnNetworkReference(params, x, [N, S, S, C], labels, { numClasses: K, epsilon: EPS });

/** conv3×3(bias) → BatchNormalization (training) → ReLU → conv1×1(bias) → mean softmax cross-entropy, in tf.layers. */
function tfjsGradients(): { loss: number; grads: Record<(typeof ORDER)[number], Float32Array> } {
  const input = tf.input({ shape: [S, S, C] });
  const conv1 = tf.layers.conv2d({ filters: F, kernelSize: 3, padding: 'same' });
  const bn = tf.layers.batchNormalization({ epsilon: EPS });
  const conv2 = tf.layers.conv2d({ filters: K, kernelSize: 1 });
  const output = conv2.apply(tf.layers.reLU().apply(bn.apply(conv1.apply(input)))) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: output });
  const result = tf.tidy(() => {
    conv1.setWeights([tf.tensor4d(params.w1, [3, 3, C, F]), tf.tensor1d(params.b1)]);
    bn.setWeights([tf.tensor1d(params.gamma), tf.tensor1d(params.beta), tf.zeros([F]), tf.ones([F])]);
    conv2.setWeights([tf.tensor4d(params.w2, [1, 1, F, K]), tf.tensor1d(params.b2)]);
    const xs = tf.tensor4d(x, [N, S, S, C]);
    const onehot = tf.oneHot(tf.tensor1d(labels, 'int32'), K).reshape([N, S, S, K]);
    const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const loss = () =>
      tf.neg(tf.mean(tf.sum(tf.mul(onehot, tf.logSoftmax(model.apply(xs, { training: true }) as tf.Tensor)), -1))) as tf.Scalar;
    const { value, grads } = tf.variableGrads(loss, vars);
    const arrays = ORDER.map((_, i) => grads[vars[i].name].dataSync() as Float32Array);
    return { loss: value.dataSync()[0], grads: Object.fromEntries(ORDER.map((k, i) => [k, arrays[i]])) };
  });
  model.dispose();
  return result as { loss: number; grads: Record<(typeof ORDER)[number], Float32Array> };
}

/** Relative error of every gradient but b1's (exactly 0: batch norm removes per-channel constants). */
function errors(grads: Record<string, Float32Array>): Record<string, number> {
  return Object.fromEntries(ORDER.filter((k) => k !== 'b1').map((k) => [k, relError(grads[k], reference.grads[k as keyof BnGradients])]));
}
const worst = (e: Record<string, number>) => Math.max(...Object.values(e));
/** The gradients that depend on the batch statistics and on Σ over N·H·W only (no convolution accumulation). */
const worstStatistic = (e: Record<string, number>) => Math.max(e.gamma, e.beta, e.b2);

describe('batch-norm gradients on wasm vs a float64 reference', () => {
  let cpu: Record<string, number>;

  beforeAll(async () => {
    await use('cpu');
    registerSegKernels();
    cpu = errors(tfjsGradients().grads);
    await use('wasm');
    registerSegKernels();
  });

  it('cpu (sums in float64) is within 1e-5 of the reference', () => {
    expect(worst(cpu)).toBeLessThan(1e-5);
  });

  it("cause: with wasm's stock float32-accumulating Sum/Mean (and nothing else changed), γ, β and bias gradients err > 10× more than cpu's", async () => {
    const stock = await withStockKernels(
      [
        ['Sum', 'wasm'],
        ['Mean', 'wasm'],
      ],
      () => errors(tfjsGradients().grads),
    );
    // Measured: stock γ 7.5e-6, β 1.3e-5, b2 5.8e-6 against cpu's 1.8e-7, 2.9e-7, 1.5e-7.
    expect(worstStatistic(stock)).toBeGreaterThan(10 * worstStatistic(cpu));
  });

  it("fix: with seg's float64-accumulating Sum/Mean, those errors drop to cpu's level and every gradient is within 2e-5", () => {
    const { loss, grads } = tfjsGradients();
    const ours = errors(grads);
    // Measured: γ 1.1e-7, β 4.9e-7, b2 1.5e-7; w1 4.6e-6 and w2 1.8e-6 remain from XNNPACK's float32 accumulation
    // of the filter gradient over 16 384 pixels (cpu's JS kernel accumulates in float64: 1.1e-6, 3.1e-7).
    expect(worstStatistic(ours)).toBeLessThan(3 * worstStatistic(cpu));
    expect(worst(ours)).toBeLessThan(2e-5);
    expect(Math.abs(loss - reference.loss) / reference.loss).toBeLessThan(1e-6);
  });

  it('leaks no tensors or wasm buffers', () => {
    tfjsGradients();
    const tensors = tf.memory().numTensors;
    const ids = (tf.backend() as unknown as { numDataIds(): number }).numDataIds();
    tfjsGradients();
    expect(tf.memory().numTensors).toBe(tensors);
    expect((tf.backend() as unknown as { numDataIds(): number }).numDataIds()).toBe(ids);
  });
});
