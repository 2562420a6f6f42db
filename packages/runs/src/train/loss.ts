import { type Dataset, labelCounts } from '@seg/data';
import { createLoss, getLoss, type SegLoss } from '@seg/margin';
import { type LossSchedule, pretrainThen } from '@seg/train';
import type { TrainConfig } from '../config/schema.js';

/**
 * A loss from its config block `{ name, ...options }`. A loss whose entry needs class counts (DMC without `counts` or
 * `offsets`) gets the training set's class pixel counts (the paper computes its margin offsets once from the training
 * labels).
 */
export function buildLoss(block: { name: string; [k: string]: unknown }, train: Dataset): SegLoss {
  const { name, ...options } = block;
  if (getLoss(name).needsClassCounts?.(options)) options.counts = Array.from(labelCounts(train));
  return createLoss(name, options);
}

/** The configured loss, wrapped in the pre-training schedule when `pretrain` is set. */
export function buildLossSchedule(config: TrainConfig, train: Dataset): SegLoss | LossSchedule {
  const main = buildLoss(config.loss, train);
  if (!config.pretrain || config.pretrain.epochs === 0) return main;
  return pretrainThen(buildLoss(config.pretrain.loss, train), config.pretrain.epochs, main);
}
