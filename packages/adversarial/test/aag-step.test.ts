import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Rng, type Sample } from '@seg/core';
import { inMemoryDataset, phantomDataset, subsetDataset } from '@seg/data';
import { wpce } from '@seg/margin';
import { createOptimizer, type TensorBatch, Trainer } from '@seg/train';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AagStepOptions, aagStep, lsgan, noisyTargets } from '../src/aag/index.js';
import { toyDiscriminator, toySegmentor, weightValues } from './aag-fixtures.js';
import { tempDir } from './gambling-fixtures.js';

const S = 16;
const C = 2;
const full = phantomDataset({ kind: 'nodule', count: 12, size: S, seed: 3 });

/** Scribble-like labels: every pixel whose index is not a multiple of 5 becomes 255 (unlabeled). */
function scribbled(indices: number[], annotators = 1): ReturnType<typeof inMemoryDataset> {
  const samples: Sample[] = indices.map((i) => {
    const s = full.get(i);
    const maps = Array.from({ length: annotators }, (_, a) => ({
      data: s.label!.data.map((v, p) => ((p + a) % 5 === 0 ? v : 255)),
      shape: s.label!.shape,
    }));
    return { id: s.id, image: s.image, label: maps[0], ...(annotators > 1 ? { annotations: maps } : {}) };
  });
  return inMemoryDataset(samples, { numClasses: C, name: 'scribbled' });
}

function batchOf(ds: ReturnType<typeof inMemoryDataset>, ids: number[]): TensorBatch {
  const samples = ids.map((i) => ds.get(i));
  const n = samples.length;
  const images = tf.tensor4d(Float32Array.from(samples.flatMap((s) => Array.from(s.image.data))), [n, S, S, 1]);
  const labels = tf.tensor3d(Int32Array.from(samples.flatMap((s) => Array.from(s.label!.data))), [n, S, S], 'int32');
  const annotations = samples[0].annotations
    ? samples[0].annotations.map((_, a) =>
        tf.tensor3d(Int32Array.from(samples.flatMap((s) => Array.from(s.annotations![a].data))), [n, S, S], 'int32'),
      )
    : undefined;
  return { ids: samples.map((s) => s.id), images, labels, ...(annotations ? { annotations } : {}) };
}

function disposeBatch(b: TensorBatch): void {
  tf.dispose([b.images, b.labels, ...(b.annotations ?? [])]);
}

