import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { phantomDataset } from '@seg/data';
import { crossEntropy, softDice } from '@seg/margin';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lossSchedule, pretrainThen } from '../src/loss-schedule.js';
import { createOptimizer } from '../src/optimizers.js';
import { supervisedStep } from '../src/supervised-step.js';
import { Trainer } from '../src/trainer.js';
import { readJsonl, tempDir, tinySegmentor, weightValues } from './fixtures.js';

let root: string;
beforeAll(async () => {
  await tf.setBackend('cpu');
  root = await tempDir('loss-schedule');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('lossSchedule', () => {
  const ce = crossEntropy();
  const dice = softDice();
  it('picks the phase whose start is the last ≤ epoch', () => {
    const s = lossSchedule([
      { from: 0, loss: ce },
      { from: 3, loss: dice },
    ]);
    expect([0, 1, 2, 3, 9].map((e) => s.at(e).lossName)).toEqual(['crossEntropy', 'crossEntropy', 'crossEntropy', 'softDice', 'softDice']);
    expect(pretrainThen(ce, 0, dice).at(0)).toBe(dice);
  });
  it('lists every problem of a bad schedule', () => {
    expect(() =>
      lossSchedule([
        { from: 1, loss: ce },
        { from: 1, loss: dice },
      ]),
    ).toThrow(
      /lossSchedule: invalid loss schedule:\n {2}- the first phase must start at epoch 0, got 1\n {2}- phase 1: 'from' \(1\) must be after phase 0 \(1\)/,
    );
  });
});

describe('supervisedStep with a loss schedule in the trainer', () => {
  const train = phantomDataset({ kind: 'nodule', count: 4, size: 16, seed: 4 });
  const run = (runDir: string, epochs: number, resume = false) => {
    const step = supervisedStep({
      model: tinySegmentor(16, 2, 3),
      loss: pretrainThen(crossEntropy(), 2, softDice()),
      optimizer: createOptimizer({ name: 'adam', lr: 0.01 }),
    });
    return {
      step,
      fit: new Trainer({ step, train, epochs, batchSize: 2, seed: 1, runDir, resume, progress: 'none', log: () => {} }).fit(),
    };
  };

  it('logs loss_phase 0 while pre-training with CE and 1 after the switch, and resumes into the right phase', async () => {
    const whole = run(join(root, 'whole'), 4);
    await whole.fit;
    const lines = (await readJsonl(join(root, 'whole', 'log.jsonl'))).filter((l) => l.type === 'step');
    // 4 cases, batch 2 → 2 steps per epoch; pretrainThen(ce, 2, dice): epochs 0–1 phase 0, epochs 2–3 phase 1
    expect(lines.map((l) => [l.epoch, l.loss_phase])).toEqual([
      [0, 0],
      [0, 0],
      [1, 0],
      [1, 0],
      [2, 1],
      [2, 1],
      [3, 1],
      [3, 1],
    ]);

    const cut = run(join(root, 'cut'), 2);
    await cut.fit;
    const resumed = run(join(root, 'cut'), 4, true);
    await resumed.fit;
    expect(weightValues(resumed.step.models().segmentor)).toEqual(weightValues(whole.step.models().segmentor));
  });

  it('the switch changes the update: CE for all 4 epochs ends with other weights than CE → Dice', async () => {
    const a = run(join(root, 'a'), 3);
    await a.fit;
    const ceOnly = supervisedStep({
      model: tinySegmentor(16, 2, 3),
      loss: crossEntropy(),
      optimizer: createOptimizer({ name: 'adam', lr: 0.01 }),
    });
    await new Trainer({ step: ceOnly, train, epochs: 3, batchSize: 2, seed: 1, progress: 'none', log: () => {} }).fit();
    const first = (m: tf.LayersModel) => weightValues(m)[0];
    expect(first(a.step.models().segmentor)).not.toEqual(first(ceOnly.models().segmentor));
  });
});
