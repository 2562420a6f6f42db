import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { phantomDataset } from '@seg/data';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../src/model-io.js';
import type { TrainStep } from '../src/train-step.js';
import { Trainer } from '../src/trainer.js';
import { disposeStep, readJsonl, tempDir, tinySegmentor, tinySupervised, weightValues } from './fixtures.js';

const SIZE = 16;
const train = phantomDataset({ kind: 'nodule', count: 5, size: SIZE, seed: 21 });
const val = phantomDataset({ kind: 'nodule', count: 2, size: SIZE, seed: 22 });
const quiet = { progress: 'none' as const, log: () => {} };
let root: string;

beforeAll(async () => {
  await tf.setBackend('cpu');
  root = await tempDir('trainer');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('Trainer: log.jsonl, best model, checkpoint', () => {
  it('writes one parseable line per step and per epoch with the expected keys', async () => {
    const runDir = join(root, 'log');
    const step = tinySupervised(SIZE, 2);
    const result = await new Trainer({ step, train, val, epochs: 2, batchSize: 2, seed: 1, runDir, ...quiet }).fit();
    const lines = await readJsonl(join(runDir, 'log.jsonl'));
    // 5 cases in batches of 2 → 3 steps per epoch (the last batch holds 1 case)
    expect(lines.map((l) => l.type)).toEqual(['start', 'step', 'step', 'step', 'epoch', 'step', 'step', 'step', 'epoch', 'end']);
    const stepLine = lines[1];
    expect(Object.keys(stepLine)).toEqual(['type', 'epoch', 'step', 'globalStep', 'lr', 'loss', 'ms']);
    expect(lines.filter((l) => l.type === 'step').map((l) => [l.epoch, l.step, l.globalStep])).toEqual([
      [0, 0, 1],
      [0, 1, 2],
      [0, 2, 3],
      [1, 0, 4],
      [1, 1, 5],
      [1, 2, 6],
    ]);
    expect(stepLine.lr).toBe(0.01);
    const epochLine = lines[4];
    expect(Object.keys(epochLine).sort()).toEqual(
      ['epoch', 'globalStep', 'loss', 'lr', 'ms', 'type', 'val_dice', 'val_iou', 'val_loss'].sort(),
    );
    // the epoch's loss is the case-weighted mean of its step losses: (2·l0 + 2·l1 + 1·l2) / 5
    const steps = lines.slice(1, 4).map((l) => l.loss as number);
    expect(epochLine.loss as number).toBeCloseTo((2 * steps[0] + 2 * steps[1] + steps[2]) / 5, 10);
    expect(result.history.map((r) => r.epoch)).toEqual([0, 1]);
    expect(result.best?.metric).toBe('val_dice');
    expect((await readdir(runDir)).sort()).toEqual(['checkpoint', 'log.jsonl', 'model']);
    expect((await readdir(join(runDir, 'checkpoint'))).sort()).toEqual(
      [
        'complete',
        'model-segmentor.bin',
        'model-segmentor.json',
        'optimizer-segmentor.bin',
        'optimizer-segmentor.json',
        'state.json',
      ].sort(),
    );
    const best = await loadModel(join(runDir, 'model'));
    expect(best.outputs[0].shape).toEqual([null, SIZE, SIZE, 2]);
    best.dispose();
    disposeStep(step);
  });

  it('saves the segmentor as run/model only when the monitored metric improves', async () => {
    const runDir = join(root, 'best');
    const step = tinySupervised(SIZE, 2);
    const snapshots: number[][][] = [];
    const improvedAt: boolean[] = [];
    const result = await new Trainer({
      step,
      train,
      epochs: 3,
      batchSize: 5,
      seed: 2,
      runDir,
      ...quiet,
      monitor: { metric: 'loss', mode: 'max' }, // "best" = highest training loss: only epoch 0 (the loss falls)
      callbacks: [
        { onEpochEnd: ({ improved }) => void improvedAt.push(improved) },
        { onEpochEnd: () => void snapshots.push(weightValues(step.models().segmentor)) },
      ],
    }).fit();
    expect(improvedAt).toEqual([true, false, false]);
    expect(result.best).toEqual({ epoch: 0, metric: 'loss', value: result.history[0].loss });
    const saved = await loadModel(join(runDir, 'model'));
    expect(weightValues(saved)).toEqual(snapshots[0]);
    saved.dispose();
    disposeStep(step);
  });
});

/** A scripted step: no learning; its validation loss per epoch comes from `script`. */
function scriptedStep(script: number[]): TrainStep {
  const segmentor = tinySegmentor(SIZE, 2, 3);
  let epoch = 0;
  return {
    name: 'scripted',
    models: () => ({ segmentor }),
    optimizers: () => ({}),
    step: (_batch, ctx) => {
      epoch = ctx.epoch;
      return { loss: 1 };
    },
    validate: () => ({ loss: script[epoch] }),
  };
}

describe('Trainer: early stopping and callbacks', () => {
  it('stops at the epoch the scripted val_loss sequence dictates (patience 2, minDelta 0.05)', async () => {
    // epoch 0: 1.0 best; 1: 0.8 improves; 2: 0.79 (< 0.05 better, wait 1); 3: 0.85 (wait 2) → stop after epoch 3
    const step = scriptedStep([1.0, 0.8, 0.79, 0.85, 0.5, 0.4]);
    const lines: string[] = [];
    const result = await new Trainer({
      step,
      train,
      val,
      epochs: 6,
      batchSize: 5,
      seed: 3,
      earlyStopping: { metric: 'val_loss', patience: 2, minDelta: 0.05 },
      progress: 'none',
      log: (l) => lines.push(l),
    }).fit();
    expect(result.epochs).toBe(4);
    expect(result.stoppedEarly).toBe(true);
    expect(result.history.map((r) => r.val_loss)).toEqual([1.0, 0.8, 0.79, 0.85]);
    // the best model ignores minDelta (any improvement counts): 0.79 at epoch 2
    expect(result.best).toEqual({ epoch: 2, metric: 'val_loss', value: 0.79 });
    expect(lines[3]).toMatch(/^epoch 4\/6 .*val_loss 0\.8500 .*— early stopping$/);
    step.models().segmentor.dispose();
  });

  it('calls onStepEnd per step, onEpochEnd per epoch, onTrainEnd once; stop() ends after the current epoch', async () => {
    const step = tinySupervised(SIZE, 2);
    const calls: string[] = [];
    const result = await new Trainer({
      step,
      train,
      epochs: 5,
      batchSize: 3,
      seed: 4,
      ...quiet,
      callbacks: [
        {
          onStepEnd: ({ epoch, step: s, globalStep, lr, values }) => {
            calls.push(`step ${epoch}.${s} #${globalStep} lr ${lr.segmentor} ${typeof values.loss}`);
          },
          onEpochEnd: ({ epoch, stop }) => {
            calls.push(`epoch ${epoch}`);
            if (epoch === 1) stop();
          },
          onTrainEnd: (r) => {
            calls.push(`end ${r.epochs}`);
          },
        },
      ],
    }).fit();
    expect(calls).toEqual([
      'step 0.0 #1 lr 0.01 number',
      'step 0.1 #2 lr 0.01 number',
      'epoch 0',
      'step 1.0 #3 lr 0.01 number',
      'step 1.1 #4 lr 0.01 number',
      'epoch 1',
      'end 2',
    ]);
    expect(result.stoppedEarly).toBe(true);
    disposeStep(step);
  });

  it('validates every evaluateEvery epochs and after the last one', async () => {
    const step = tinySupervised(SIZE, 2);
    const result = await new Trainer({ step, train, val, epochs: 5, batchSize: 5, seed: 5, evaluateEvery: 2, ...quiet }).fit();
    expect(result.history.map((r) => 'val_dice' in r)).toEqual([false, true, false, true, true]);
    disposeStep(step);
  });

  it('leaks no tensors over a fit (after the optimizer has made its slots)', async () => {
    const step = tinySupervised(SIZE, 2);
    await new Trainer({ step, train, val, epochs: 1, batchSize: 5, seed: 6, ...quiet }).fit();
    const before = tf.memory().numTensors;
    await new Trainer({ step, train, val, epochs: 2, batchSize: 2, seed: 6, ...quiet }).fit();
    expect(tf.memory().numTensors).toBe(before);
    disposeStep(step);
  });
});

describe('Trainer option errors', () => {
  it('lists every problem at once, naming the options', () => {
    const step = tinySupervised(SIZE, 2);
    const bad = () =>
      new Trainer({ step, train, epochs: 0, batchSize: 1.5, seed: 1, resume: true, earlyStopping: { metric: 'val_dice' }, ...quiet });
    expect(bad).toThrow(/^Trainer: invalid trainer options:/);
    expect(bad).toThrow(/'epochs' must be an integer ≥ 1, got 0/);
    expect(bad).toThrow(/'batchSize' must be an integer ≥ 1, got 1.5/);
    expect(bad).toThrow(/'resume' needs 'runDir'/);
    expect(bad).toThrow(/'earlyStopping.metric' val_dice needs a validation set \('val'\)/);
    disposeStep(step);
  });

  it('refuses a step without a segmentor and an unknown monitored metric', async () => {
    const step = tinySupervised(SIZE, 2);
    const noSegmentor: TrainStep = { ...step, models: () => ({ generator: step.models().segmentor }) };
    expect(() => new Trainer({ step: noSegmentor, train, epochs: 1, batchSize: 2, seed: 1, ...quiet })).toThrow(
      /'step' must have a model named 'segmentor' \(it is evaluated and saved\), got generator/,
    );
    const typo = new Trainer({ step, train, epochs: 1, batchSize: 5, seed: 1, monitor: { metric: 'los' }, ...quiet });
    await expect(typo.fit()).rejects.toThrow(
      /^Trainer: 'monitor' must be a metric the trainer reports \(epoch, globalStep, lr, loss, ms\), got "los"/,
    );
    disposeStep(step);
  });
});