let root: string;
beforeAll(async () => {
  await tf.setBackend('cpu');
  root = await tempDir('aag');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function make(extra: Partial<AagStepOptions> = {}, scales = 2) {
  return {
    segmentor: toySegmentor(S, C, 1),
    discriminator: toyDiscriminator(S, C, 5, scales),
    segmentorOptimizer: createOptimizer({ name: 'sgd', lr: 0.5 }),
    discriminatorOptimizer: createOptimizer({ name: 'sgd', lr: 0.5 }),
    maskPool: subsetDataset(full, [10]),
    ...extra,
  };
}

describe('AAG least-squares objectives', () => {
  it('½·mean((d − t)²) by hand, with per-sample targets from label noise', () => {
    const d = tf.tensor2d([[0.5], [-1], [2]]);
    // targets 1, 1, 1: ½·((−0.5)² + (−2)² + 1²)/3 = ½·5.25/3 = 0.875
    expect(lsgan(d, 1).dataSync()[0]).toBeCloseTo(0.875, 6);
    // flip the second sample's target to −1 (fake): ½·(0.25 + 0 + 1)/3
    const t = noisyTargets([false, true, false], 1, -1);
    expect(Array.from(t.dataSync())).toEqual([1, -1, 1]);
    expect(lsgan(d, t).dataSync()[0]).toBeCloseTo(1.25 / 6, 6);
    tf.dispose([d, t]);
  });
});

describe('aagStep', () => {
  it('scribbled update: a0 = |V_LS(Σ)|/|WPCE| held constant, weights move by −η·∇(a0·L_SUP + a1·V_LS(Σ))', () => {
    const ds = scribbled([0, 1]);
    const o = make({ a2: 0, a3: 0, labelNoise: 0, instanceNoise: 0 });
    const batch = batchOf(ds, [0, 1]);
    const vars = o.segmentor.trainableWeights.map((w) => w.read() as tf.Variable);
    // Independent computation with the untouched networks.
    const fwd = () => {
      const [logits, coarse] = o.segmentor.apply(batch.images) as tf.Tensor[];
      const sup = wpce()(logits as tf.Tensor4D, batch.labels);
      const d = o.discriminator.apply([tf.softmax(logits), coarse]) as tf.Tensor;
      return { sup, adv: tf.mul(0.5, tf.mean(tf.square(tf.sub(d, 1)))) };
    };
    const { sup, adv } = fwd();
    const a0 = adv.dataSync()[0] / sup.dataSync()[0];
    const grads = tf.grads(() => {
      const f = fwd();
      return tf.add(tf.mul(a0, f.sup), tf.mul(0.1, f.adv)) as tf.Scalar;
    })(vars);
    const expected = vars.map((v, i) => Array.from(tf.sub(v, tf.mul(0.5, grads[i])).dataSync()));
    const step = aagStep(o);
    const out = step.step(batch, { epoch: 0, step: 0, rng: new Rng(1) });
    expect(out.sup).toBeCloseTo(sup.dataSync()[0], 5);
    expect(out.adv).toBeCloseTo(adv.dataSync()[0], 5);
    expect(out.a0).toBeCloseTo(a0, 4);
    expect(out.loss).toBeCloseTo(a0 * out.sup + 0.1 * out.adv, 5); // = (1 + 0.1)·V_LS(Σ)
    vars.forEach((v, i) => {
      const got = Array.from(v.dataSync());
      got.forEach((g, j) => {
        expect(g).toBeCloseTo(expected[i][j], 4);
      });
    });
    tf.dispose([sup, adv, ...grads]);
    disposeBatch(batch);
  });

  it('discriminator update: a2·[½(Δ(y) − 1)² + ½(Δ(Σ(x)) + 1)²] on the unpaired mask and the batch images', () => {
    const ds = scribbled([0, 1]);
    const o = make({ a2: 1, a3: 0, labelNoise: 0, instanceNoise: 0, realScales: 'nearest' });
    const before = o.discriminator.getWeights().map((w) => w.clone());
    const batch = batchOf(ds, [0, 1]);
    const out = aagStep(o).step(batch, { epoch: 0, step: 0, rng: new Rng(2) });
    // The segmentor is unchanged by the a3 = 0 update, so it is the one the discriminator saw.
    const now = o.discriminator.getWeights().map((w) => w.clone());
    o.discriminator.setWeights(before);
    const expected = tf.tidy(() => {
      const [logits, coarse] = o.segmentor.apply(batch.images) as tf.Tensor[];
      const fake = o.discriminator.apply([tf.softmax(logits), coarse]) as tf.Tensor;
      const y = tf.oneHot(tf.tensor2d(Array.from(full.get(10).label!.data), [S, S], 'int32'), C).expandDims(0) as tf.Tensor4D;
      // nearest 2× downsampling keeps pixel (2i, 2j)
      const yc = tf.image.resizeNearestNeighbor(y, [S / 2, S / 2]);
      const real = o.discriminator.apply([tf.concat([y, y]), tf.concat([yc, yc])]) as tf.Tensor;
      const r = tf.mul(0.5, tf.mean(tf.square(tf.sub(real, 1))));
      const f = tf.mul(0.5, tf.mean(tf.square(tf.add(fake, 1))));
      return [r.dataSync()[0], f.dataSync()[0]];
    });
    expect(out.disc_real).toBeCloseTo(expected[0], 5);
    expect(out.disc_fake).toBeCloseTo(expected[1], 5);
    expect(out.disc_loss).toBeCloseTo(expected[0] + expected[1], 5);
    // and the discriminator did move
    expect(weightValues(o.discriminator)).not.toEqual(now.map((w) => Array.from(w.dataSync())));
    tf.dispose([...before, ...now]);
    disposeBatch(batch);
  });

  it('several annotators: L_SUP is the sum of WPCE over the annotations', () => {
    const ds = scribbled([0, 1], 3);
    const batch = batchOf(ds, [0, 1]);
    const o = make({ discriminator: undefined, discriminatorOptimizer: undefined });
    const logits = (o.segmentor.apply(batch.images) as tf.Tensor[])[0] as tf.Tensor4D;
    const expected = batch.annotations!.map((y) => wpce()(logits, y).dataSync()[0]).reduce((a, b) => a + b, 0);
    const out = aagStep(o).step(batch, { epoch: 0, step: 0, rng: new Rng(3) });
    expect(out.sup).toBeCloseTo(expected, 5);
    expect(out.loss).toBeCloseTo(expected, 5); // without discriminator the loss is L_SUP alone
    logits.dispose();
    disposeBatch(batch);
  });

  it('ablations: no discriminator → one network; full-resolution-only discriminator; a too-deep one is refused', () => {
    const none = aagStep(make({ discriminator: undefined, discriminatorOptimizer: undefined }));
    expect(Object.keys(none.models())).toEqual(['segmentor', 'segmentor_training']); // no discriminator
    expect(none.models().segmentor.outputs).toHaveLength(1); // the logits-only view is what gets saved
    const single = aagStep(make({}, 1));
    const batch = batchOf(scribbled([0, 1]), [0, 1]);
    const out = single.step(batch, { epoch: 0, step: 0, rng: new Rng(4) });
    expect(Number.isFinite(out.disc_loss) && Number.isFinite(out.adv)).toBe(true);
    disposeBatch(batch);
    const seg1 = tf.sequential({ layers: [tf.layers.conv2d({ inputShape: [S, S, 1], filters: C, kernelSize: 1 })] });
    expect(() => aagStep(make({ segmentor: seg1 }))).toThrow(/aagStep: 'discriminator' must be at most 1 inputs/);
    expect(() => aagStep(make({ maskPool: undefined }))).toThrow(/aagStep: 'maskPool'/);
    expect(() => aagStep(make({ fakeTarget: 1 as -1 }))).toThrow(/aagStep: 'fakeTarget'/);
  });

  it('200 steps with label and instance noise stay finite and leak nothing after the first', () => {
    const ds = scribbled([0, 1, 2, 3]);
    const o = make({
      unlabeled: subsetDataset(full, [4, 5, 6]),
      maskPool: subsetDataset(full, [7, 8, 9]),
      segmentorOptimizer: createOptimizer({ name: 'adam', lr: 1e-3 }),
      discriminatorOptimizer: createOptimizer({ name: 'adam', lr: 1e-3 }),
    });
    const step = aagStep(o);
    const rng = new Rng(9);
    const batch = batchOf(ds, [0, 1]);
    step.step(batch, { epoch: 0, step: 0, rng });
    const tensors = tf.memory().numTensors;
    for (let i = 1; i < 200; i++) {
      const out = step.step(batch, { epoch: 0, step: i, rng });
      expect(
        Object.values(out).filter((v) => !Number.isFinite(v)),
        JSON.stringify(out),
      ).toEqual([]);
    }
    expect(tf.memory().numTensors).toBe(tensors);
    const v = step.validate!(batch);
    expect(Number.isFinite(v.loss)).toBe(true);
    expect(tf.memory().numTensors).toBe(tensors);
    disposeBatch(batch);
  });

  it('2 epochs + resume to 4 = 4 uninterrupted epochs, bit for bit (segmentor and discriminator)', async () => {
    const train = scribbled([0, 1, 2, 3]);
    const val = subsetDataset(full, [11]);
    async function run(runDir: string, epochs: number, resume = false) {
      const step = aagStep(
        make({
          unlabeled: subsetDataset(full, [4, 5]),
          maskPool: subsetDataset(full, [7, 8]),
          segmentorOptimizer: createOptimizer({ name: 'adam', lr: 1e-3 }),
          discriminatorOptimizer: createOptimizer({ name: 'adam', lr: 1e-3 }),
        }),
      );
      const trainer = new Trainer({ step, train, val, epochs, batchSize: 2, seed: 5, runDir, resume, progress: 'none', log: () => {} });
      const result = await trainer.fit();
      const weights = { s: weightValues(step.models().segmentor), d: weightValues(step.models().discriminator) };
      return { result, weights };
    }
    const a = await run(join(root, 'A'), 4);
    await run(join(root, 'B'), 2);
    const b = await run(join(root, 'B'), 4, true);
    const strip = (h: readonly Record<string, unknown>[]) => h.map(({ ms: _ms, ...rest }) => rest);
    expect(strip(b.result.history)).toEqual(strip(a.result.history));
    expect(b.weights).toEqual(a.weights);
    expect(a.result.history[3]).toHaveProperty('val_loss');
    // The toy's coarse head is off the logits path, so the training form is checkpointed next to the logits view.
    const step = aagStep(make());
    expect(Object.keys(step.models())).toEqual(['segmentor', 'segmentor_training', 'discriminator']);
  });
});
