/**
 * `seg train` as a library call: builds data, model, loss, optimizer and the training step from a
 * resolved {@link TrainConfig}, trains with checkpoints in the run directory, and returns the summary.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { getMethod } from '@seg/adversarial';
import { initBackend } from '@seg/backend';
import { SegInputError } from '@seg/core';
import { createSchedule, Trainer } from '@seg/train';
import type { TrainConfig } from '../config/schema.js';
import { writeJsonAtomic } from '../files.js';
import type { RunHooks } from '../hooks.js';
import { runDirOf } from '../run-dir.js';
import { scheduleOptions } from './schedule.js';
import { runSplits } from './splits.js';
import { buildStep } from './step.js';

export interface TrainRunResult {
  runDir: string;
  backend: string;
  samples: { train: number; val: number; test: number };
  epochs: number;
  stoppedEarly: boolean;
  best: { metric: string; value: number; epoch: number } | undefined;
  history: Record<string, number>[];
}

export async function trainRun(
  config: TrainConfig,
  options: { resume?: boolean; force?: boolean } & RunHooks = {},
): Promise<TrainRunResult> {
  const { log = () => {}, progress = 'auto', resume = false, force = false } = options;
  const runDir = runDirOf(config);
  if (!resume && !force && existsSync(join(runDir, 'checkpoint'))) {
    throw new SegInputError({
      fn: 'seg train',
      arg: '--name',
      detail: `${runDir} already holds a training run`,
      hint: 'Continue it with --resume, start over with --force, or choose another --name',
    });
  }
  const { backend } = await initBackend(config.backend, { log });
  const splits = runSplits(config);
  const { train, val } = splits;
  log(
    `data: ${train.name} — ${train.size} train, ${val.size} val, ${splits.test.size} test, ${train.height}×${train.width}×${train.channels}, ${train.numClasses} classes`,
  );

  const { step, train: iterated, summary } = buildStep(config, splits.train);
  const method = getMethod(config.method.name);
  if (!method.needs.loss) log(`method: ${method.name} (networks: ${Object.keys(step.models()).join(', ')}; it does not train with --loss)`);
  if (summary) log(summary);
  writeJsonAtomic(join(runDir, 'config.json'), { ...config, runDir, numClasses: train.numClasses, classNames: train.classNames });

  const trainer = new Trainer({
    step,
    train: iterated,
    val,
    numClasses: train.numClasses,
    epochs: config.epochs,
    batchSize: config.batchSize,
    seed: config.seed,
    schedule: createSchedule(scheduleOptions(config)),
    augment: config.augment,
    earlyStopping: config.earlyStopping
      ? { ...config.earlyStopping, mode: config.earlyStopping.metric === 'val_loss' ? 'min' : 'max' }
      : undefined,
    runDir,
    resume,
    progress,
    log,
  });
  const result = await trainer.fit();
  return {
    runDir,
    backend,
    samples: { train: train.size, val: val.size, test: splits.test.size },
    epochs: result.epochs,
    stoppedEarly: result.stoppedEarly,
    best: result.best ?? undefined,
    history: result.history,
  };
}
