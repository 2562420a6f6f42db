import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type MaxPoolGradAttrs, registerSegKernels, stockKernel } from '../src/index.js';
import { type Arr, backendDataIds, randn, relError, runKernel, use } from './helpers.js';

const X_SHAPE = [2, 6, 7, 3];
const CONFIGS: [string, MaxPoolGradAttrs][] = [
  ['2×2 stride 2 valid', { filterSize: 2, strides: 2, pad: 'valid' }],
  ['3×3 stride 1 same', { filterSize: 3, strides: 1, pad: 'same' }],
  ['3×3 stride 2 same', { filterSize: 3, strides: 2, pad: 'same' }],
];

/**
 * Independent plain-JS max pooling and its gradient, from the definition: each window's output is its first
 * maximum in row-major order over in-image pixels (TensorFlow's rule), and the gradient goes to that pixel.
 */
function referenceMaxPool(x: Arr, attrs: MaxPoolGradAttrs, dyValues?: Float32Array): { y: Arr; dx: Float64Array } {
  const info = tf.backend_util.computePool2DInfo(
    x.shape as [number, number, number, number],
    attrs.filterSize,
    attrs.strides,
    1,
    attrs.pad,
  );
  const [N, H, W, C] = x.shape;
  const at = (n: number, r: number, q: number, c: number) => ((n * H + r) * W + q) * C + c;
  const y = new Float32Array(N * info.outHeight * info.outWidth * C);
  const dx = new Float64Array(x.values.length);
  let k = 0;
  for (let n = 0; n < N; n++)
    for (let o = 0; o < info.outHeight; o++)
      for (let p = 0; p < info.outWidth; p++)
        for (let c = 0; c < C; c++, k++) {
          let best = -Infinity;
          let arg = -1;
          for (let i = 0; i < info.filterHeight; i++)
            for (let j = 0; j < info.filterWidth; j++) {
              const r = o * info.strideHeight - info.padInfo.top + i;
              const q = p * info.strideWidth - info.padInfo.left + j;
              if (r < 0 || r >= H || q < 0 || q >= W) continue;
              if (x.values[at(n, r, q, c)] > best) {
                best = x.values[at(n, r, q, c)];
                arg = at(n, r, q, c);
              }
            }
          y[k] = best;
          if (dyValues !== undefined) dx[arg] += dyValues[k];
        }
  return { y: { values: y, shape: [N, info.outHeight, info.outWidth, C] }, dx };
}

function gradientCase(x: Arr, attrs: MaxPoolGradAttrs, seed: number) {
  const { y } = referenceMaxPool(x, attrs);
  const dy = randn(y.shape, seed);
  const { dx } = referenceMaxPool(x, attrs, dy.values);
  return { inputs: { dy, input: x, output: y }, expected: dx };
}

const negative = (a: Arr): Arr => ({ shape: a.shape, values: a.values.map((v) => -Math.abs(v) - 0.1) });
const positive = (a: Arr): Arr => ({ shape: a.shape, values: a.values.map((v) => Math.abs(v) + 0.1) });

describe('MaxPoolGrad', () => {
  beforeAll(async () => {
    await use('wasm');
    registerSegKernels();
  });

  it.each(CONFIGS)('bug: stock wasm %s is wrong when every value in a window is negative', async (_, attrs) => {
    await use('wasm');
    const { inputs, expected } = gradientCase(negative(randn(X_SHAPE, 1)), attrs, 2);
    const stock = runKernel('MaxPoolGrad', inputs, attrs, stockKernel('MaxPoolGrad', 'wasm'));
    expect(relError(stock.values, expected)).toBeGreaterThan(0.5);
  });

  it.each(CONFIGS)('stock wasm %s is right when values are positive (the bug is the ≤ 0 start)', async (_, attrs) => {
    await use('wasm');
    const { inputs, expected } = gradientCase(positive(randn(X_SHAPE, 3)), attrs, 4);
    const stock = runKernel('MaxPoolGrad', inputs, attrs, stockKernel('MaxPoolGrad', 'wasm'));
    expect(relError(stock.values, expected)).toBeLessThan(1e-6);
  });

  it.each(CONFIGS)("seg's wasm kernel, %s, matches the reference for mixed-sign and all-negative inputs", async (_, attrs) => {
    await use('wasm');
    for (const x of [randn(X_SHAPE, 5), negative(randn(X_SHAPE, 6))]) {
      const { inputs, expected } = gradientCase(x, attrs, 7);
      expect(relError(runKernel('MaxPoolGrad', inputs, attrs).values, expected)).toBeLessThan(1e-6);
    }
  });

  it('routes ties to the first maximum in row-major order, like the stock cpu kernel', async () => {
    const attrs = CONFIGS[1][1];
    const ties: Arr = { shape: X_SHAPE, values: randn(X_SHAPE, 8).values.map((v) => Math.round(v)) };
    const { inputs, expected } = gradientCase(ties, attrs, 9);
    await use('cpu');
    const cpu = runKernel('MaxPoolGrad', inputs, attrs, stockKernel('MaxPoolGrad', 'cpu'));
    expect(relError(cpu.values, expected)).toBeLessThan(1e-6);
    await use('wasm');
    expect(relError(runKernel('MaxPoolGrad', inputs, attrs).values, expected)).toBeLessThan(1e-6);
  });

  it('tf.grad of maxPool on wasm uses it, matches the reference and leaks nothing', async () => {
    await use('wasm');
    const x = negative(randn([1, 4, 4, 2], 10));
    const f = (t: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(t as tf.Tensor4D, 2, 2, 'valid'), tf.range(1, 9).reshape([1, 2, 2, 2])));
    const run = () =>
      tf.tidy(() =>
        tf
          .grad(f)(tf.tensor4d(x.values, [1, 4, 4, 2]))
          .dataSync(),
      );
    run();
    const tensors = tf.memory().numTensors;
    const ids = backendDataIds();
    const dx = run();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(backendDataIds()).toBe(ids);
    const dy = new Float32Array([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(Array.from(dx)).toEqual(Array.from(referenceMaxPool(x, CONFIGS[0][1], dy).dx));
  });
});
