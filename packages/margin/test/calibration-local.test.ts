import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applyLocalTemperature,
  fitLocalTemperature,
  fitTemperature,
  type LocalTemperatureFit,
  localTemperatureModel,
  localTemperatures,
  PositiveTemperature,
  temperatureNll,
} from '../src/calibration/index.js';
import { referenceNll, type Synthetic, synthetic } from './calibration-helpers.js';

const C = 3;
const S = 12;
// Over-confident by ×3 on the left half of every image, under-confident (×0.5) on the right half.
const halves = (x: number, w: number) => (x < w / 2 ? 3 : 0.5);
const train = synthetic([8, S, S, C], 1, halves);
const heldOut = synthetic([16, S, S, C], 2, halves);
const fast = { hidden: 2, layers: 1, epochs: 30, lr: 0.1, seed: 1 };

function tensors(d: Synthetic, labels: Int32Array = d.labels) {
  const [n, h, w] = d.shape;
  return { logits: tf.tensor4d(d.logits, d.shape), labels: tf.tensor3d(labels, [n, h, w], 'int32') };
}

/** Mean NLL of z / T(x) on a set, via the tf path (applyLocalTemperature) and a plain-JS NLL of the read-back logits. */
function heldOutNll(model: tf.LayersModel, d: Synthetic): number {
  const { logits, labels } = tensors(d);
  const scaled = applyLocalTemperature(model, logits);
  const nll = referenceNll(scaled.dataSync(), d.labels, C, () => 1);
  tf.dispose([logits, labels, scaled]);
  return nll;
}

function columnMeans(map: tf.Tensor3D): number[] {
  return tf.tidy(() => Array.from(tf.mean(map, [0, 1]).dataSync()));
}

let fit: LocalTemperatureFit;
let batch: ReturnType<typeof tensors>;

beforeAll(async () => {
  await tf.setBackend('cpu');
  batch = tensors(train);
  fit = await fitLocalTemperature([batch], fast);
});

afterAll(() => {
  fit.model.dispose();
  tf.dispose([batch.logits, batch.labels]);
});

