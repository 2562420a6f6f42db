/** The two halves of a trainer epoch: the training pass over shuffled batches, and validation. */
import { type Rng, SegInputError } from '@seg/core';
import { type AugmentOptions, batches, type Dataset } from '@seg/data';
import type { Callback } from './callbacks.js';
import { evaluateModel } from './evaluate.js';
import type { JsonlLog } from './log.js';
import { getLearningRate, setLearningRate } from './optimizers.js';
import type { Progress } from './progress.js';
import type { Schedule } from './schedules.js';
import { disposeTensorBatch, toTensorBatch } from './tensor-batch.js';
import type { TrainStep } from './train-step.js';

export interface TrainPass {
  step: TrainStep;
  train: Dataset;
  /** Labels are checked against this before each step. */
  numClasses: number;
  batchSize: number;
  augment?: AugmentOptions;
  dropLast: boolean;
  rng: Rng;
  stepRng: Rng;
  schedule?: Schedule | Record<string, Schedule>;
  epoch: number;
  /** Total epochs of the run (for progress display). */
  epochs: number;
  stepsPerEpoch: number;
  globalStep: number;
  jsonl: JsonlLog;
  progress: Progress;
  callbacks: readonly Callback[];
  stop: () => void;
}

/** Sets every scheduled optimizer's learning rate for this step; returns every optimizer's rate. */
export function applySchedule(pass: TrainPass, stepInEpoch: number): Record<string, number> {
  const lrs: Record<string, number> = {};
  for (const [name, optimizer] of Object.entries(pass.step.optimizers())) {
    const schedule = typeof pass.schedule === 'function' ? pass.schedule : pass.schedule?.[name];
    if (schedule) setLearningRate(optimizer, schedule(pass.epoch, stepInEpoch, pass.stepsPerEpoch));
    lrs[name] = getLearningRate(optimizer);
  }
  return lrs;
}

/** The learning rate reported as `lr`: the segmentor's optimizer, else the first; plus `lr_<name>` for others. */
export function lrFields(lrs: Record<string, number>): Record<string, number> {
  const names = Object.keys(lrs);
  const main = 'segmentor' in lrs ? 'segmentor' : names[0];
  const out: Record<string, number> = { lr: main === undefined ? Number.NaN : lrs[main] };
  for (const n of names) if (n !== main) out[`lr_${n}`] = lrs[n];
  return out;
}

/** Accumulates size-weighted means of named values. */
export class Means {
  private sums: Record<string, number> = {};
  private weights: Record<string, number> = {};
  add(values: Record<string, number>, weight: number): void {
    for (const [k, v] of Object.entries(values)) {
      this.sums[k] = (this.sums[k] ?? 0) + v * weight;
      this.weights[k] = (this.weights[k] ?? 0) + weight;
    }
  }
  result(prefix = ''): Record<string, number> {
    return Object.fromEntries(Object.keys(this.sums).map((k) => [`${prefix}${k}`, this.sums[k] / this.weights[k]]));
  }
}

/** One pass over the training set; returns the size-weighted mean of each step value and the last lrs. */
export async function trainEpoch(
  pass: TrainPass,
): Promise<{ means: Record<string, number>; lrs: Record<string, number>; globalStep: number }> {
  const { step, epoch, stepsPerEpoch } = pass;
  const means = new Means();
  let globalStep = pass.globalStep;
  let lrs: Record<string, number> = {};
  let s = 0;
  pass.progress.startEpoch(epoch, pass.epochs, stepsPerEpoch);
  for (const batch of batches(pass.train, {
    batchSize: pass.batchSize,
    shuffle: true,
    rng: pass.rng,
    augment: pass.augment,
    dropLast: pass.dropLast,
  })) {
    lrs = applySchedule(pass, s);
    const tensors = toTensorBatch(batch, 'Trainer.fit', pass.numClasses);
    const t0 = performance.now();
    let values: Record<string, number>;
    try {
      values = step.step(tensors, { epoch, step: s, rng: pass.stepRng });
    } finally {
      disposeTensorBatch(tensors);
    }
    const ms = performance.now() - t0;
    assertFiniteValues(values, epoch, s);
    globalStep++;
    means.add(values, batch.ids.length);
    pass.jsonl.write({ type: 'step', epoch, step: s, globalStep, ...lrFields(lrs), ...values, ms: Math.round(ms * 10) / 10 });
    pass.progress.step(s, values);
    for (const cb of pass.callbacks)
      await cb.onStepEnd?.({ epoch, step: s, stepsPerEpoch, globalStep, lr: lrs, values, ms, stop: pass.stop });
    s++;
  }
  pass.progress.endEpoch();
  return { means: means.result(), lrs, globalStep };
}

/** A NaN or infinite loss ends training with a clear error; the last checkpoint (previous epoch) stays whole. */
function assertFiniteValues(values: Record<string, number>, epoch: number, step: number): void {
  for (const [key, value] of Object.entries(values)) {
    if (!Number.isFinite(value)) {
      throw new SegInputError({
        fn: 'Trainer.fit',
        arg: key,
        detail: `'${key}' became ${value} at epoch ${epoch + 1}, step ${step + 1}; training stopped`,
        hint: 'Lower the learning rate or check the data; the last checkpoint is whole and can be resumed',
      });
    }
  }
}

/**
 * Validation metrics: `val_<key>` = size-weighted mean of `step.validate` (when the step has it) over the
 * validation set, plus `val_dice` / `val_iou` (case means of the class-mean Dice/IoU) from {@link evaluateModel}.
 */
export async function validateEpoch(step: TrainStep, val: Dataset, batchSize: number, numClasses: number): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  if (step.validate) {
    const means = new Means();
    for (const batch of batches(val, { batchSize, shuffle: false })) {
      const tensors = toTensorBatch(batch, 'Trainer.fit');
      try {
        means.add(step.validate(tensors), batch.ids.length);
      } finally {
        disposeTensorBatch(tensors);
      }
    }
    Object.assign(out, means.result('val_'));
  }
  const evaluation = await evaluateModel(step.models().segmentor, val, { batchSize, numClasses });
  out.val_dice = evaluation.meanDice;
  out.val_iou = evaluation.meanIou;
  return out;
}
