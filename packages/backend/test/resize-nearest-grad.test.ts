import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { nearestSourceIndices, registerSegKernels, stockKernel } from '../src/index.js';
import { type Arr, backendDataIds, randn, relError, runKernel, use } from './helpers.js';

interface Case {
  alignCorners: boolean;
  halfPixelCenters: boolean;
  size: [number, number];
}
const UPSAMPLE: Case = { alignCorners: false, halfPixelCenters: false, size: [6, 8] }; // UpSampling2D's 2× case
const CASES: [string, Case][] = [
  ['2× (UpSampling2D)', UPSAMPLE],
  ['non-integer 5×7', { alignCorners: false, halfPixelCenters: false, size: [5, 7] }],
  ['alignCorners 5×7', { alignCorners: true, halfPixelCenters: false, size: [5, 7] }],
  ['halfPixelCenters 5×7', { alignCorners: false, halfPixelCenters: true, size: [5, 7] }],
];

/**
 * Independent reference: the forward resize is a gather, so its gradient is the matching scatter. Which pixel
 * each output reads is found by running the (correct) stock cpu forward kernel on an image whose values are
 * the pixel indices, then dy is added into those pixels.
 */
async function referenceGradient(xShape: number[], dy: Arr, c: Case): Promise<Float64Array> {
  await use('cpu');
  const indices = tf.tidy(() =>
    tf.image
      .resizeNearestNeighbor(
        tf
          .range(
            0,
            xShape.reduce((a, b) => a * b),
          )
          .reshape(xShape) as tf.Tensor4D,
        c.size,
        c.alignCorners,
        c.halfPixelCenters,
      )
      .dataSync(),
  );
  const dx = new Float64Array(xShape.reduce((a, b) => a * b));
  indices.forEach((source, k) => {
    dx[source] += dy.values[k];
  });
  return dx;
}

async function gradientCase(batch: number, c: Case, seed: number) {
  const xShape = [batch, 3, 4, 2];
  const dy = randn([batch, ...c.size, 2], seed);
  return { inputs: { images: randn(xShape, seed + 1), dy }, expected: await referenceGradient(xShape, dy, c) };
}

describe('ResizeNearestNeighborGrad', () => {
  beforeAll(() => {
    registerSegKernels();
  });

  it('bug: stock cpu reads dy with the batch stride of x, so batch > 1 is wrong', async () => {
    const { inputs, expected } = await gradientCase(2, UPSAMPLE, 1);
    const stock = runKernel('ResizeNearestNeighborGrad', inputs, UPSAMPLE, stockKernel('ResizeNearestNeighborGrad', 'cpu'));
    expect(relError(stock.values, expected)).toBeGreaterThan(0.5);
    const single = await gradientCase(1, UPSAMPLE, 2);
    const stockSingle = runKernel('ResizeNearestNeighborGrad', single.inputs, UPSAMPLE, stockKernel('ResizeNearestNeighborGrad', 'cpu'));
    expect(relError(stockSingle.values, single.expected)).toBeLessThan(1e-6);
  });

  it('bug: stock cpu ignores halfPixelCenters (batch 1)', async () => {
    const c = CASES[3][1];
    const { inputs, expected } = await gradientCase(1, c, 3);
    const stock = runKernel('ResizeNearestNeighborGrad', inputs, c, stockKernel('ResizeNearestNeighborGrad', 'cpu'));
    expect(relError(stock.values, expected)).toBeGreaterThan(0.1);
  });

  it('bug: stock wasm ignores halfPixelCenters too, although its forward kernel honours it', async () => {
    const c = CASES[3][1];
    const { inputs, expected } = await gradientCase(2, c, 3);
    const probe = tf.range(0, 24).reshape([2, 3, 4, 1]) as tf.Tensor4D;
    const cpuForward = tf.image.resizeNearestNeighbor(probe, c.size, false, true).dataSync();
    await use('wasm');
    const wasmForward = tf.tidy(() =>
      tf.image.resizeNearestNeighbor(tf.range(0, 24).reshape([2, 3, 4, 1]) as tf.Tensor4D, c.size, false, true).dataSync(),
    );
    probe.dispose();
    expect(Array.from(wasmForward)).toEqual(Array.from(cpuForward));
    const stock = runKernel('ResizeNearestNeighborGrad', inputs, c, stockKernel('ResizeNearestNeighborGrad', 'wasm'));
    expect(relError(stock.values, expected)).toBeGreaterThan(0.1);
  });

  it('source indices: hand-computed for 3 → 5 rows', () => {
    // ratio 3/5: floor(0, 0.6, 1.2, 1.8, 2.4) = 0 0 1 1 2; align corners: ratio 2/4, round(0, .5, 1, 1.5, 2) = 0 1 1 2 2;
    // half-pixel: floor(0.3, 0.9, 1.5, 2.1, 2.7) = 0 0 1 2 2.
    expect(Array.from(nearestSourceIndices(3, 5, { alignCorners: false, halfPixelCenters: false }))).toEqual([0, 0, 1, 1, 2]);
    expect(Array.from(nearestSourceIndices(3, 5, { alignCorners: true, halfPixelCenters: false }))).toEqual([0, 1, 1, 2, 2]);
    expect(Array.from(nearestSourceIndices(3, 5, { alignCorners: false, halfPixelCenters: true }))).toEqual([0, 0, 1, 2, 2]);
  });

  describe.each(['cpu', 'wasm'] as const)('on %s', (name) => {
    it.each(CASES)("seg's kernel, %s, batch 2, matches the reference", async (_, c) => {
      const { inputs, expected } = await gradientCase(2, c, 4);
      await use(name);
      registerSegKernels();
      expect(relError(runKernel('ResizeNearestNeighborGrad', inputs, c).values, expected)).toBeLessThan(1e-6);
    });
  });

  it('tf.grad through upSampling-style resize on cpu, batch 2, matches the reference and leaks nothing', async () => {
    await use('cpu');
    const x = randn([2, 3, 4, 2], 5);
    const weights = randn([2, 6, 8, 2], 6);
    const f = (t: tf.Tensor) =>
      tf.sum(tf.mul(tf.image.resizeNearestNeighbor(t as tf.Tensor4D, [6, 8]), tf.tensor(weights.values, weights.shape)));
    const run = () =>
      tf.tidy(() =>
        tf
          .grad(f)(tf.tensor4d(x.values, [2, 3, 4, 2]))
          .dataSync(),
      );
    run();
    const tensors = tf.memory().numTensors;
    const ids = backendDataIds();
    const dx = run();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(backendDataIds()).toBe(ids);
    expect(relError(dx, await referenceGradient(x.shape, weights, UPSAMPLE))).toBeLessThan(1e-6);
  });
});
