import { cp, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { phantomDataset } from '@seg/data';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyCheckpoint, disposeCheckpoint, loadCheckpoint, saveCheckpoint } from '../src/checkpoint.js';
import type { EpochRecord } from '../src/history.js';
import { createSchedule } from '../src/schedules.js';
import { Trainer } from '../src/trainer.js';
import type { TrainerState } from '../src/trainer-state.js';
import { disposeStep, readJsonl, tempDir, tinySupervised, unetSupervised, weightValues } from './fixtures.js';

const SIZE = 16;
// 8 cases in batches of 2: 4 steps per epoch, so the resume point (8 Adam steps) is one where tfjs's own
// pow(β1, t+1) differs from the accumulated β1^(t+1) in the last bit — the restored accBeta must be exact.
const train = phantomDataset({ kind: 'nodule', count: 8, size: SIZE, seed: 11 });
const val = phantomDataset({ kind: 'nodule', count: 2, size: SIZE, seed: 12 });
let root: string;

beforeAll(async () => {
  await tf.setBackend('cpu');
  root = await tempDir('resume');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/**
 * A run as a fresh process would do it: a new U-Net from the same config (@seg/models), a new Adam, a new Trainer,
 * CE + Dice (@seg/margin), phantom data (@seg/data) with flips, a cyclical schedule and early stopping.
 */
async function run(runDir: string, epochs: number, resume = false, log: string[] = [], model: 'unet' | 'tiny' = 'unet') {
  const step = model === 'unet' ? unetSupervised(SIZE, 2) : tinySupervised(SIZE, 2);
  const trainer = new Trainer({
    step,
    train,
    val,
    epochs,
    batchSize: 2,
    seed: 5,
    schedule: createSchedule({ name: 'cyclical', base: 1e-3, max: 1e-2, period: 3 }),
    augment: { flipHorizontal: true, flipVertical: true },
    earlyStopping: { metric: 'val_loss', patience: 50 },
    runDir,
    resume,
    progress: 'none',
    log: (line) => log.push(line),
  });
  const result = await trainer.fit();
  const weights = weightValues(step.models().segmentor);
  disposeStep(step);
  return { result, weights };
}

const withoutMs = (records: readonly Record<string, unknown>[]) => records.map(({ ms: _ms, ...rest }) => rest);
const trainingLines = (lines: Record<string, unknown>[]) => withoutMs(lines.filter((l) => l.type === 'step' || l.type === 'epoch'));

describe('resume', () => {
  let uninterrupted: Awaited<ReturnType<typeof run>>;
  beforeAll(async () => {
    uninterrupted = await run(join(root, 'A'), 4);
  });

  it('2 epochs + resume to 4 (fresh models, optimizer, trainer) = 4 uninterrupted epochs, bit for bit', async () => {
    const dir = join(root, 'B');
    const first = await run(dir, 2);
    expect(first.result.epochs).toBe(2);
    const log: string[] = [];
    const resumed = await run(dir, 4, true, log);
    expect(log[0]).toBe(`resumed from ${join(dir, 'checkpoint')} after epoch 2 (global step 8)`);
    expect(resumed.weights).toEqual(uninterrupted.weights);
    expect(resumed.result.epochs).toBe(4);
    expect(withoutMs(resumed.result.history)).toEqual(withoutMs(uninterrupted.result.history));
    expect(resumed.result.best).toEqual(uninterrupted.result.best);
    // the log of B holds the same step and epoch lines as A's (plus a resume line)
    const linesA = await readJsonl(join(root, 'A', 'log.jsonl'));
    const linesB = await readJsonl(join(dir, 'log.jsonl'));
    expect(trainingLines(linesB)).toEqual(trainingLines(linesA));
    expect(linesB.filter((l) => l.type === 'resume')).toHaveLength(1);
  });

  it('a crash mid-save (leftover tmp dir, checkpoint without its complete marker) resumes from the last whole checkpoint', async () => {
    const tiny = (dir: string, epochs: number, resume = false, log: string[] = []) => run(dir, epochs, resume, log, 'tiny');
    const reference = await tiny(join(root, 'C-ref'), 4);
    const dir = join(root, 'C');
    const ckpt = join(dir, 'checkpoint');
    await tiny(dir, 2);
    await cp(ckpt, join(root, 'C-epoch2'), { recursive: true });
    await tiny(dir, 3, true);
    // simulate: the epoch-3 save had parked epoch 2 as .old, was writing the new one, and died
    await cp(join(root, 'C-epoch2'), `${ckpt}.old`, { recursive: true });
    await rm(join(ckpt, 'complete'));
    await mkdir(`${ckpt}.tmp-99999`);
    await writeFile(join(`${ckpt}.tmp-99999`, 'state.json'), '{"version": 1, "epo');
    const log: string[] = [];
    const resumed = await tiny(dir, 4, true, log);
    expect(log[0]).toBe(`resumed from ${ckpt}.old after epoch 2 (global step 8)`);
    expect(resumed.weights).toEqual(reference.weights);
    expect(withoutMs(resumed.result.history)).toEqual(withoutMs(reference.result.history));
  });

  it('an unreadable checkpoint with no fallback is a SegInputError naming the file and the problem', async () => {
    const dir = join(root, 'D');
    await run(dir, 1, false, [], 'tiny');
    const ckpt = join(dir, 'checkpoint');
    await writeFile(join(ckpt, 'state.json'), '{ not json');
    await expect(run(dir, 2, true, [], 'tiny')).rejects.toThrow(
      new RegExp(
        `^loadCheckpoint: no usable checkpoint: ${join(ckpt, 'state.json')} is not valid JSON \\(.*\\)\\. Delete the checkpoint directory`,
      ),
    );
    await cp(join(root, 'C-epoch2'), ckpt, { recursive: true, force: true });
    await writeFile(join(ckpt, 'model-segmentor.bin'), new Uint8Array(10));
    await expect(run(dir, 2, true, [], 'tiny')).rejects.toThrow(
      `${join(ckpt, 'model-segmentor.bin')} holds 10 bytes but ${join(ckpt, 'model-segmentor.json')} needs`,
    );
  });
});

describe('loadCheckpoint', () => {
  const state = (epoch: number): TrainerState => ({
    version: 1,
    stepName: 'supervised',
    epoch,
    globalStep: epoch * 2,
    rng: [1, 2, 3, 4],
    stepRng: [5, 6, 7, 8],
    monitor: { best: null, bestEpoch: -1, wait: 0, stopped: false },
    earlyStopping: null,
    best: null,
    history: [{ epoch: 0, globalStep: 2, lr: 0.01, ms: 1, loss: 0.5, val_dice: Number.NaN } as EpochRecord],
    learningRates: { segmentor: 0.01 },
  });

  it('no checkpoint at all → undefined (fresh start); checkpoint renamed away mid-swap → checkpoint.old', async () => {
    const step = tinySupervised(SIZE, 2);
    const dir = join(root, 'E', 'checkpoint');
    expect(await loadCheckpoint(dir, step)).toBeUndefined();
    await saveCheckpoint(dir, step, state(3));
    await cp(dir, `${dir}.old`, { recursive: true });
    await rm(dir, { recursive: true });
    const loaded = await loadCheckpoint(dir, step);
    expect(loaded?.dir).toBe(`${dir}.old`);
    expect(loaded?.state.epoch).toBe(3);
    expect(loaded?.state.history[0].val_dice).toBeNaN();
    expect(loaded?.models.segmentor.map((t) => t.tensor.shape)).toEqual(step.models().segmentor.weights.map((w) => w.shape));
    for (const list of [...Object.values(loaded!.models), ...Object.values(loaded!.optimizers)]) tf.dispose(list.map((t) => t.tensor));
    disposeStep(step);
  });

  it('incomplete checkpoint and no .old: names both problems', async () => {
    const step = tinySupervised(SIZE, 2);
    const dir = join(root, 'F', 'checkpoint');
    await saveCheckpoint(dir, step, state(1));
    await rm(join(dir, 'complete'));
    await expect(loadCheckpoint(dir, step)).rejects.toThrow(
      `loadCheckpoint: no usable checkpoint: ${dir} is incomplete (no 'complete' marker: the save was interrupted). Delete the checkpoint directory`,
    );
    disposeStep(step);
  });

  it('refuses a checkpoint of another scheme or of a differently shaped model', async () => {
    const step = tinySupervised(SIZE, 2);
    const dir = join(root, 'G', 'checkpoint');
    await saveCheckpoint(dir, step, state(1));
    const loaded = (await loadCheckpoint(dir, step))!;
    await expect(applyCheckpoint(loaded, { ...step, name: 'segan' })).rejects.toThrow(
      `Trainer.fit: the checkpoint in ${dir} was written by step 'supervised', not 'segan'. Resume with the same training scheme, or use a new runDir.`,
    );
    const wider = tinySupervised(SIZE, 3);
    // weights in order: conv kernel, conv bias, BN gamma, beta, 1×1 kernel (4→classes), …
    await expect(applyCheckpoint(loaded, wider)).rejects.toThrow(
      `loadCheckpoint: model 'segmentor' in ${dir} does not fit the model being trained: weight 4 is 1×1×4×2 in the checkpoint, 1×1×4×3 in the model.`,
    );
    disposeCheckpoint(loaded);
    disposeStep(step);
    disposeStep(wider);
  });
});
