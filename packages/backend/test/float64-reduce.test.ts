import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { reductionBlocks, registerSegKernels, sumMiddleAxis } from '../src/index.js';
import { backendDataIds, randn, relError, use, withStockKernels } from './helpers.js';

/** Float64 reference: sums x (row-major, `shape`) over `axes` by visiting every element and its output index. */
function referenceSum(x: Float32Array, shape: number[], axes: number[]): Float64Array {
  const keep = shape.map((_, d) => d).filter((d) => !axes.includes(d));
  const outSize = keep.reduce((p, d) => p * shape[d], 1);
  const out = new Float64Array(outSize);
  const index = new Array(shape.length).fill(0);
  for (let k = 0; k < x.length; k++) {
    let o = 0;
    for (const d of keep) o = o * shape[d] + index[d];
    out[o] += x[k];
    for (let d = shape.length - 1; d >= 0 && ++index[d] === shape[d]; d--) index[d] = 0;
  }
  return out;
}

const SHAPE = [3, 4, 5, 6];
const AXES: [string, number[]][] = [
  ['leading (batch-norm statistics)', [0, 1, 2]],
  ['trailing (6 ≤ SHORT_REDUCTION values: stock kernel)', [3]],
  ['middle (global pooling)', [1, 2]],
  ['non-contiguous (transposed first)', [0, 2]],
  ['all', [0, 1, 2, 3]],
];

describe('float64-accumulating Sum and Mean', () => {
  beforeAll(async () => {
    await use('wasm');
    registerSegKernels();
  });

  it('groups axes into [outer, reduce, inner] (hand-computed products of [3,4,5,6])', () => {
    expect(reductionBlocks(SHAPE, [0, 1, 2])).toEqual([1, 60, 6]);
    expect(reductionBlocks(SHAPE, [3])).toEqual([60, 6, 1]);
    expect(reductionBlocks(SHAPE, [2, 1])).toEqual([3, 20, 6]);
    expect(reductionBlocks(SHAPE, [0, 2])).toBeUndefined();
    expect(reductionBlocks(SHAPE, [])).toEqual([360, 1, 1]);
  });

  it('sumMiddleAxis: hand sums of [[1,2],[3,4],[5,6]] over the middle axis', () => {
    expect(Array.from(sumMiddleAxis([1, 2, 3, 4, 5, 6], 1, 3, 2))).toEqual([9, 12]);
    expect(Array.from(sumMiddleAxis([1, 2, 3, 4, 5, 6], 3, 2, 1))).toEqual([3, 7, 11]);
  });

  it.each(AXES)('wasm Sum and Mean over %s axes equal the float64 reference rounded once', (_, axes) => {
    const x = randn(SHAPE, 1);
    const sum = referenceSum(x.values, SHAPE, axes);
    const count = axes.reduce((p, d) => p * SHAPE[d], 1);
    const [s, m, kept] = tf.tidy(() => {
      const t = tf.tensor(x.values, SHAPE);
      return [tf.sum(t, axes).dataSync(), tf.mean(t, axes).dataSync(), tf.sum(t, axes, true).shape];
    });
    expect(relError(s, sum)).toBeLessThan(1e-7);
    expect(
      relError(
        m,
        sum.map((v) => v / count),
      ),
    ).toBeLessThan(1e-7);
    expect(kept).toEqual(SHAPE.map((d, i) => (axes.includes(i) ? 1 : d)));
  });

  it('a long trailing reduction (100 > SHORT_REDUCTION values) is accumulated in float64 too', () => {
    const x = randn([10, 100], 4);
    const s = tf.tidy(() => tf.sum(tf.tensor2d(x.values, [10, 100]), 1).dataSync());
    expect(relError(s, referenceSum(x.values, [10, 100], [1]))).toBeLessThan(1e-7);
  });

  it('cause: the stock wasm Sum of 2^20 values in [1, 1.1) errs > 1e-4 relative (float32 accumulation); seg < 1e-7', async () => {
    const n = 2 ** 20;
    const x = Float32Array.from({ length: n }, (_, i) => 1 + 0.1 * ((i * 0.618033988749895) % 1)); // equidistributed
    const exact = x.reduce((a, b) => a + b, 0); // JS numbers: float64
    const sumOnWasm = () => tf.tidy(() => tf.sum(tf.tensor(x)).dataSync()[0]);
    const stock = await withStockKernels([['Sum', 'wasm']], sumOnWasm);
    expect(Math.abs(stock - exact) / exact).toBeGreaterThan(1e-4); // measured 1.6e-3: past 2^19 the sum moves in steps of 1/16
    expect(Math.abs(sumOnWasm() - exact) / exact).toBeLessThan(1e-7);
  });

  it('int32 sums go to the stock kernel and stay exact integers', () => {
    const s = tf.tidy(() => tf.sum(tf.tensor1d([2 ** 24, 1, 1], 'int32')).dataSync());
    expect(Array.from(s)).toEqual([2 ** 24 + 2]);
  });

  it('leaks no tensors or wasm buffers (including the transposed intermediate)', () => {
    const t = tf.tensor(randn(SHAPE, 3).values, SHAPE);
    tf.sum(t, [0, 2]).dispose();
    const tensors = tf.memory().numTensors;
    const ids = backendDataIds();
    tf.sum(t, [0, 2]).dispose();
    tf.mean(t, [1, 2], true).dispose();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(backendDataIds()).toBe(ids);
    t.dispose();
  });
});
