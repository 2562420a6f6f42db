import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from '@seg/core';
import { createModel, listModels } from '@seg/models';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel, saveModel } from '../src/model-io.js';

// Issue 7: every registered architecture (custom layers included) survives saveModel → loadModel with identical
// outputs — every output of multi-output models, in inference mode.
const TINY: Record<string, Record<string, unknown>> = {
  unet: { depth: 2, filters: 4, deepSupervision: true },
  segan: { depth: 2, filters: 4 },
  'attention-unet': { depth: 2, filters: 4 },
  unetpp: { depth: 2, filters: 4, deepSupervision: true },
  pspnet: { size: 32, blocks: [1, 1, 1, 1], width: 4, bins: [1, 2, 4], headChannels: 8 },
  deeplabv3plus: { size: 32, width: 4, middleBlocks: 1, asppChannels: 8, decoderChannels: 8 },
  transunet: { depth: 2, filters: 4, embedDim: 8, heads: 2, blocks: 1 },
  'aag-unet': { depth: 3, filters: 4 },
};

let root: string;
beforeAll(async () => {
  await tf.setBackend('cpu');
  root = await mkdtemp(join(tmpdir(), 'seg-model-io-all-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('save → load round trip of every registered model', () => {
  it('covers every registered model', () => {
    expect(listModels().map((m) => m.name)).toEqual(Object.keys(TINY));
  });

  it.each(Object.keys(TINY))('%s: identical outputs after loading', async (name) => {
    const size = (TINY[name].size as number | undefined) ?? 16;
    const { size: _size, ...config } = TINY[name];
    const model = createModel(name, { ...config, inputShape: [size, size, 1], numClasses: 3, seed: 5 });
    // A few training-mode passes first, so batch-norm moving statistics (and spectral-norm vectors) are not at init.
    const rng = new Rng(1);
    const x = tf.tensor4d(
      Float32Array.from({ length: 2 * size * size }, () => rng.normal()),
      [2, size, size, 1],
    );
    for (let i = 0; i < 3; i++) tf.dispose(model.apply(x, { training: true }) as tf.Tensor | tf.Tensor[]);
    const dir = join(root, name);
    await saveModel(model, dir);
    const loaded = await loadModel(dir);
    const list = (t: tf.Tensor | tf.Tensor[]) => (Array.isArray(t) ? t : [t]);
    const a = list(model.predict(x) as tf.Tensor | tf.Tensor[]);
    const b = list(loaded.predict(x) as tf.Tensor | tf.Tensor[]);
    expect(b.length).toBe(a.length);
    a.forEach((t, i) => {
      expect(Array.from(b[i].dataSync())).toEqual(Array.from(t.dataSync()));
    });
    tf.dispose([...a, ...b, x]);
    model.dispose();
    loaded.dispose();
  });
});
