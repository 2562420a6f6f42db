import { Rng } from '@seg/core';
import { unet } from '@seg/models';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerSegKernels } from '../src/index.js';
import { relError, use } from './helpers.js';

// Every gradient kernel a U-Net needs — conv2d (+ bias), ReLU, batch norm in training mode, 2×2 max-pool,
// 2×2 stride-2 transposed conv or nearest ×2 up-sampling, concat, softmax cross-entropy — on wasm vs cpu.
const [N, S, CLASSES] = [2, 16, 3];
const rng = new Rng(3);
const images = Float32Array.from({ length: N * S * S }, () => rng.normal());
const labels = Int32Array.from({ length: N * S * S }, () => rng.int(CLASSES));

function gradients(norm: 'batch' | 'none', upsampling: 'transpose' | 'nearest'): Map<string, Float32Array> {
  const model = unet({ inputShape: [S, S, 1], numClasses: CLASSES, depth: 2, filters: 4, norm, upsampling, seed: 7 });
  const arrays = tf.tidy(() => {
    const x = tf.tensor4d(images, [N, S, S, 1]);
    const y = tf.oneHot(tf.tensor1d(labels, 'int32'), CLASSES).reshape([N, S, S, CLASSES]);
    const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const { grads } = tf.variableGrads(
      () => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar,
      vars,
    );
    return vars.map((v) => grads[v.name].dataSync() as Float32Array);
  });
  const out = new Map(model.trainableWeights.map((w, i) => [w.originalName, arrays[i]]));
  model.dispose();
  return out;
}

describe('U-Net gradients on wasm match cpu', () => {
  beforeAll(async () => {
    registerSegKernels();
    await use('wasm');
    registerSegKernels();
  });

  it.each([
    ['batch', 'transpose'],
    ['batch', 'nearest'],
    ['none', 'transpose'],
    ['none', 'nearest'],
  ] as const)('norm %s, up-sampling %s: every weight gradient within 3e-5 (relative to its largest entry)', async (norm, upsampling) => {
    await use('cpu');
    const cpu = gradients(norm, upsampling);
    await use('wasm');
    const wasm = gradients(norm, upsampling);
    expect([...wasm.keys()]).toEqual([...cpu.keys()]);
    const worst = Math.max(...[...cpu].map(([name, g]) => relError(wasm.get(name) as Float32Array, g)));
    expect(worst).toBeLessThan(3e-5); // measured 4e-7 … 3.4e-6
  });

  it('a training-mode gradient pass on wasm leaks no tensors', async () => {
    await use('wasm');
    gradients('batch', 'transpose');
    const tensors = tf.memory().numTensors;
    gradients('batch', 'transpose');
    expect(tf.memory().numTensors).toBe(tensors);
  });
});
