// seg's fused batch norm (SegBatchNormTraining + one-kernel gradient) against tfjs's own graph (moments + batchNorm,
// gradients from the stock kernels), and the BatchNormalization layer's fused training call against its own call.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BN_TRAINING, batchNormSpecs, batchNormTrainingJs, installKernel, registerSegKernels, setSegFusion } from '../src/index.js';
import { BN_FIELDS, bnWithGradients } from './fused-helpers.js';
import { backendDataIds, randn, relError, use } from './helpers.js';

const SHAPES = [
  [4, 8, 8, 3],
  [2, 5, 7, 16],
  [1, 1, 3, 4],
];

describe.each(['cpu', 'wasm'] as const)('fused batch norm on %s', (backendName) => {
  beforeAll(async () => {
    await use(backendName);
    registerSegKernels();
    // On cpu the pair comes with the native addon; its JavaScript version (the addon's fallback) is tested here.
    if (backendName === 'cpu') for (const { spec, requires } of batchNormSpecs('cpu')) installKernel(spec, requires);
  });

  it('registers the fused kernels (JavaScript here)', () => {
    expect(tf.getKernel(BN_TRAINING, backendName)).toBeDefined();
  });

  it.each(SHAPES)(
    'y, mean, variance and the gradients of x, γ, β (mean and variance used too) match the unfused graph, %s×%s×%s×%s',
    (...shape) => {
      const fused = bnWithGradients(shape, 5, true);
      const unfused = bnWithGradients(shape, 5, false);
      for (const f of BN_FIELDS) expect(relError(fused[f], unfused[f]), f).toBeLessThan(1e-4);
    },
  );

  it('leaks no tensors or back-end buffers', () => {
    bnWithGradients([2, 4, 4, 3], 1, true);
    const [tensors, ids] = [tf.memory().numTensors, backendDataIds()];
    bnWithGradients([2, 4, 4, 3], 1, true);
    expect([tf.memory().numTensors, backendDataIds()]).toEqual([tensors, ids]);
  });
});

describe('batchNormTrainingJs against a hand count', () => {
  it('one channel [1, 3, 5]: mean 3, variance 8/3, y = (x − 3)/√var from the float32 variance (as tfjs)', () => {
    const { y, mean, variance } = batchNormTrainingJs(Float32Array.of(1, 3, 5), 1, Float32Array.of(1), Float32Array.of(0), 0);
    expect(mean[0]).toBe(3);
    expect(variance[0]).toBe(Math.fround(8 / 3));
    const d = Math.fround(2 / Math.sqrt(Math.fround(8 / 3)));
    expect(Array.from(y)).toEqual([-d, 0, d]);
  });

  it('a constant offset of 1e4 does not cancel the variance (shifted sums)', () => {
    const x = Float32Array.from({ length: 1000 }, (_, i) => 10000 + (i % 2));
    expect(batchNormTrainingJs(x, 1, Float32Array.of(1), Float32Array.of(0), 0).variance[0]).toBeCloseTo(0.25, 6);
  });
});

/** A conv → BatchNormalization → ReLU model; returns its output, weight gradients and moving statistics after one call. */
function layerRun(fused: boolean, training: boolean): Float32Array[] {
  const was = setSegFusion(fused);
  try {
    return tf.tidy(() => {
      const input = tf.input({ shape: [6, 6, 2] });
      const bn = tf.layers.batchNormalization({ momentum: 0.9, epsilon: 1e-5 });
      const conv = tf.layers.conv2d({
        filters: 3,
        kernelSize: 3,
        padding: 'same',
        kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }),
      });
      const model = tf.model({ inputs: input, outputs: tf.layers.reLU().apply(bn.apply(conv.apply(input))) as tf.SymbolicTensor });
      bn.setWeights([tf.tensor1d([1, 2, 0.5]), tf.tensor1d([0, 0.1, -0.2]), tf.tensor1d([0.5, -1, 2]), tf.tensor1d([1, 4, 0.25])]);
      const x = tf.tensor4d(randn([3, 6, 6, 2], 9).values, [3, 6, 6, 2]);
      const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
      const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(model.apply(x, { training }) as tf.Tensor)) as tf.Scalar, vars);
      const out = [value, ...vars.map((v) => grads[v.name]), ...bn.getWeights().slice(2)].map((t) => t.dataSync() as Float32Array);
      model.dispose();
      return out;
    });
  } finally {
    setSegFusion(was);
  }
}

describe.each(['cpu', 'wasm'] as const)('BatchNormalization layer on %s', (backendName) => {
  beforeAll(async () => {
    await use(backendName);
    registerSegKernels();
    // On cpu the pair comes with the native addon; its JavaScript version (the addon's fallback) is tested here.
    if (backendName === 'cpu') for (const { spec, requires } of batchNormSpecs('cpu')) installKernel(spec, requires);
  });
  afterAll(() => setSegFusion(true));

  it('training: the fused call gives the layer’s loss, weight gradients and moving mean/variance updates', () => {
    const [fused, own] = [layerRun(true, true), layerRun(false, true)];
    // [loss, conv kernel, conv bias, γ, β, moving mean, moving variance]; the conv bias gradient is 0 in exact
    // arithmetic (batch norm removes per-channel constants), so it is compared on the kernel gradient's scale.
    fused.forEach((a, i) => {
      const scale = i === 2 ? Math.max(...own[1].map(Math.abs)) : 1;
      expect(i === 2 ? Math.max(...a.map((v, j) => Math.abs(v - own[2][j]))) / scale : relError(a, own[i]), `output ${i}`).toBeLessThan(
        1e-4,
      );
    });
    // The moving statistics moved: 0.9·old + 0.1·batch differs from the initial values.
    expect(Array.from(fused[5])).not.toEqual([0.5, -1, 2].map(Math.fround));
  });

  it('inference is the layer’s own call (bit-identical)', () => {
    expect(layerRun(true, false)).toEqual(layerRun(false, false));
  });
});
