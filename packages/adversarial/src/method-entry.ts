/**
 * What the run layer knows about a training scheme, declared beside its step: name, option schema (zod), the data it
 * needs, the model it trains instead of `--model`, and how it builds its `TrainStep`. `registry.ts` merges them.
 */
import type { Dataset } from '@seg/data';
import type { SegLoss } from '@seg/margin';
import type { LossSchedule, OptimizerOptions, TrainStep } from '@seg/train';
import type * as tf from '@tensorflow/tfjs';
import type { z } from 'zod';

export interface MethodContext {
  /** The segmentation network (logits out); it stays the run's evaluated and saved model. */
  segmentor: tf.LayersModel;
  /** [height, width, channels] of the images. */
  inputShape: readonly [number, number, number];
  numClasses: number;
  seed: number;
  /** Optimizer settings, used for every network of the method (each gets its own optimizer). */
  optimizer: OptimizerOptions;
  /** Method options (`--method-opt key=value`), checked against the entry's schema. */
  options?: Record<string, unknown>;
  /** Datasets the step draws itself (from `prepareData`; aag: `unlabeled`, `maskPool`). */
  data?: Record<string, Dataset>;
  /** The run's loss (`--loss`), for methods whose `needs.loss` is true. */
  loss?: SegLoss | LossSchedule;
  /** How the loss weighs a multi-output segmentor's outputs (from the model entry's policy). */
  deepSupervision?: 'off' | 'nnunet' | readonly number[];
}

/** What `prepareData` returns: the set the trainer iterates, the step's own datasets, and a line for the log. */
export interface PreparedData {
  train: Dataset;
  data: Record<string, Dataset>;
  summary?: string;
}

/** What a method needs from the run besides images and masks. */
export interface MethodNeeds {
  /** Trains with the run's `--loss` (else the method defines its own losses and `--loss` is ignored). */
  loss: boolean;
  /** Scribble annotations (generated from the masks, or given). */
  scribbles?: boolean;
  /** A pool of masks unpaired with the training images (for a mask discriminator). */
  unpairedMasks?: boolean;
  /** Images without labels. */
  unlabeledImages?: boolean;
}

export interface MethodEntry<S extends z.AnyZodObject = z.AnyZodObject> {
  readonly name: string;
  /** One line for `listMethods()` and `seg methods`. */
  readonly description: string;
  /** Every option: names, types, defaults, one-line docs; unknown keys are refused. */
  readonly options: S;
  readonly needs: MethodNeeds;
  /**
   * The architecture the method trains instead of `--model` (registry name), and which method options are model
   * options (aag: 'aag-unet', `attention`).
   */
  readonly model?: { readonly name: string; readonly keys: readonly (keyof z.input<S> & string)[] };
  /** Splits the run's training set into what the trainer iterates and what the step draws itself. */
  readonly prepareData?: (train: Dataset, options: Record<string, unknown>, seed: number) => PreparedData;
  readonly create: (context: MethodContext) => TrainStep;
}

/** Declares a method entry (checks nothing; `registerMethod` does). */
export function defineMethod<S extends z.AnyZodObject>(entry: MethodEntry<S>): MethodEntry<S> {
  return entry;
}
