import { Rng } from '@seg/core';
import { GroupNormalization, groupNormalization, unet } from '@seg/models';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Plain-JS group norm on a flat N×H×W×C array: mean and biased variance per (n, group) over H, W and the group's channels. */
function groupNormReference(
  x: Float32Array,
  [n, h, w, c]: number[],
  groups: number,
  gamma: number[],
  beta: number[],
  eps: number,
): Float64Array {
  const out = new Float64Array(x.length);
  const per = c / groups;
  for (let b = 0; b < n; b++) {
    for (let g = 0; g < groups; g++) {
      const idx: number[] = [];
      for (let p = 0; p < h * w; p++) for (let k = g * per; k < (g + 1) * per; k++) idx.push((b * h * w + p) * c + k);
      const mean = idx.reduce((s, i) => s + x[i], 0) / idx.length;
      const variance = idx.reduce((s, i) => s + (x[i] - mean) ** 2, 0) / idx.length;
      for (const i of idx) out[i] = (gamma[i % c] * (x[i] - mean)) / Math.sqrt(variance + eps) + beta[i % c];
    }
  }
  return out;
}

async function roundTrip(model: tf.LayersModel): Promise<tf.LayersModel> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return tf.loadLayersModel(tf.io.fromMemory(saved!));
}

describe('GroupNormalization', () => {
  const shape = [2, 3, 2, 6];
  const data = new Rng(3).fillNormal(new Float32Array(2 * 3 * 2 * 6), 1.5, 2);
  const gamma = [1, 2, 0.5, -1, 3, 1.5];
  const beta = [0, 0.1, -0.2, 0.3, 1, -1];

  it('matches a plain-JS reference (3 groups of 2 channels, learned γ and β)', () => {
    const layer = groupNormalization({ groups: 3 });
    const x = tf.tensor4d(data, shape as [number, number, number, number]);
    (layer.apply(x) as tf.Tensor).dispose(); // builds the weights
    const values = [tf.tensor1d(gamma), tf.tensor1d(beta)];
    layer.setWeights(values);
    tf.dispose(values);
    const y = layer.apply(x) as tf.Tensor;
    const expected = groupNormReference(data, shape, 3, gamma, beta, 1e-5);
    for (const [i, v] of y.dataSync().entries()) expect(v).toBeCloseTo(expected[i], 4);
    tf.dispose([x, y]);
    layer.dispose();
  });

  it('groups = C is instance norm and groups = 1 normalises over H×W×C (reference with γ = 1, β = 0)', () => {
    const x = tf.tensor4d(data, shape as [number, number, number, number]);
    for (const groups of [1, 6]) {
      const layer = new GroupNormalization({ groups, epsilon: 1e-3 });
      const y = layer.apply(x) as tf.Tensor;
      const expected = groupNormReference(data, shape, groups, Array(6).fill(1), Array(6).fill(0), 1e-3);
      for (const [i, v] of y.dataSync().entries()) expect(v).toBeCloseTo(expected[i], 4);
      y.dispose();
      layer.dispose();
    }
    x.dispose();
  });

  it('leaks no tensors in forward and backward', () => {
    const layer = groupNormalization({ groups: 2 });
    const x = tf.tensor4d(data, shape as [number, number, number, number]);
    (layer.apply(x) as tf.Tensor).dispose();
    const before = tf.memory().numTensors;
    (layer.apply(x) as tf.Tensor).dispose();
    const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(layer.apply(x) as tf.Tensor)) as tf.Scalar);
    tf.dispose([value, ...Object.values(grads)]);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    layer.dispose();
  });

  it('names the argument when the channels do not split into groups', () => {
    const x = tf.zeros([1, 2, 2, 6]);
    expect(() => groupNormalization({ groups: 4 }).apply(x)).toThrow(
      "GroupNormalization: 'inputShape' must be channels-last with a channel count divisible by groups = 4, got 1×2×2×6. Pick groups dividing the number of filters.",
    );
    expect(() => groupNormalization({ groups: 0 })).toThrow("GroupNormalization: 'groups' must be an integer ≥ 1, got 0.");
    x.dispose();
  });

  it('survives a save/load round trip inside a U-Net: identical outputs and config', async () => {
    const model = unet({ inputShape: [16, 16, 2], numClasses: 3, depth: 2, filters: 4, norm: 'group', groups: 2, seed: 5 });
    // Move γ and β away from 1 and 0 so the round trip is tested on non-default values.
    const shifted = model.getWeights().map((w, i) => tf.add(w, (i % 5) * 0.01));
    model.setWeights(shifted);
    tf.dispose(shifted);
    const loaded = await roundTrip(model);
    const norm = loaded.getLayer('enc1_norm2') as GroupNormalization;
    expect(norm).toBeInstanceOf(GroupNormalization);
    expect(norm.getConfig()).toMatchObject({ groups: 2, epsilon: 1e-5, center: true, scale: true });
    const x = tf.randomNormal([2, 16, 16, 2], 0, 1, 'float32', 9);
    const [a, b] = [model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor];
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    tf.dispose([x, a, b]);
    model.dispose();
    loaded.dispose();
  });

  it('batch-norm and nearest-upsampling U-Nets round-trip too', async () => {
    const model = unet({
      inputShape: [16, 16, 1],
      numClasses: 2,
      depth: 2,
      filters: 4,
      norm: 'batch',
      upsampling: 'nearest',
      dropout: 0.3,
    });
    const loaded = await roundTrip(model);
    expect(loaded.layers.map((l) => l.name)).toEqual(model.layers.map((l) => l.name));
    const x = tf.randomNormal([1, 16, 16, 1], 0, 1, 'float32', 2);
    const [a, b] = [model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor];
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    tf.dispose([x, a, b]);
    model.dispose();
    loaded.dispose();
  });
});
