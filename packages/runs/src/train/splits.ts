import { type Dataset, openDataset, splitDataset } from '@seg/data';
import type { TrainConfig } from '../config/schema.js';

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
