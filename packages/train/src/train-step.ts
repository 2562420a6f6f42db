/**
 * The contract between the {@link Trainer} and a training scheme. A `TrainStep` owns its models and optimizers and
 * performs one update per batch; the trainer owns everything around it (data order, learning rates, logging,
 * validation, checkpoints). Plain supervised training is {@link supervisedStep}; the adversarial schemes
 * (gambling, SegAN, AAG, …) in `@seg/adversarial` implement the same interface.
 */
import type { Rng } from '@seg/core';
import type * as tf from '@tensorflow/tfjs';

/** One batch as tensors: images `[N,H,W,C]` float32, labels `[N,H,W]` int32 (ignoreIndex for unlabeled pixels). */
export interface TensorBatch {
  readonly ids: readonly string[];
  readonly images: tf.Tensor4D;
  readonly labels: tf.Tensor3D;
  /** Multi-annotator datasets: one `[N,H,W]` label tensor per annotator (`labels` is the first). */
  readonly annotations?: readonly tf.Tensor3D[];
}

/** Where in training a step runs. `rng` is the trainer's step generator (checkpointed with the run). */
export interface StepContext {
  /** 0-based epoch. */
  readonly epoch: number;
  /** 0-based step within the epoch. */
  readonly step: number;
  readonly rng: Rng;
}

export interface TrainStep {
  readonly name: string;
  /** Every model the step trains; `segmentor` is the one evaluated, saved as run/model, and used by predict. */
  models(): Record<string, tf.LayersModel>;
  /** Every optimizer the step uses; checkpointed with their state. The trainer sets their learning rates. */
  optimizers(): Record<string, tf.Optimizer>;
  /** One update; returns scalars for the log (`loss` first, then parts). Must not leak tensors or keep the batch. */
  step(batch: TensorBatch, ctx: StepContext): Record<string, number>;
  /**
   * Optional: the step's losses on a batch in inference mode, without updating anything. The trainer logs their
   * size-weighted mean over the validation set as `val_<key>` (e.g. `val_loss`). Must not leak tensors.
   */
  validate?(batch: TensorBatch): Record<string, number>;
}
