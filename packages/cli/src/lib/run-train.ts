/**
 * `seg train` as a library call: builds data, model, loss, optimizer and the training step from a
 * resolved {@link TrainConfig}, trains with checkpoints in the run directory, and returns the summary.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createMethodStep, getMethod } from '@seg/adversarial';
import { initBackend } from '@seg/backend';
import { SegInputError } from '@seg/core';
import { type Dataset, labelCounts, openDataset, splitDataset } from '@seg/data';
import { createLoss, type SegLoss } from '@seg/margin';
import { createModel } from '@seg/models';
import {
  createOptimizer,
  createSchedule,
  type LossSchedule,
  pretrainThen,
  type ScheduleOptions,
  supervisedStep,
  Trainer,
  type TrainStep,
} from '@seg/train';
import type * as tf from '@tensorflow/tfjs';
import type { TrainConfig } from './config.js';
import { writeJsonAtomic } from './files.js';

export interface RunHooks {
  /** Human-readable progress lines (backend choice, epochs); omitted in --json mode. */
  log?: (line: string) => void;
  /** 'auto' draws a bar on a TTY; 'none' for tests and --json. */
  progress?: 'auto' | 'bar' | 'lines' | 'none';
}

export interface RunSplits {
  train: Dataset;
  val: Dataset;
  test: Dataset;
}

/** The train/val/test datasets of a run, reproducible from its config (same spec, split and seed). */
export function runSplits(config: TrainConfig): RunSplits {
  const options = config.numClasses === undefined ? {} : { numClasses: config.numClasses };
  const data = openDataset(config.data, options);
  if (config.val) {
    const val = openDataset(config.val, { ...options, numClasses: data.numClasses });
    const { train, test } = splitDataset(data, { val: 0, test: config.split.test, seed: config.seed });
    return { train, val, test };
  }
  const { train, val, test } = splitDataset(data, { val: config.split.val, test: config.split.test, seed: config.seed });
  return { train, val, test };
}

/**
 * Schedule options from the config, with defaults derived from the run for what the CLI does not ask:
 * step decays ×0.1 every third of the run; poly runs over all epochs; cyclical swings lr/10 ↔ lr with a period of
 * min(20, epochs) epochs (Valvano et al. use 1e-5 ↔ 1e-4, 20 epochs).
 */
export function scheduleOptions(config: TrainConfig): ScheduleOptions {
  const lr = config.optimizer.lr;
  const given = config.schedule as Record<string, unknown>;
  const defaults: Record<ScheduleOptions['name'], Record<string, unknown>> = {
    constant: { lr },
    step: { lr, every: Math.max(1, Math.round(config.epochs / 3)), gamma: 0.1 },
    poly: { lr, epochs: config.epochs, power: 0.9 },
    cyclical: { base: lr / 10, max: lr, period: Math.min(20, config.epochs) },
  };
  return { ...defaults[config.schedule.name], ...given } as ScheduleOptions;
}

/**
 * A loss from its config block `{ name, ...options }`. DMC without `counts` or `offsets` gets the training set's class
 * pixel counts (the paper computes its margin offsets once from the training labels).
 */
export function buildLoss(block: { name: string; [k: string]: unknown }, train: Dataset): SegLoss {
  const { name, ...options } = block;
  if (name === 'dmc' && options.counts === undefined && options.offsets === undefined) options.counts = Array.from(labelCounts(train));
  return createLoss(name, options);
}

/** The configured loss, wrapped in the pre-training schedule when `pretrain` is set. */
export function buildLossSchedule(config: TrainConfig, train: Dataset): SegLoss | LossSchedule {
  const main = buildLoss(config.loss, train);
  if (!config.pretrain || config.pretrain.epochs === 0) return main;
  return pretrainThen(buildLoss(config.pretrain.loss, train), config.pretrain.epochs, main);
}

/** Which of the common model flags each architecture takes (the rest come from `--model-opt`). */
const MODEL_FLAGS: Record<string, readonly string[]> = {
  unet: ['depth', 'filters', 'norm', 'dropout', 'upsampling'],
  'attention-unet': ['depth', 'filters', 'norm', 'dropout', 'upsampling'],
  unetpp: ['depth', 'filters', 'norm'],
  segan: ['depth', 'filters'],
  'aag-unet': ['depth', 'filters', 'norm'],
  pspnet: ['norm'],
  deeplabv3plus: ['norm'],
  transunet: ['depth', 'filters', 'norm'],
};

/** The builder config of `name` from config.model (the flags it takes, then `--model-opt`) and the data's shape. */
export function modelConfig(config: TrainConfig, train: Dataset, name = config.model.name, extra: Record<string, unknown> = {}) {
  const { options, ...flags } = config.model as TrainConfig['model'] & Record<string, unknown>;
  const taken = MODEL_FLAGS[name] ?? ['filters'];
  return {
    ...Object.fromEntries(taken.filter((k) => flags[k] !== undefined).map((k) => [k, flags[k]])),
    ...options,
    ...extra,
    inputShape: [train.height, train.width, train.channels],
    numClasses: train.numClasses,
    seed: config.seed,
  };
}

/** Deep-supervision weights for the supervised step when the model was built with `deepSupervision: true`. */
function deepSupervisionOf(name: string, model: tf.LayersModel): 'off' | 'nnunet' | number[] {
  const k = model.outputs.length;
  if (k === 1 || name === 'aag-unet') return 'off'; // AAG's extra outputs are probabilities for its discriminator
  // UNet++: output 0 is the mean of the L full-size heads, each supervised equally (Zhou et al.); U-Net: nnU-Net's.
  if (name === 'unetpp') return [0, ...new Array(k - 1).fill(1 / (k - 1))];
  return 'nnunet';
}

/** A run's step, the dataset its trainer iterates (methods may split the training set), and a log line. */
export interface BuiltStep {
  step: TrainStep;
  train: Dataset;
  summary?: string;
}

/**
 * The run's TrainStep, rebuilt deterministically from its config: the segmentor, the loss (supervised) or the
 * method's extra networks and data (adversarial), fresh optimizers. Used by training and by commands that reload a run.
 */
export function buildStep(config: TrainConfig, train: Dataset): BuiltStep {
  const { name: method, ...options } = config.method;
  if (method === 'supervised') {
    const model = createModel(config.model.name, modelConfig(config, train));
    const loss = buildLossSchedule(config, train);
    const deepSupervision = deepSupervisionOf(config.model.name, model);
    return { step: supervisedStep({ model, loss, optimizer: createOptimizer(config.optimizer), deepSupervision }), train };
  }
  const entry = getMethod(method);
  const prepared = entry.prepareData ? entry.prepareData(train, options, config.seed) : { train, data: {} };
  const modelName = entry.model?.name ?? config.model.name;
  const modelOptions = Object.fromEntries(Object.entries(options).filter(([k]) => entry.model?.keys.includes(k)));
  const model = createModel(modelName, modelConfig(config, prepared.train, modelName, modelOptions));
  const inputShape = [train.height, train.width, train.channels] as const;
  const step = createMethodStep(method, {
    segmentor: model,
    inputShape,
    numClasses: train.numClasses,
    seed: config.seed,
    optimizer: config.optimizer,
    options,
    data: prepared.data,
  });
  return { step, train: prepared.train, summary: prepared.summary };
}

export function runDirOf(config: TrainConfig): string {
  return resolve(config.runDir ?? join('runs', config.name));
}

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
  const method = config.method.name;
  if (method !== 'supervised')
    log(`method: ${method} (networks: ${Object.keys(step.models()).join(', ')}; --loss applies to supervised only)`);
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
