import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerSegKernels, stockKernel } from '../src/index.js';
import { registerNativeKernels } from '../src/native-kernels.js';
import { splitBlocks, splitVByBlocks } from '../src/split-v.js';
import { backendDataIds, randn, relError, use } from './helpers.js';
import { BUILT, fallbacks, nativeCalls, oursVsStock } from './native-helpers.js';

describe('native cpu elementwise and reduction kernels vs the stock cpu kernels', () => {
  beforeAll(async () => {
    await use('cpu');
    registerSegKernels();
    expect(registerNativeKernels({ threads: 2 })).toBe(BUILT);
  });

  it.each([
    ['same shape', [2, 3, 4, 5], [2, 3, 4, 5]],
    ['per channel', [2, 3, 4, 5], [5]],
    ['keep-dims channel', [2, 3, 4, 5], [1, 1, 1, 5]],
    ['scalar', [2, 3, 4, 5], []],
    ['scalar first', [], [3, 7]],
    ['both broadcast', [3, 1, 5], [2, 1, 4, 1]],
    ['middle axis', [6, 1, 7], [6, 9, 7]],
  ])('Add, Sub, Multiply, RealDiv (%s): bit-identical to the stock kernels', (_, aShape, bShape) => {
    const [a, b] = [randn(aShape as number[], 40), randn(bShape as number[], 41)];
    const calls = nativeCalls();
    for (const op of ['Add', 'Sub', 'Multiply', 'RealDiv']) {
      const [ours, stock] = oursVsStock(op, { a, b }, {});
      expect(ours.shape).toEqual(stock.shape);
      // One float32 operation: JavaScript's double result rounded once equals the float32 result exactly.
      expect(ours.values).toEqual(stock.values);
    }
    expect(nativeCalls() - calls).toBe(BUILT ? 4 : 0);
  });

  it('Relu, Step (alpha 0 and 0.3), Square, Sqrt: bit-identical to the stock kernels, NaN and ±0 included', () => {
    const x = randn([3, 5, 7, 11], 42);
    x.values.set([Number.NaN, -0, 0, 1e-30, -1e-30], 0);
    const positive = { values: x.values.map(Math.abs), shape: x.shape };
    const calls = nativeCalls();
    for (const [op, attrs, input] of [
      ['Relu', {}, x],
      ['Step', { alpha: 0 }, x],
      ['Step', { alpha: 0.3 }, x],
      ['Square', {}, x],
      ['Sqrt', {}, positive],
    ] as const) {
      const [ours, stock] = oursVsStock(op, { x: input }, attrs);
      expect(ours.values).toEqual(stock.values);
    }
    expect(nativeCalls() - calls).toBe(BUILT ? 5 : 0);
  });

  it.each([
    ['batch-norm statistics, threads split the axis', [8, 64, 64, 2], [0, 1, 2], false],
    ['batch-norm statistics, small', [4, 9, 11, 5], [0, 1, 2], true],
    ['last axis', [6, 7, 33], [2], false],
    ['middle axis', [6, 7, 33], [1], true],
    ['all axes', [5, 6, 7], [0, 1, 2], false],
  ] as const)('Sum and Mean (%s) match the stock kernels to float32 rounding', (_, shape, axis, keepDims) => {
    const x = randn([...shape], 43);
    const calls = nativeCalls();
    for (const op of ['Sum', 'Mean']) {
      const [ours, stock] = oursVsStock(op, { x }, { axis: [...axis], keepDims });
      expect(ours.shape).toEqual(stock.shape);
      // Both accumulate in double (in a different order): the float32 results differ by at most a rounding.
      expect(relError(ours.values, stock.values)).toBeLessThan(1e-6);
    }
    expect(nativeCalls() - calls).toBe(BUILT ? 2 : 0);
  });

  it('Sum over non-adjacent axes runs the previous kernel', () => {
    const x = randn([4, 5, 6], 44);
    const before = fallbacks();
    const [ours, stock] = oursVsStock('Sum', { x }, { axis: [0, 2], keepDims: false });
    expect(relError(ours.values, stock.values)).toBeLessThan(1e-6);
    expect(fallbacks() - before).toBe(BUILT ? 1 : 0);
  });

  it('FusedBatchNorm (per-channel, scale/offset absent or present): bit-identical to the stock kernel', () => {
    const x = randn([4, 6, 5, 8], 45);
    const [mean, variance, scale, offset] = [randn([8], 46), randn([8], 47), randn([8], 48), randn([8], 49)];
    variance.values.forEach((v, i) => {
      variance.values[i] = Math.abs(v);
    });
    const calls = nativeCalls();
    for (const inputs of [
      { x, mean, variance, scale, offset },
      { x, mean, variance },
      { x, mean: randn([1], 50), variance, offset },
    ]) {
      const [ours, stock] = oursVsStock('FusedBatchNorm', inputs, { varianceEpsilon: 1e-3 });
      // Same expression in double, rounded once: offset + (x − mean)·scale / √(var + ε).
      expect(ours.values).toEqual(stock.values);
    }
    expect(nativeCalls() - calls).toBe(BUILT ? 3 : 0);
  });
});

describe('SplitV by block copies (JavaScript, for cpu with or without the addon)', () => {
  it.each([
    [0, [1, 3]],
    [1, [2, 2, 1]],
    [2, [3, 4]],
    [3, [4, 1, 2]],
    [-1, 7],
  ] as const)('axis %i, splits %j: pieces equal the stock cpu SplitV, nothing leaks', async (axis, splits) => {
    await use('cpu');
    const x = randn([4, 5, 7, 7], 50);
    const stock = stockKernel('SplitV', 'cpu') as KernelConfig;
    const attrs = { numOrSizeSplits: typeof splits === 'number' ? splits : [...splits], axis };
    const [tensors, ids] = [tf.memory().numTensors, backendDataIds()];
    const t = tf.tensor(x.values, x.shape);
    const backend = tf.backend() as unknown as { readSync(id: unknown): Float32Array; disposeData(id: unknown): boolean };
    const run = (f: KernelFunc) =>
      (f({ inputs: { x: t }, backend, attrs } as never) as TensorInfo[]).map((info) => {
        const values = Float32Array.from(backend.readSync(info.dataId));
        backend.disposeData(info.dataId);
        return { values, shape: info.shape };
      });
    const ours = run(splitVByBlocks(stock));
    expect(ours).toEqual(run(stock.kernelFunc));
    // The pure function on its own: concatenating its pieces along the axis gives x back.
    const a = axis < 0 ? 3 : axis;
    const pieces = splitBlocks(
      x.values,
      x.shape,
      a,
      ours.map((p) => p.shape[a]),
    );
    const back = tf.tidy(() =>
      tf
        .concat(
          pieces.map((v, j) => tf.tensor(v, ours[j].shape)),
          a,
        )
        .dataSync(),
    );
    expect(back).toEqual(x.values);
    t.dispose();
    expect([tf.memory().numTensors, backendDataIds()]).toEqual([tensors, ids]);
  });
});
