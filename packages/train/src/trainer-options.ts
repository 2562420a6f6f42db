/** The options of {@link Trainer}, their defaults, and their validation (every problem listed at once). */
import { SegConfigError } from '@seg/core';
import type { AugmentOptions, Dataset } from '@seg/data';
import type { Callback } from './callbacks.js';
import { defaultMode, type EarlyStoppingOptions, type MonitorMetric, type MonitorMode } from './early-stopping.js';
import type { ProgressMode } from './progress.js';
import type { Schedule } from './schedules.js';
import type { TrainStep } from './train-step.js';

export interface TrainerOptions {
  /** The training scheme: models, optimizers, one update per batch. */
  step: TrainStep;
  train: Dataset;
  /** Validation set: `val_loss` (when the step has `validate`), `val_dice`, `val_iou` every `evaluateEvery` epochs. */
  val?: Dataset;
  epochs: number;
  batchSize: number;
  /** Seeds data order, augmentation and the step generator. Same seed + backend → same run. */
  seed: number;
  /** Learning rate per step: one schedule for every optimizer, or one per optimizer name. Default: leave lrs alone. */
  schedule?: Schedule | Record<string, Schedule>;
  augment?: AugmentOptions;
  /** Drop the last incomplete batch of each epoch (default false). */
  dropLast?: boolean;
  /** Where log.jsonl, model/ (best segmentor) and checkpoint/ go. Without it nothing is written. */
  runDir?: string;
  /** Metric that decides the best model (default: the early-stopping metric, else val_dice with val, else loss). */
  monitor?: { metric: MonitorMetric; mode?: MonitorMode };
  earlyStopping?: EarlyStoppingOptions;
  callbacks?: Callback[];
  /** Continue from runDir/checkpoint when there is one (default false). */
  resume?: boolean;
  /** Human-readable lines (epoch summaries, resume notes). Default: stderr. */
  log?: (line: string) => void;
  /** 'auto' (default): a bar on a TTY, plain lines otherwise. */
  progress?: ProgressMode;
  /** Validate every n epochs (and after the last one). Default 1. */
  evaluateEvery?: number;
  /** Classes including background (default: the training set's). */
  numClasses?: number;
}

function isInt(v: unknown, min: number): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= min;
}

function checkDatasets(o: TrainerOptions, problems: string[]): void {
  const { train, val, numClasses } = o;
  if (typeof train?.get !== 'function' || !isInt(train.size, 1))
    problems.push(`'train' must be a non-empty Dataset, got ${train?.size ?? typeof train} cases`);
  if (val !== undefined && (typeof val?.get !== 'function' || !isInt(val.size, 1)))
    problems.push(`'val' must be a non-empty Dataset when given`);
  if (numClasses !== undefined && !isInt(numClasses, 2)) problems.push(`'numClasses' must be an integer ≥ 2, got ${numClasses}`);
  if (val && train && val.numClasses !== train.numClasses) {
    problems.push(`'val' has ${val.numClasses} classes but 'train' has ${train.numClasses}; both must label the same classes`);
  }
}

function checkStep(step: TrainStep, problems: string[]): void {
  if (typeof step?.step !== 'function' || typeof step.models !== 'function' || typeof step.optimizers !== 'function') {
    problems.push(`'step' must be a TrainStep (name, models(), optimizers(), step()), e.g. supervisedStep({ model, loss, optimizer })`);
  } else if (!('segmentor' in step.models())) {
    problems.push(
      `'step' must have a model named 'segmentor' (it is evaluated and saved), got ${Object.keys(step.models()).join(', ') || 'none'}`,
    );
  }
}

/** Throws a SegConfigError listing every invalid option. */
export function checkTrainerOptions(o: TrainerOptions): void {
  const problems: string[] = [];
  checkStep(o.step, problems);
  checkDatasets(o, problems);
  if (!isInt(o.epochs, 1)) problems.push(`'epochs' must be an integer ≥ 1, got ${o.epochs}`);
  if (!isInt(o.batchSize, 1)) problems.push(`'batchSize' must be an integer ≥ 1, got ${o.batchSize}`);
  if (!(typeof o.seed === 'number' && Number.isInteger(o.seed))) problems.push(`'seed' must be an integer, got ${o.seed}`);
  if (o.evaluateEvery !== undefined && !isInt(o.evaluateEvery, 1))
    problems.push(`'evaluateEvery' must be an integer ≥ 1, got ${o.evaluateEvery}`);
  if (o.resume && o.runDir === undefined) problems.push(`'resume' needs 'runDir' (the checkpoint lives in runDir/checkpoint)`);
  if (o.progress !== undefined && !['auto', 'bar', 'lines', 'none'].includes(o.progress)) {
    problems.push(`'progress' must be one of 'auto', 'bar', 'lines', 'none', got ${JSON.stringify(o.progress)}`);
  }
  if (o.schedule !== undefined && typeof o.schedule !== 'function') {
    const names = typeof o.step?.optimizers === 'function' ? Object.keys(o.step.optimizers()) : [];
    for (const [k, v] of Object.entries(o.schedule)) {
      if (typeof v !== 'function') problems.push(`'schedule.${k}' must be a schedule function (createSchedule)`);
      else if (names.length > 0 && !names.includes(k))
        problems.push(`'schedule.${k}' names no optimizer of the step (${names.join(', ')})`);
    }
  }
  for (const [key, metric] of [
    ['monitor', o.monitor?.metric],
    ['earlyStopping', o.earlyStopping?.metric],
  ] as const) {
    if (typeof metric === 'string' && metric.startsWith('val_') && o.val === undefined)
      problems.push(`'${key}.metric' ${metric} needs a validation set ('val')`);
  }
  if (problems.length > 0) throw new SegConfigError({ fn: 'Trainer', arg: 'options', detail: 'invalid trainer options', problems });
}

/** The monitored metric and mode for the best model. */
export function resolveMonitor(o: TrainerOptions): { metric: string; mode: MonitorMode } {
  const metric = o.monitor?.metric ?? o.earlyStopping?.metric ?? (o.val ? 'val_dice' : 'loss');
  const mode = o.monitor?.mode ?? (o.monitor === undefined ? o.earlyStopping?.mode : undefined) ?? defaultMode(metric);
  return { metric, mode };
}