describe('fitLocalTemperature', () => {
  it('spatially varying miscalibration (left ×3, right ×0.5): beats global temperature scaling on held-out data', () => {
    const global = fitTemperature(train.logits, train.labels);
    const globalNll = temperatureNll(heldOut.logits, heldOut.labels, global.temperature);
    const localNll = heldOutNll(fit.model, heldOut);
    // One T cannot be 3 and 0.5 at once; the oracle (the true logits z*, NLL-optimal by construction) bounds both.
    const oracle = temperatureNll(heldOut.trueLogits, heldOut.labels, 1);
    expect(localNll).toBeLessThan(globalNll - 0.03);
    expect(localNll).toBeGreaterThan(oracle);
    const { logits } = tensors(heldOut);
    const map = localTemperatures(fit.model, logits);
    const columns = columnMeans(map);
    tf.dispose([logits, map]);
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    expect(mean(columns.slice(1, S / 2 - 1))).toBeGreaterThan(2); // true factor 3 (edge columns see both halves)
    expect(mean(columns.slice(S / 2 + 1, S - 1))).toBeLessThan(1); // true factor 0.5
  });

  it('nllBefore is the T = 1 NLL and nllAfter the NLL with the trained T(x), both checked in plain JS', () => {
    expect(fit.nllBefore).toBeCloseTo(
      referenceNll(train.logits, train.labels, C, () => 1),
      5,
    );
    const map = localTemperatures(fit.model, batch.logits);
    const t = map.dataSync();
    expect(fit.nllAfter).toBeCloseTo(
      referenceNll(train.logits, train.labels, C, (p) => t[p]),
      4,
    );
    expect(fit.nllAfter).toBeLessThan(fit.nllBefore);
    expect(fit.temperatureRange.min).toBeCloseTo(Math.min(...t), 5);
    map.dispose();
    expect(fit.pixels).toBe(8 * S * S);
    expect(fit.steps).toBe(30);
    expect(fit.history).toHaveLength(30);
    expect(fit.history[29]).toBeLessThan(fit.history[0]);
    expect(fit.config).toMatchObject({ numClasses: C, imageChannels: 0, hidden: 2, layers: 1, inputs: 'logits', minTemperature: 0.05 });
  });

  it('temperatures stay ≥ minTemperature and finite, even for extreme logits', () => {
    const extreme = tf.tidy(() => tf.mul(batch.logits, tf.tensor1d([1000, -1000, 1])) as tf.Tensor4D);
    const map = localTemperatures(fit.model, extreme);
    const t = map.dataSync();
    expect(t.every((v) => Number.isFinite(v) && v >= 0.05)).toBe(true);
    tf.dispose([extreme, map]);
  });

  it('dividing by T(x) > 0 keeps every argmax (segmentation unchanged)', () => {
    const scaled = applyLocalTemperature(fit.model, batch.logits);
    const [a, b] = tf.tidy(() => [tf.argMax(batch.logits, -1).dataSync(), tf.argMax(scaled, -1).dataSync()]);
    expect(Array.from(b)).toEqual(Array.from(a));
    scaled.dispose();
  });

  it('ignored pixels do not count: their labels and logits change nothing', async () => {
    const labels = Int32Array.from(train.labels, (y, i) => (i % 3 === 0 ? 255 : y));
    const a = tensors(train, labels);
    const b = {
      logits: tf.tidy(() => tf.where(tf.equal(a.labels, 255).expandDims(-1), tf.fill(a.logits.shape, 40), a.logits) as tf.Tensor4D),
      labels: a.labels,
    };
    const fa = await fitLocalTemperature([a], { ...fast, epochs: 2, layers: 0 });
    expect(fa.pixels).toBe(labels.length - labels.length / 3);
    expect(fa.nllBefore).toBeCloseTo(
      referenceNll(train.logits, labels, C, () => 1),
      5,
    );
    const fb = await fitLocalTemperature([b], { ...fast, epochs: 2, layers: 0 });
    expect(fb.nllBefore).toBeCloseTo(fa.nllBefore, 6);
    fa.model.dispose();
    fb.model.dispose();
    tf.dispose([a.logits, a.labels, b.logits]);
  });

  it('is seeded: the same seed gives identical temperatures, another seed different ones', async () => {
    const maps: Float32Array[] = [];
    for (const seed of [7, 7, 8]) {
      const f = await fitLocalTemperature([batch], { ...fast, epochs: 3, seed });
      const map = localTemperatures(f.model, batch.logits);
      maps.push(map.dataSync() as Float32Array);
      tf.dispose([map]);
      f.model.dispose();
    }
    expect(maps[1]).toEqual(maps[0]);
    expect(maps[2]).not.toEqual(maps[0]);
  });

  it('leaks no tensors (fit, apply, temperatures)', async () => {
    const before = tf.memory().numTensors;
    const f = await fitLocalTemperature([batch, batch], { ...fast, epochs: 2 });
    applyLocalTemperature(f.model, batch.logits).dispose();
    localTemperatures(f.model, batch.logits).dispose();
    f.model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it("inputs 'logits+image': learns from the image (here a left/right indicator) and requires it", async () => {
    const [n, h, w] = train.shape;
    const side = Float32Array.from({ length: n * h * w }, (_, p) => (p % w < w / 2 ? 1 : 0));
    const images = tf.tensor4d(side, [n, h, w, 1]);
    const f = await fitLocalTemperature([{ ...batch, images }], { inputs: 'logits+image', layers: 0, kernelSize: 1, epochs: 60, lr: 0.1 });
    expect(f.model.inputNames).toEqual(['logits', 'image']);
    expect(f.nllAfter).toBeLessThan(fitTemperature(train.logits, train.labels).nllAfter);
    const map = localTemperatures(f.model, batch.logits, images);
    const columns = columnMeans(map);
    expect(columns[0]).toBeGreaterThan(columns[w - 1]);
    expect(() => localTemperatures(f.model, batch.logits)).toThrow(
      "localTemperatures: 'images' must be the N×H×W×1 images, since the network was fitted with inputs 'logits+image', got undefined.",
    );
    await expect(fitLocalTemperature([batch], { inputs: 'logits+image' })).rejects.toThrow(
      "fitLocalTemperature: 'batches[0].images' must be an N×H×W×Cin float32 tensor (inputs is 'logits+image'), got undefined. Pass the images, or use inputs: 'logits'.",
    );
    tf.dispose([images, map]);
    f.model.dispose();
  });

  it('names the argument in errors', async () => {
    await expect(fitLocalTemperature([batch], { epochs: -1, lr: 0 })).rejects.toThrow(
      "fitLocalTemperature: invalid training options:\n  - 'epochs' must be an integer ≥ 0, got -1\n  - 'lr' must be a finite number > 0, got 0.",
    );
    await expect(fitLocalTemperature([], {})).rejects.toThrow(
      "fitLocalTemperature: 'batches' must be a non-empty array of { logits, labels, images? }, got an empty array.",
    );
    await expect(fitLocalTemperature([batch], { hidden: 0, kernelSize: 2 })).rejects.toThrow(
      "fitLocalTemperature: invalid local-temperature network:\n  - 'hidden' must be an integer ≥ 1, got 0\n  - 'kernelSize' must be an odd integer ≥ 1, got 2.",
    );
    await expect(fitLocalTemperature([batch], { inputs: 'image' as 'logits' })).rejects.toThrow(
      "fitLocalTemperature: 'inputs' must be one of 'logits', 'logits+image', got \"image\".",
    );
    const four = tf.zeros([8, S, S, 4]) as tf.Tensor4D;
    await expect(fitLocalTemperature([batch, { logits: four, labels: batch.labels }])).rejects.toThrow(
      "fitLocalTemperature: 'batches[1].logits' must be N×H×W×3, got 8×12×12×4.",
    );
    const ignored = tf.fill([8, S, S], 255, 'int32') as tf.Tensor3D;
    await expect(fitLocalTemperature([{ logits: batch.logits, labels: ignored }])).rejects.toThrow(
      "fitLocalTemperature: 'batches' must be at least one labeled pixel, got every label 255 (ignoreIndex). Calibrate on labelled validation data.",
    );
    const floatLabels = tf.zeros([8, S, S]) as tf.Tensor3D;
    await expect(fitLocalTemperature([{ logits: batch.logits, labels: floatLabels }])).rejects.toThrow(
      /^fitLocalTemperature: 'batches\[0\]\.labels' must be int32, got float32/,
    );
    expect(() => applyLocalTemperature(fit.model, four)).toThrow(
      "applyLocalTemperature: 'logits' must be 3 classes on the last axis, as the temperature network was fitted, got 8×12×12×4. Use the calibration fitted for this segmentor.",
    );
    expect(() => localTemperatureModel({ numClasses: 3, initialTemperature: 0.01 })).toThrow(
      "localTemperatureModel: invalid local-temperature network:\n  - 'initialTemperature' must be a finite number > minTemperature (0.05), got 0.01.",
    );
    tf.dispose([four, ignored, floatLabels]);
  });
});

describe('localTemperatureModel', () => {
  it('untrained, outputs exactly T₀ everywhere (zero head kernel, bias softplus⁻¹(T₀ − T_min))', () => {
    const model = localTemperatureModel({ numClasses: C, initialTemperature: 2.5, seed: 3 });
    const map = localTemperatures(model, batch.logits);
    for (const v of map.dataSync()) expect(v).toBeCloseTo(2.5, 5);
    tf.dispose(map);
    model.dispose();
  });

  it('round-trips through the tfjs model format (custom output layer registered): same temperatures', async () => {
    let saved: tf.io.ModelArtifacts | undefined;
    await fit.model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        saved = artifacts;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    expect(JSON.stringify(saved?.modelTopology)).toContain('SegPositiveTemperature');
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved as tf.io.ModelArtifacts));
    const [a, b] = [localTemperatures(fit.model, batch.logits), localTemperatures(loaded, batch.logits)];
    expect(b.dataSync()).toEqual(a.dataSync());
    tf.dispose([a, b]);
    loaded.dispose();
  });
});

describe('PositiveTemperature', () => {
  it('softplus(t) + T_min: t = −10⁴, 0, 10⁴ give T_min, ln 2 + T_min, 10⁴ + T_min (closed form)', () => {
    const layer = new PositiveTemperature({ minTemperature: 0.1 });
    const out = layer.apply(tf.tensor1d([-1e4, 0, 1e4])) as tf.Tensor;
    const [lo, mid, hi] = out.dataSync();
    expect(lo).toBeCloseTo(0.1, 6);
    expect(mid).toBeCloseTo(Math.LN2 + 0.1, 6);
    expect(hi).toBeCloseTo(1e4 + 0.1, 1);
    out.dispose();
    expect(() => new PositiveTemperature({ minTemperature: 0 })).toThrow(
      "PositiveTemperature: 'minTemperature' must be a finite number > 0, got 0.",
    );
  });
});
