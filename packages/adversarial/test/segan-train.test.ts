import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '@seg/backend';
import { batches, phantomDataset } from '@seg/data';
import { type TensorBatch, Trainer, toTensorBatch } from '@seg/train';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seganCritic, seganSegmentor } from '../../models/src/segan-index.js';
import { type SeganStepOptions, seganOptimizers, seganStep } from '../src/segan/index.js';

const SIZE = 16;
let root: string;
beforeAll(async () => {
  await initBackend('cpu');
  root = await mkdtemp(join(tmpdir(), 'seg-segan-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Fresh tiny seeded networks and optimizers, as a resumed process would build them. */
function build(options: Partial<SeganStepOptions> = {}, optimizer: 'rmsprop' | 'adam' = 'adam') {
  const segmentor = seganSegmentor({ inputShape: [SIZE, SIZE, 1], numClasses: 2, depth: 2, filters: 4, seed: 1 });
  const critic = seganCritic({ inputShape: [SIZE, SIZE, 1], depth: 2, filters: 4, seed: 2 });
  const opt = seganOptimizers({ name: optimizer, lr: 1e-3 });
  return seganStep({ segmentor, critics: critic, segmentorOptimizer: opt.segmentor, criticOptimizer: opt.critic, ...options });
}

function dispose(step: ReturnType<typeof build>) {
  for (const m of Object.values(step.models())) m.dispose();
  for (const o of Object.values(step.optimizers())) o.dispose();
}

describe('seganStep training', () => {
  it('200 steps on nodule phantoms (batch 2, 16×16): finite losses, no leaked tensors after the first step', () => {
    const data = phantomDataset({ kind: 'nodule', count: 8, size: SIZE, seed: 3 });
    const list: TensorBatch[] = [...batches(data, { batchSize: 2 })].map((b) => toTensorBatch(b));
    // the authors' code recipe: weighted concatenation, + soft Dice, Adam
    const step = build({ weighting: 'code', dice: 'soft' });
    const ctx = (i: number) => ({ epoch: 0, step: i, rng: undefined as never });
    const first = step.step(list[0], ctx(0));
    expect(Object.keys(first)).toEqual(['loss', 'l1', 'dice', 'critic_l1']);
    const before = tf.memory().numTensors;
    const losses: number[] = [];
    for (let i = 1; i < 200; i++) {
      const r = step.step(list[i % list.length], ctx(i));
      losses.push(r.loss, r.l1, r.dice, r.critic_l1);
    }
    expect(tf.memory().numTensors).toBe(before);
    expect(losses.every(Number.isFinite)).toBe(true);
    const v = step.validate?.(list[0]) ?? {};
    expect(Object.keys(v)).toEqual(['loss', 'l1', 'dice']);
    expect(Object.values(v).every(Number.isFinite)).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
    dispose(step);
    for (const b of list) tf.dispose([b.images, b.labels]);
  });

  it('paper recipe (per-layer mean, RMSProp, c = 0.01, 2 critic steps) runs and leaks nothing', () => {
    const data = phantomDataset({ kind: 'nodule', count: 2, size: SIZE, seed: 4 });
    const batch = toTensorBatch([...batches(data, { batchSize: 2 })][0]);
    const step = build({ clip: 'paper', criticSteps: 2 }, 'rmsprop');
    step.step(batch, { epoch: 0, step: 0, rng: undefined as never });
    const before = tf.memory().numTensors;
    const r = step.step(batch, { epoch: 0, step: 1, rng: undefined as never });
    expect(Object.keys(r)).toEqual(['loss', 'l1', 'critic_l1']);
    expect(r.loss).toBe(r.l1);
    expect(tf.memory().numTensors).toBe(before);
    const critic = step.models().critic;
    for (const t of critic.trainableWeights)
      for (const x of t.read().dataSync()) expect(Math.abs(x)).toBeLessThanOrEqual(Math.fround(0.01));
    dispose(step);
    tf.dispose([batch.images, batch.labels]);
  });
});

describe('seganStep multi-class variants', () => {
  const images = () => tf.randomUniform([2, SIZE, SIZE, 1], 0, 1, 'float32', 9) as tf.Tensor4D;
  // labels 0, 1, 2 by intensity thirds, one pixel ignored (255)
  const labels = (x: tf.Tensor4D) =>
    tf.tidy(() => {
      const l = tf.cast(tf.floor(tf.mul(tf.squeeze(x, [3]), 2.999)), 'int32');
      return tf.where(tf.equal(tf.range(0, 2 * SIZE * SIZE).reshape([2, SIZE, SIZE]), 0), tf.fill([2, SIZE, SIZE], 255, 'int32'), l);
    }) as tf.Tensor3D;

  it.each([
    ['S3-3C', [1, 1], ['segmentor', 'critic_1', 'critic_2']],
    ['S3-1C', [2], ['segmentor', 'critic']],
  ] as const)('%s: critics of %j channels, models %j, finite losses', (variant, channels, names) => {
    const segmentor = seganSegmentor({ inputShape: [SIZE, SIZE, 1], numClasses: 3, depth: 2, filters: 4, seed: 1 });
    const critics = channels.map((c, i) =>
      seganCritic({ inputShape: [SIZE, SIZE, c], depth: 2, filters: 4, seed: 2 + i, name: `critic${i}` }),
    );
    const opt = seganOptimizers({ name: 'adam', lr: 1e-3 });
    const step = seganStep({ segmentor, critics, variant, segmentorOptimizer: opt.segmentor, criticOptimizer: opt.critic });
    expect(Object.keys(step.models())).toEqual(names);
    const x = images();
    const batch = { ids: ['a', 'b'], images: x, labels: labels(x) };
    const r = step.step(batch, { epoch: 0, step: 0, rng: undefined as never });
    expect(Object.values(r).every(Number.isFinite)).toBe(true);
    expect(r.critic_l1).toBeGreaterThan(0);
    dispose(step);
    tf.dispose([batch.images, batch.labels]);
  });

  it("'S1-1C' refuses a 3-class segmentor, naming the fix", () => {
    const segmentor = seganSegmentor({ inputShape: [SIZE, SIZE, 1], numClasses: 3, depth: 2, filters: 4 });
    const critic = seganCritic({ inputShape: [SIZE, SIZE, 1], depth: 2, filters: 4 });
    const opt = seganOptimizers();
    expect(() =>
      seganStep({ segmentor, critics: critic, variant: 'S1-1C', segmentorOptimizer: opt.segmentor, criticOptimizer: opt.critic }),
    ).toThrow(/seganStep: the networks do not fit together.*'S1-1C' needs a binary segmentor \(2 classes\), got 3/s);
    segmentor.dispose();
    critic.dispose();
  });
});

describe('seganStep resume', () => {
  const train = phantomDataset({ kind: 'nodule', count: 4, size: SIZE, seed: 11 });
  const val = phantomDataset({ kind: 'nodule', count: 2, size: SIZE, seed: 12 });
  async function run(runDir: string, epochs: number, resume = false) {
    const step = build({ dice: 'soft' });
    const trainer = new Trainer({ step, train, val, epochs, batchSize: 2, seed: 5, runDir, resume, progress: 'none', log: () => {} });
    const result = await trainer.fit();
    const weights = Object.fromEntries(
      Object.entries(step.models()).map(([k, m]) => [k, m.getWeights().map((w) => Array.from(w.dataSync()))]),
    );
    dispose(step);
    return { result, weights };
  }

  it('2 epochs + resume to 4 (fresh networks and optimizers) = 4 uninterrupted epochs, both networks bit for bit', async () => {
    const whole = await run(join(root, 'A'), 4);
    await run(join(root, 'B'), 2);
    const resumed = await run(join(root, 'B'), 4, true);
    expect(Object.keys(resumed.weights)).toEqual(['segmentor', 'critic']);
    expect(resumed.weights.segmentor).toEqual(whole.weights.segmentor);
    expect(resumed.weights.critic).toEqual(whole.weights.critic);
    const strip = (h: typeof whole.result.history) => h.map(({ ms: _ms, ...rest }) => rest);
    expect(strip(resumed.result.history)).toEqual(strip(whole.result.history));
  });
});
