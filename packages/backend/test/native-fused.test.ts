// The native addon's fused kernels (native-fused.ts) against tfjs's own computations on the cpu back-end, and every
// registered model's gradients with seg's fusion on vs off (the addon's convolutions in both).
import { Rng } from '@seg/core';
import { createModel, listModels } from '@seg/models';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BN_TRAINING,
  BN_TRAINING_GRAD,
  maxPoolGradient,
  nativeKernelCounts,
  RELU_GRAD,
  registerNativeKernels,
  registerSegKernels,
  setSegFusion,
  stockKernel,
} from '../src/index.js';
import { BN_FIELDS, bnWithGradients } from './fused-helpers.js';
import { randn, relError, runKernel, use } from './helpers.js';
import { BUILT } from './native-helpers.js';
import { TINY } from './tiny-models.js';

const calls = (name: string) => nativeKernelCounts()[name]?.native ?? 0;

beforeAll(async () => {
  await use('cpu');
  registerSegKernels();
  expect(registerNativeKernels({ threads: 2 })).toBe(BUILT);
});
afterAll(() => setSegFusion(true));

describe('native fused kernels vs tfjs on cpu', () => {
  it.each([
    [4, 16, 16, 8],
    [3, 5, 7, 3],
  ])('batch norm %i×%i×%i×%i: outputs and gradients (x, γ, β; mean and variance used) within 1e-4 of the unfused graph', (...shape) => {
    const before = [calls(BN_TRAINING), calls(BN_TRAINING_GRAD)];
    const fused = bnWithGradients(shape, 7, true);
    const unfused = bnWithGradients(shape, 7, false);
    for (const f of BN_FIELDS) expect(relError(fused[f], unfused[f]), f).toBeLessThan(1e-4);
    expect([calls(BN_TRAINING) - before[0], calls(BN_TRAINING_GRAD) - before[1]]).toEqual(BUILT ? [2, 1] : [0, 0]);
  });

  it('ReLU gradient: bit-identical to tfjs’s mul(dy, step(x)) including 0, −0, NaN and ±∞', () => {
    const x = Float32Array.from([
      ...randn([40_000], 3).values,
      0,
      -0,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      1e-45,
    ]);
    const dy = Float32Array.from({ length: x.length }, (_, i) => (i % 7 === 0 ? Number.POSITIVE_INFINITY : i - 20_000));
    const before = calls(RELU_GRAD);
    const ours = runKernel(RELU_GRAD, { dy: { values: dy, shape: [x.length] }, x: { values: x, shape: [x.length] } }, {});
    const expected = tf.tidy(() => tf.mul(tf.tensor1d(dy), tf.step(tf.tensor1d(x))).dataSync());
    expect(Array.from(ours.values)).toEqual(Array.from(expected));
    expect(calls(RELU_GRAD) - before).toBe(BUILT ? 1 : 0);
  });

  it.each([
    [[2, 2], [2, 2], 'valid', [2, 8, 8, 3]],
    [[2, 2], [2, 2], 'same', [1, 7, 9, 2]],
    [[3, 3], [1, 1], 'same', [2, 6, 5, 3]],
    [[3, 3], [2, 2], 'same', [2, 9, 7, 4]],
    [[3, 2], [2, 1], 'valid', [1, 7, 6, 2]],
  ] as const)(
    'MaxPool %j stride %j %s on %j: forward bit-identical to stock, gradient to seg’s JavaScript scatter',
    (filterSize, strides, pad, shape) => {
      const attrs = { filterSize: [...filterSize], strides: [...strides], pad };
      // Ties and negatives: values on a coarse grid so windows share maxima.
      const x = { values: randn([...shape], 11).values.map((v) => Math.round(v * 2) / 2), shape: [...shape] };
      const [y, yStock] = [runKernel('MaxPool', { x }, attrs), runKernel('MaxPool', { x }, attrs, stockKernel('MaxPool', 'cpu'))];
      expect(Array.from(y.values)).toEqual(Array.from(yStock.values));
      const dy = randn(y.shape, 12);
      const dx = runKernel('MaxPoolGrad', { dy, input: x, output: y }, attrs);
      const info = tf.backend_util.computePool2DInfo(x.shape as [number, number, number, number], [...filterSize], [...strides], 1, pad);
      expect(Array.from(dx.values)).toEqual(Array.from(maxPoolGradient(x.values, dy.values, info)));
    },
  );

  it.each([
    [3, [2, 5, 4, 3], [2, 5, 4, 6]],
    [1, [2, 3, 4], [2, 7, 4]],
    [0, [1, 3], [4, 3]],
  ] as const)('Concat along axis %i of %j and %j, and SplitV back: bit-identical to stock', (axis, s1, s2) => {
    const [a, b] = [randn([...s1], 21), randn([...s2], 22)];
    const before = [calls('Concat'), calls('SplitV')];
    const stockConcat = stockKernel('Concat', 'cpu') as tf.KernelConfig;
    const ours = tf.tidy(() => tf.concat([tf.tensor(a.values, a.shape), tf.tensor(b.values, b.shape)], axis).dataSync());
    // The stock kernel takes its inputs as an array (runKernel's helper passes a named map).
    const ts = [tf.tensor(a.values, a.shape), tf.tensor(b.values, b.shape)];
    const backend = tf.backend() as unknown as { readSync(id: unknown): Float32Array; disposeData(id: unknown): boolean };
    const info = stockConcat.kernelFunc({
      inputs: ts as unknown as tf.NamedTensorMap,
      backend: backend as never,
      attrs: { axis },
    }) as tf.TensorInfo;
    const stock = { values: Float32Array.from(backend.readSync(info.dataId)), shape: info.shape };
    backend.disposeData(info.dataId);
    tf.dispose(ts);
    expect(Array.from(ours)).toEqual(Array.from(stock.values));
    const whole = { values: Float32Array.from(ours), shape: stock.shape };
    const pieces = tf.tidy(() =>
      tf.split(tf.tensor(whole.values, whole.shape), [s1[axis], s2[axis]], axis).map((t) => Array.from(t.dataSync())),
    );
    expect(pieces).toEqual([Array.from(a.values), Array.from(b.values)]);
    expect([calls('Concat') - before[0], calls('SplitV') - before[1]]).toEqual(BUILT ? [1, 1] : [0, 0]);
  });
});

