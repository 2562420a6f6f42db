/**
 * Hooks into the training loop. Every hook may be async; the trainer awaits it before going on. Call
 * `info.stop()` to end training after the current epoch (the checkpoint is still written).
 */
import type { EpochRecord, TrainResult } from './history.js';

export interface StepEndInfo {
  /** 0-based epoch and step within it; globalStep counts every step since the start of training (1-based after the step). */
  epoch: number;
  step: number;
  stepsPerEpoch: number;
  globalStep: number;
  /** Learning rate of each optimizer for this step. */
  lr: Record<string, number>;
  /** What the TrainStep returned (loss and its parts). */
  values: Record<string, number>;
  /** Wall time of the step in milliseconds. */
  ms: number;
  stop(): void;
}

export interface EpochEndInfo {
  epoch: number;
  /** The epoch's history record (train means, validation metrics). */
  record: EpochRecord;
  /** True when the monitored metric improved (the best model was saved). */
  improved: boolean;
  stop(): void;
}

export interface Callback {
  onStepEnd?(info: StepEndInfo): void | Promise<void>;
  onEpochEnd?(info: EpochEndInfo): void | Promise<void>;
  onTrainEnd?(result: TrainResult): void | Promise<void>;
}
