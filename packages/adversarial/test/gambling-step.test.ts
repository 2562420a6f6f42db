import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { registerSegKernels } from '@seg/backend';
import { batches, phantomDataset } from '@seg/data';
import { type NormKind, unet } from '@seg/models';
import { createOptimizer, type TensorBatch, Trainer, toTensorBatch } from '@seg/train';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gambler } from '../../models/src/gambling-index.js';
import { bettingMaps, type GamblingStepOptions, gamblingStep } from '../src/gambling/index.js';
import { tempDir } from './gambling-fixtures.js';

const SIZE = 16;
const train = phantomDataset({ kind: 'nodule', count: 8, size: SIZE, seed: 11 });
const val = phantomDataset({ kind: 'nodule', count: 2, size: SIZE, seed: 12 });
let root: string;

beforeAll(async () => {
  await tf.setBackend('cpu');
  registerSegKernels(); // seg's cpu filter-gradient kernel: ≈ 20× faster than the stock one
  root = await tempDir('gambling');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/**
 * A fresh tiny gambling step (what a resumed process would build): U-Net (batch norm) and gambler of depth 1,
 * 4 filters; the gambler without norm unless asked (a third faster on cpu).
 */
function makeStep(extra: Partial<GamblingStepOptions> = {}, gamblerNorm: NormKind = 'none') {
  return gamblingStep({
    segmentor: unet({ inputShape: [SIZE, SIZE, 1], numClasses: 2, depth: 1, filters: 4, seed: 7 }),
    gambler: gambler({ imageShape: [SIZE, SIZE, 1], numClasses: 2, depth: 1, filters: 4, norm: gamblerNorm, seed: 8 }),
    segmentorOptimizer: createOptimizer({ name: 'adam', lr: 1e-2 }),
    gamblerOptimizer: createOptimizer({ name: 'adam', lr: 1e-2 }),
    ...extra,
  });
}

function dispose(step: ReturnType<typeof makeStep>): void {
  for (const m of Object.values(step.models())) m.dispose();
  for (const o of Object.values(step.optimizers())) o.dispose();
}

const tensorBatches = (): TensorBatch[] => [...batches(train, { batchSize: 2 })].map((b) => toTensorBatch(b));
const weightValues = (m: tf.LayersModel) => m.getWeights().map((w) => Array.from(w.dataSync()));

describe('gamblingStep', () => {
  it('200 steps (batch 2 of 16×16 nodule phantoms): finite losses, no leaked tensors after the first step', () => {
    const step = makeStep();
    const data = tensorBatches();
    const first = step.step(data[0], undefined as never);
    expect(Object.keys(first)).toEqual(['loss', 'ce', 'bet_ce', 'gambler_loss']);
    const after = tf.memory().numTensors;
    const history = [first];
    for (let i = 1; i < 200; i++) history.push(step.step(data[i % data.length], undefined as never));
    expect(tf.memory().numTensors).toBe(after);
    for (const record of history) for (const v of Object.values(record)) expect(Number.isFinite(v)).toBe(true);
    // the segmenter learned (CE of the last epoch below the first), and the trained gambler beats a uniform bet
    // on held-out images: its bet-weighted CE exceeds the plain CE (= what uniform bets would give)
    const mean = (rs: typeof history, k: string) => rs.reduce((a, r) => a + r[k], 0) / rs.length;
    expect(mean(history.slice(-4), 'ce')).toBeLessThan(mean(history.slice(0, 4), 'ce'));
    const held = toTensorBatch([...batches(val, { batchSize: 2 })][0]);
    const v = step.validate!(held);
    expect(v.bet_ce).toBeGreaterThan(v.ce);
    expect(v.gambler_loss).toBeCloseTo(-v.bet_ce, 6);
    expect(tf.memory().numTensors).toBe(after + 2); // + the held-out batch
    tf.dispose([...data.flatMap((b) => [b.images, b.labels]), held.images, held.labels]);
    dispose(step);
  });

  it('gamblerSteps = 3: three gambler updates per segmenter update, separate optimizers', () => {
    const step = makeStep({ gamblerSteps: 3 });
    const [batch] = tensorBatches();
    step.step(batch, undefined as never);
    const { segmentor, gambler: g } = step.optimizers() as Record<string, tf.Optimizer & { iterations: number }>;
    expect([segmentor.iterations, g.iterations]).toEqual([1, 3]);
    tf.dispose([batch.images, batch.labels]);
    dispose(step);
  });

  it("'through-gambler' (paths A + B) and 'detached' (path A) update the segmenter differently; the gambler alike", () => {
    const [batch] = tensorBatches();
    const [a, b] = [makeStep(), makeStep({ weightGradient: 'detached' })];
    a.step(batch, undefined as never);
    b.step(batch, undefined as never);
    expect(weightValues(a.models().segmentor)).not.toEqual(weightValues(b.models().segmentor));
    tf.dispose([batch.images, batch.labels]);
    dispose(a);
    dispose(b);
  });

  it('lists every invalid option at once', () => {
    const step = makeStep();
    const o = step.options;
    const bad = { ...o, gambler: o.segmentor, gamblerOptimizer: o.segmentorOptimizer, beta: -1, gamblerSteps: 0 };
    expect(() => gamblingStep({ ...bad, weightGradient: 'none' as never })).toThrow(
      [
        'gamblingStep: invalid gambling options:',
        "  - 'gambler' must take [image, probabilities] and output one betting channel [N,H,W,1], got 1 input(s), output [null,16,16,2]",
        "  - 'segmentorOptimizer' and 'gamblerOptimizer' must be two optimizers",
        "  - 'beta' must be a finite number ≥ 0, got -1",
        `  - 'weightGradient' must be one of 'through-gambler', 'detached', got "none"`,
        "  - 'gamblerSteps' must be an integer ≥ 1, got 0",
      ].join('\n'),
    );
    dispose(step);
  });
});

describe('bettingMaps', () => {
  it('per-pixel weights [N,H,W] summing to 1 per image; relative scale has mean 1; the step lends its form and β', () => {
    const step = makeStep({ form: 'sigmoid-budget', beta: 0.2 });
    const images = tf.tensor4d(
      Float32Array.from({ length: 2 * SIZE * SIZE }, (_, i) => Math.sin(i)),
      [2, SIZE, SIZE, 1],
    );
    const before = tf.memory().numTensors;
    const maps = bettingMaps(step, images);
    expect(maps.shape).toEqual([2, SIZE, SIZE]);
    for (const s of tf.tidy(() => maps.sum([1, 2]).arraySync() as number[])) expect(s).toBeCloseTo(1, 5);
    const same = bettingMaps(step.models() as { segmentor: tf.LayersModel; gambler: tf.LayersModel }, images, {
      form: 'sigmoid-budget',
      beta: 0.2,
    });
    expect(Array.from(same.dataSync())).toEqual(Array.from(maps.dataSync()));
    const relative = bettingMaps(step, images, { scale: 'relative' });
    expect(tf.tidy(() => relative.mean().arraySync())).toBeCloseTo(1, 5);
    tf.dispose([maps, same, relative]);
    expect(tf.memory().numTensors).toBe(before);
    expect(() => bettingMaps(step, images, { scale: 'odds' as never })).toThrow(
      `bettingMaps: 'scale' must be one of 'budget', 'relative', got "odds".`,
    );
    images.dispose();
    dispose(step);
  });
});

describe('resume', () => {
  async function run(runDir: string, epochs: number, resume = false) {
    const step = makeStep({}, 'batch'); // batch norm in both: moving statistics must be restored too
    const trainer = new Trainer({ step, train, val, epochs, batchSize: 2, seed: 5, runDir, resume, progress: 'none', log: () => {} });
    const result = await trainer.fit();
    const weights = { segmentor: weightValues(step.models().segmentor), gambler: weightValues(step.models().gambler) };
    dispose(step);
    return { result, weights };
  }

  it('2 epochs + resume to 4 (fresh networks and optimizers) = 4 uninterrupted epochs, bit for bit (both networks)', async () => {
    const uninterrupted = await run(join(root, 'A'), 4);
    await run(join(root, 'B'), 2);
    const resumed = await run(join(root, 'B'), 4, true);
    expect(resumed.weights.segmentor).toEqual(uninterrupted.weights.segmentor);
    expect(resumed.weights.gambler).toEqual(uninterrupted.weights.gambler);
    const strip = (h: readonly Record<string, unknown>[]) => h.map(({ ms: _ms, ...rest }) => rest);
    expect(strip(resumed.result.history)).toEqual(strip(uninterrupted.result.history));
    expect(uninterrupted.result.history[3]).toHaveProperty('val_bet_ce');
  });
});
