import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type FilterGradAttrs, forwardConvInfo, registerSegKernels, stockKernel } from '../src/index.js';
import { type Arr, backendDataIds, randn, referenceFilterGradient, relError, runKernel, use } from './helpers.js';

type Pad = FilterGradAttrs['pad'];
const X_SHAPE = [2, 7, 8, 3];
const C_OUT = 2;
const PADS: [string, Pad][] = [
  ['same', 'same'],
  ['valid', 'valid'],
  ['numeric 1', 1],
  [
    'explicit t1 b2 l0 r1',
    [
      [0, 0],
      [1, 2],
      [0, 1],
      [0, 0],
    ],
  ],
];
const FILTERS: [number, number][] = [
  [1, 1],
  [2, 2],
  [3, 3],
  [4, 4],
  [5, 5],
  [2, 3],
];

function caseData(attrs: FilterGradAttrs, seed: number): { x: Arr; dy: Arr } {
  const info = forwardConvInfo(X_SHAPE, attrs);
  return { x: randn(X_SHAPE, seed), dy: randn(info.outShape, seed + 1) };
}

/** The stock cpu kernel (a direct loop over the definition) is the reference. */
async function stockCpu(inputs: { x: Arr; dy: Arr }, attrs: FilterGradAttrs): Promise<Arr> {
  await use('cpu');
  return runKernel('Conv2DBackpropFilter', inputs, attrs, stockKernel('Conv2DBackpropFilter', 'cpu'));
}

describe('Conv2DBackpropFilter kernels', () => {
  beforeAll(async () => {
    registerSegKernels();
    await use('wasm');
    registerSegKernels();
  });

  it('wasm has no stock kernel to replace (so seg must add one)', () => {
    expect(stockKernel('Conv2DBackpropFilter', 'wasm')).toBeUndefined();
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
  });

  describe.each([1, 2])('stride %i', (stride) => {
    it.each(PADS)(
      'padding %s: wasm (conv trick) and cpu (direct) match the stock cpu kernel for 1×1..5×5 and 2×3 filters',
      async (_, pad) => {
        for (const [fh, fw] of FILTERS) {
          const attrs: FilterGradAttrs = { strides: stride, pad, dataFormat: 'NHWC', filterShape: [fh, fw, X_SHAPE[3], C_OUT] };
          const inputs = caseData(attrs, 10 * fh + fw + stride);
          const expected = await stockCpu(inputs, attrs);
          const cpuOurs = runKernel('Conv2DBackpropFilter', inputs, attrs);
          await use('wasm');
          const wasmOurs = runKernel('Conv2DBackpropFilter', inputs, attrs);
          expect(wasmOurs.shape).toEqual([fh, fw, X_SHAPE[3], C_OUT]);
          expect(relError(wasmOurs.values, expected.values)).toBeLessThan(1e-4);
          expect(relError(cpuOurs.values, expected.values)).toBeLessThan(1e-5);
        }
      },
    );
  });

  it('the stock cpu reference itself agrees with a float64 plain-JS sum of the definition', async () => {
    const attrs: FilterGradAttrs = { strides: 2, pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, 3, C_OUT] };
    const inputs = caseData(attrs, 5);
    const info = forwardConvInfo(X_SHAPE, attrs);
    const reference = referenceFilterGradient(inputs.x, inputs.dy, attrs.filterShape, {
      strides: [2, 2],
      dilations: [1, 1],
      padTop: info.padInfo.top,
      padLeft: info.padInfo.left,
    });
    expect(relError((await stockCpu(inputs, attrs)).values, reference)).toBeLessThan(1e-6);
  });

  it('the forward pass skips the last rows (valid, stride 2, 2×2 on 7 rows): x is sliced, result still exact', async () => {
    const attrs: FilterGradAttrs = { strides: 2, pad: 'valid', dataFormat: 'NHWC', filterShape: [2, 2, 3, C_OUT] };
    // Ho = floor((7 − 2) / 2) + 1 = 3, so the last row read is 2·2 + 1 = 5 of 0..6: row 6 never contributes.
    expect(forwardConvInfo(X_SHAPE, attrs).outHeight).toBe(3);
    const inputs = caseData(attrs, 77);
    const expected = await stockCpu(inputs, attrs);
    await use('wasm');
    expect(relError(runKernel('Conv2DBackpropFilter', inputs, attrs).values, expected.values)).toBeLessThan(1e-4);
  });

  it.each([
    [1, 'same'],
    [2, 'valid'],
    [2, 'same'],
  ] as [number, Pad][])(
    'forward dilation 2 (stride %i, %s), which the stock kernels cannot do, matches the plain-JS sum',
    async (stride, pad) => {
      const attrs: FilterGradAttrs = { strides: stride, pad, dilations: 2, dataFormat: 'NHWC', filterShape: [3, 2, 3, C_OUT] };
      const inputs = caseData(attrs, 31 + stride);
      const info = forwardConvInfo(X_SHAPE, attrs);
      const reference = referenceFilterGradient(inputs.x, inputs.dy, attrs.filterShape, {
        strides: [stride, stride],
        dilations: [2, 2],
        padTop: info.padInfo.top,
        padLeft: info.padInfo.left,
      });
      await use('cpu');
      expect(relError(runKernel('Conv2DBackpropFilter', inputs, attrs).values, reference)).toBeLessThan(1e-5);
      await use('wasm');
      expect(relError(runKernel('Conv2DBackpropFilter', inputs, attrs).values, reference)).toBeLessThan(1e-4);
    },
  );

  it('NCHW on wasm (only the transposes differ) matches the stock cpu NCHW kernel', async () => {
    const attrs: FilterGradAttrs = { strides: 2, pad: 'same', dataFormat: 'NCHW', filterShape: [3, 3, 7, C_OUT] };
    const x = randn([2, 7, 8, 6], 3);
    const info = forwardConvInfo(x.shape, attrs);
    const inputs = { x, dy: randn(info.outShape, 4) };
    const expected = await stockCpu(inputs, attrs);
    await use('wasm');
    expect(relError(runKernel('Conv2DBackpropFilter', inputs, attrs).values, expected.values)).toBeLessThan(1e-4);
  });

  it.each(['wasm', 'cpu'] as const)('%s: tf.grad through conv2d uses the kernel and leaks nothing', async (name) => {
    await use(name);
    const x = tf.tensor(randn([2, 6, 6, 3], 8).values, [2, 6, 6, 3]) as tf.Tensor4D;
    const w = tf.tensor(randn([3, 3, 3, 4], 9).values, [3, 3, 3, 4]) as tf.Tensor4D;
    const f = (filter: tf.Tensor) => tf.sum(tf.square(tf.conv2d(x, filter as tf.Tensor4D, 2, 'same')));
    tf.grad(f)(w).dispose(); // warm-up
    const tensors = tf.memory().numTensors;
    const ids = backendDataIds();
    const dw = tf.grad(f)(w);
    const values = dw.dataSync();
    dw.dispose();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(backendDataIds()).toBe(ids);
    await use('cpu');
    const cpuDw = tf.tidy(() => tf.grad(f)(tf.tensor(w.dataSync(), w.shape) as tf.Tensor4D));
    expect(relError(values, cpuDw.dataSync())).toBeLessThan(1e-4);
    cpuDw.dispose();
    x.dispose();
    w.dispose();
  });
});
