import { Rng } from '@seg/core';
import { createModel, listModels } from '@seg/models';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerSegKernels } from '../src/index.js';
import { relError, use } from './helpers.js';

// Issue 7: one forward + backward step of every registered architecture gives the same gradients on wasm and cpu.
// Tiny configs (the smallest valid input per model); softmax CE on the first output (the logits).
const N = 2;
const CLASSES = 3;
const TINY: Record<string, { size: number; config: Record<string, unknown> }> = {
  unet: { size: 16, config: { depth: 2, filters: 4 } },
  segan: { size: 16, config: { depth: 2, filters: 4 } },
  'attention-unet': { size: 16, config: { depth: 2, filters: 4 } },
  unetpp: { size: 16, config: { depth: 2, filters: 4, deepSupervision: true } },
  pspnet: { size: 32, config: { blocks: [1, 1, 1, 1], width: 4, bins: [1, 2, 4], headChannels: 8 } },
  deeplabv3plus: { size: 32, config: { width: 4, middleBlocks: 1, asppChannels: 8, decoderChannels: 8 } },
  transunet: { size: 16, config: { depth: 2, filters: 4, embedDim: 8, heads: 2, blocks: 1 } },
  'aag-unet': { size: 16, config: { depth: 3, filters: 4 } },
};

function gradients(name: string): Map<string, Float32Array> {
  const { size, config } = TINY[name];
  const rng = new Rng(3);
  const images = Float32Array.from({ length: N * size * size }, () => rng.normal());
  const labels = Int32Array.from({ length: N * size * size }, () => rng.int(CLASSES));
  const model = createModel(name, { ...config, inputShape: [size, size, 1], numClasses: CLASSES, seed: 7 });
  const arrays = tf.tidy(() => {
    const x = tf.tensor4d(images, [N, size, size, 1]);
    const y = tf.oneHot(tf.tensor1d(labels, 'int32'), CLASSES).reshape([N, size, size, CLASSES]);
    const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const { grads } = tf.variableGrads(() => {
      const out = model.apply(x, { training: true }) as tf.Tensor | tf.Tensor[];
      return tf.losses.softmaxCrossEntropy(y, Array.isArray(out) ? out[0] : out) as tf.Scalar;
    }, vars);
    return vars.map((v) => grads[v.name].dataSync() as Float32Array);
  });
  const out = new Map(model.trainableWeights.map((w, i) => [w.originalName, arrays[i]]));
  model.dispose();
  return out;
}

describe('every registered model: gradients on wasm match cpu', () => {
  beforeAll(async () => {
    registerSegKernels();
    await use('wasm');
    registerSegKernels();
  });

  it('every registered model has a tiny config here', () => {
    expect(listModels().map((m) => m.name)).toEqual(Object.keys(TINY));
  });

  it.each(Object.keys(TINY))('%s: every weight gradient within 1e-3 (relative to its largest entry), no leaks', async (name) => {
    await use('cpu');
    const cpu = gradients(name);
    await use('wasm');
    const before = tf.memory().numTensors;
    const wasm = gradients(name);
    expect(tf.memory().numTensors).toBe(before);
    expect([...wasm.keys()]).toEqual([...cpu.keys()]);
    // Relative to each weight's largest gradient entry — except gradients that are zero in exact arithmetic
    // (TransUNet's attention key bias: softmax ignores a per-query shift; DeepLab's Xception exit-projection β at 32²,
    // cancelled by the next batch norm), which are float noise (≈ 1e-9): those are compared on the model's scale.
    const scale = Math.max(...[...cpu.values()].map((g) => Math.max(...g.map(Math.abs))));
    const worst = Math.max(
      ...[...cpu].map(([w, g]) => {
        const own = Math.max(...g.map(Math.abs));
        const a = wasm.get(w) as Float32Array;
        return own > 1e-6 * scale ? relError(a, g) : Math.max(...a.map((v, i) => Math.abs(v - g[i]))) / scale;
      }),
    );
    expect(worst).toBeLessThan(1e-3);
  });
});