// Issue 15: every registered model trains on the native path with seg's fused kernels — its gradients equal those
// of tfjs's own graph (fusion off, same native convolutions) to 1e-3 of each weight's largest entry.

function gradients(name: string, fused: boolean): Float32Array[] {
  setSegFusion(fused);
  const { size, config } = TINY[name];
  const rng = new Rng(5);
  const model = createModel(name, { ...config, inputShape: [size, size, 1], numClasses: 3, seed: 7 });
  const out = tf.tidy(() => {
    const x = tf.tensor4d(
      Float32Array.from({ length: 2 * size * size }, () => rng.normal()),
      [2, size, size, 1],
    );
    const y = tf
      .oneHot(
        tf.tensor1d(
          Int32Array.from({ length: 2 * size * size }, () => rng.int(3)),
          'int32',
        ),
        3,
      )
      .reshape([2, size, size, 3]);
    const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const { grads } = tf.variableGrads(() => {
      const o = model.apply(x, { training: true }) as tf.Tensor | tf.Tensor[];
      return tf.losses.softmaxCrossEntropy(y, Array.isArray(o) ? o[0] : o) as tf.Scalar;
    }, vars);
    return vars.map((v) => grads[v.name].dataSync() as Float32Array);
  });
  model.dispose();
  return out;
}

describe('every registered model: fused vs tfjs graph on the native cpu path', () => {
  it('every registered model has a tiny config here', () => {
    expect(listModels().map((m) => m.name)).toEqual(Object.keys(TINY));
  });

  it.each(Object.keys(TINY))('%s: every weight gradient within 1e-3 of its largest entry, no leaks', (name) => {
    const own = gradients(name, false);
    const before = tf.memory().numTensors;
    const fused = gradients(name, true);
    expect(tf.memory().numTensors).toBe(before);
    const scale = Math.max(...own.map((g) => Math.max(...g.map(Math.abs))));
    const worst = Math.max(
      ...own.map((g, i) => {
        const m = Math.max(...g.map(Math.abs));
        return m > 1e-6 * scale ? relError(fused[i], g) : Math.max(...fused[i].map((v, j) => Math.abs(v - g[j]))) / scale;
      }),
    );
    expect(worst).toBeLessThan(1e-3);
  });
});
