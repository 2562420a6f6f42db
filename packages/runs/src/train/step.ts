import { createMethodStep, getMethod } from '@seg/adversarial';
import type { Dataset } from '@seg/data';
import { getModel } from '@seg/models';
import type { TrainStep } from '@seg/train';
import type { TrainConfig } from '../config/schema.js';
import { buildLossSchedule } from './loss.js';
import { assertInputFits, deepSupervisionOf, modelConfig } from './model.js';

/** A run's step, the dataset its trainer iterates (methods may split the training set), and a log line. */
export interface BuiltStep {
  step: TrainStep;
  train: Dataset;
  summary?: string;
}

/**
 * The run's TrainStep, rebuilt deterministically from its config: the method's data split, the segmentor (`--model`,
 * or the method's own architecture), the loss when the method trains with one, and the method's step (extra networks,
 * fresh optimizers). Used by training and by commands that reload a run.
 */
export function buildStep(config: TrainConfig, train: Dataset): BuiltStep {
  const { name: method, ...options } = config.method;
  const entry = getMethod(method);
  const prepared = entry.prepareData ? entry.prepareData(train, options, config.seed) : { train, data: {} };
  const modelEntry = getModel(entry.model?.name ?? config.model.name);
  const passed = Object.fromEntries(Object.entries(options).filter(([k]) => entry.model?.keys.includes(k)));
  const modelCfg = modelConfig(config, prepared.train, modelEntry.name, passed);
  const { inputShape: _s, numClasses: _n, seed: _seed, ...modelOpts } = modelCfg;
  assertInputFits(modelEntry, modelOpts, prepared.train);
  const segmentor = modelEntry.create(modelCfg);
  const step = createMethodStep(method, {
    segmentor,
    inputShape: [train.height, train.width, train.channels],
    numClasses: train.numClasses,
    seed: config.seed,
    optimizer: config.optimizer,
    options,
    data: prepared.data,
    loss: entry.needs.loss ? buildLossSchedule(config, prepared.train) : undefined,
    deepSupervision: deepSupervisionOf(modelEntry, segmentor),
  });
  return { step, train: prepared.train, summary: prepared.summary };
}
