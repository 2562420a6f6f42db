import { mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDirAtomic } from '../src/fs-atomic.js';
import { loadModel, saveModel } from '../src/model-io.js';
import { loadWeights, saveWeights } from '../src/weights-io.js';

let root: string;
beforeAll(async () => {
  await tf.setBackend('cpu');
  root = await mkdtemp(join(tmpdir(), 'seg-model-io-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function tinyModel(): tf.LayersModel {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 3, kernelSize: 3, padding: 'same', activation: 'relu' }),
      tf.layers.batchNormalization(),
      tf.layers.conv2d({ filters: 2, kernelSize: 1 }),
    ],
  });
}

// conv 3·3·1·3 + 3, BN 4·3, conv 3·2 + 2 = 27 + 3 + 12 + 8 = 50 float32 values = 200 bytes
const WEIGHT_BYTES = 200;

describe('saveModel / loadModel', () => {
  it('round trip: identical predictions, files model.json + weights.bin only', async () => {
    const model = tinyModel();
    const dir = join(root, 'roundtrip');
    await saveModel(model, dir);
    expect((await readdir(dir)).sort()).toEqual(['model.json', 'weights.bin']);
    expect((await readFile(join(dir, 'weights.bin'))).byteLength).toBe(WEIGHT_BYTES);
    const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
    expect(json.weightsManifest[0].paths).toEqual(['weights.bin']);
    expect(json.format).toBe('layers-model');
    const loaded = await loadModel(dir);
    const x = tf.randomNormal([2, 8, 8, 1], 0, 1, 'float32', 3);
    const a = model.predict(x) as tf.Tensor;
    const b = loaded.predict(x) as tf.Tensor;
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    tf.dispose([x, a, b]);
    model.dispose();
    loaded.dispose();
  });

  it('overwrites an existing model and leaves no temporary or old directory behind', async () => {
    const dir = join(root, 'twice');
    const m1 = tinyModel();
    const m2 = tinyModel();
    await saveModel(m1, dir);
    await saveModel(m2, dir);
    expect((await readdir(root)).filter((n) => n.startsWith('twice'))).toEqual(['twice']);
    const loaded = await loadModel(dir);
    expect(Array.from(loaded.getWeights()[0].dataSync())).toEqual(Array.from(m2.getWeights()[0].dataSync()));
    for (const m of [m1, m2, loaded]) m.dispose();
  });
});

describe('loadModel errors name the path and the problem', () => {
  it('missing directory', async () => {
    const dir = join(root, 'nowhere');
    await expect(loadModel(dir)).rejects.toThrow(`loadModel: cannot read ${join(dir, 'model.json')}: the file does not exist.`);
  });

  it('truncated weights.bin: bytes held vs bytes the manifest needs', async () => {
    const model = tinyModel();
    const dir = join(root, 'truncated');
    await saveModel(model, dir);
    model.dispose();
    await truncate(join(dir, 'weights.bin'), 120);
    await expect(loadModel(dir)).rejects.toThrow(
      `loadModel: weights.bin in ${dir} holds 120 bytes but the manifest in model.json needs ${WEIGHT_BYTES} (a truncated or mismatched file).`,
    );
  });

  it('invalid JSON and a JSON without a topology', async () => {
    const dir = join(root, 'badjson');
    const model = tinyModel();
    await saveModel(model, dir);
    model.dispose();
    await writeFile(join(dir, 'model.json'), '{"modelTopology": ');
    await expect(loadModel(dir)).rejects.toThrow(new RegExp(`loadModel: ${join(dir, 'model.json')} is not valid JSON`));
    await writeFile(join(dir, 'model.json'), '{"weightsManifest": []}');
    await expect(loadModel(dir)).rejects.toThrow(`loadModel: ${join(dir, 'model.json')} has no 'modelTopology'.`);
  });

  it('a topology tfjs cannot build', async () => {
    const dir = join(root, 'badtopology');
    await writeDirAtomic(dir, async (tmp) => {
      await writeFile(join(tmp, 'weights.bin'), new Uint8Array(0));
      await writeFile(
        join(tmp, 'model.json'),
        JSON.stringify({
          modelTopology: { class_name: 'NoSuchModel', config: {} },
          weightsManifest: [{ paths: ['weights.bin'], weights: [] }],
        }),
      );
    });
    await expect(loadModel(dir)).rejects.toThrow(
      /loadModel: tfjs could not build the model in .*model\.json: Unknown layer: NoSuchModel[\s\S]*import the package that registers them/,
    );
  });
});

describe('writeDirAtomic', () => {
  it('keeps the previous directory when writing the new one fails', async () => {
    const dir = join(root, 'keep');
    await writeDirAtomic(dir, (tmp) => writeFile(join(tmp, 'a.txt'), 'first'));
    await expect(
      writeDirAtomic(dir, async (tmp) => {
        await writeFile(join(tmp, 'a.txt'), 'second');
        throw new Error('disk full');
      }),
    ).rejects.toThrow('disk full');
    expect(await readFile(join(dir, 'a.txt'), 'utf8')).toBe('first');
    expect((await readdir(root)).filter((n) => n.startsWith('keep'))).toEqual(['keep']);
  });
});

describe('saveWeights / loadWeights', () => {
  it('round trip keeps order, names, dtypes and values bit for bit', async () => {
    const dir = join(root, 'weights');
    await writeDirAtomic(dir, async (tmp) => {
      const tensors = [
        { name: 'iter', tensor: tf.scalar(7, 'int32') },
        {
          name: 'b/m',
          tensor: tf.tensor2d([
            [0.1, -1e-30],
            [Math.PI, 3e38],
          ]),
        },
        { name: 'a/v', tensor: tf.tensor1d([1, 2, 3]) },
      ];
      await saveWeights(tmp, 'opt', tensors);
      tf.dispose(tensors.map((t) => t.tensor));
    });
    const back = await loadWeights(dir, 'opt');
    expect(back.map((t) => [t.name, t.tensor.dtype, t.tensor.shape])).toEqual([
      ['iter', 'int32', []],
      ['b/m', 'float32', [2, 2]],
      ['a/v', 'float32', [3]],
    ]);
    expect(Array.from(back[1].tensor.dataSync())).toEqual([0.1, -1e-30, Math.PI, 3e38].map(Math.fround));
    tf.dispose(back.map((t) => t.tensor));
  });

  it('refuses duplicate names and reports a short .bin', async () => {
    const t = tf.scalar(1);
    await expect(
      saveWeights(root, 'dup', [
        { name: 'x', tensor: t },
        { name: 'x', tensor: t },
      ]),
    ).rejects.toThrow("saveWeights: 'tensors' must be uniquely named tensors, got 'x' twice.");
    await saveWeights(root, 'short', [{ name: 'x', tensor: t }]);
    t.dispose();
    await writeFile(join(root, 'short.bin'), new Uint8Array(2));
    await expect(loadWeights(root, 'short')).rejects.toThrow(
      `loadWeights: ${join(root, 'short.bin')} holds 2 bytes but ${join(root, 'short.json')} needs 4`,
    );
  });
});
