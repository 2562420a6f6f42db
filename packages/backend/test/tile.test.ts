import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerSegKernels, stockKernel, tileInto } from '../src/index.js';
import { backendDataIds, randn, runKernel, use } from './helpers.js';

const CASES: [string, number[], number[]][] = [
  ['batch-norm 1/σ [1,1,1,4] → [2,3,5,4]', [1, 1, 1, 4], [2, 3, 5, 1]],
  ['every axis repeated', [2, 3, 2], [3, 2, 4]],
  ['no repetition', [2, 3], [1, 1]],
  ['rank 1', [5], [3]],
];

describe('Tile by block copies', () => {
  beforeAll(async () => {
    registerSegKernels();
    await use('wasm');
    registerSegKernels();
  });

  it('hand example: [[1,2]] tiled [2,2] is [[1,2,1,2],[1,2,1,2]]', () => {
    const out = new Float32Array(8);
    tileInto(new Float32Array([1, 2]), [1, 2], [2, 2], out);
    expect(Array.from(out)).toEqual([1, 2, 1, 2, 1, 2, 1, 2]);
  });

  describe.each(['cpu', 'wasm'] as const)('on %s', (name) => {
    it.each(CASES)('%s equals the stock cpu kernel', async (_, shape, reps) => {
      const x = randn(shape, 3);
      await use('cpu');
      const expected = runKernel('Tile', { x }, { reps }, stockKernel('Tile', 'cpu'));
      await use(name);
      const ours = runKernel('Tile', { x }, { reps });
      expect(ours.shape).toEqual(expected.shape);
      expect(Array.from(ours.values)).toEqual(Array.from(expected.values));
    });

    it('int32 and bool tensors keep their values and dtype', async () => {
      await use(name);
      const [ints, bools] = tf.tidy(() => [
        tf.tile(tf.tensor2d([1, 2, 3, 4], [2, 2], 'int32'), [1, 2]),
        tf.tile(tf.tensor1d([1, 0], 'bool'), [2]),
      ]);
      expect(ints.dtype).toBe('int32');
      expect(Array.from(ints.dataSync())).toEqual([1, 2, 1, 2, 3, 4, 3, 4]);
      expect(bools.dtype).toBe('bool');
      expect(Array.from(bools.dataSync())).toEqual([1, 0, 1, 0]);
      tf.dispose([ints, bools]);
    });

    it('leaks nothing', async () => {
      await use(name);
      const x = tf.ones([1, 1, 1, 3]);
      tf.tile(x, [2, 4, 4, 1]).dispose();
      const tensors = tf.memory().numTensors;
      const ids = backendDataIds();
      tf.tile(x, [2, 4, 4, 1]).dispose();
      expect(tf.memory().numTensors).toBe(tensors);
      expect(backendDataIds()).toBe(ids);
      x.dispose();
    });
  });
});
