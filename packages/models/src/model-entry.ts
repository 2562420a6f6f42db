/**
 * What the run layer knows about an architecture, declared beside its builder: name, option schema (zod), input-size
 * requirement and deep-supervision policy. `registry.ts` merges the entries.
 */
import type * as tf from '@tensorflow/tfjs';
import type { z } from 'zod';

/** What the run supplies to every builder besides the options: the data's shape, the class count, the seed. */
export interface ModelIO {
  inputShape: readonly [number, number, number];
  numClasses: number;
  seed?: number;
}

/**
 * How a trainer weighs a model's extra outputs when it has several: 'none' (the extra outputs are not logits to
 * supervise, e.g. AAG's attention probabilities), 'nnunet' (heads at decreasing resolution, nnU-Net's halving weights)
 * or 'mean-of-heads' (output 0 is the mean of K full-size heads, each supervised with weight 1/K; UNet++).
 */
export type DeepSupervisionPolicy = 'none' | 'nnunet' | 'mean-of-heads';

/** The input size a model accepts, as functions of its (resolved) options. */
export interface InputRequirement<O> {
  /** Height and width must be multiples of this. */
  divisibleBy(options: O): number;
  /** Height and width must be at least this (default: `divisibleBy`). */
  minSize?(options: O): number;
}

/** A registered model builder and its metadata. */
// biome-ignore lint/suspicious/noExplicitAny: entries of every option type live in one registry
export interface ModelEntry<S extends z.AnyZodObject = z.AnyZodObject, C = any> {
  /** The registry name, e.g. 'unet'. */
  readonly name: string;
  /** One line for `listModels()` and `seg models`. */
  readonly description: string;
  /** Every option besides {@link ModelIO}: names, types, ranges, defaults (the builder's), one-line docs. */
  readonly options: S;
  readonly requires: InputRequirement<z.output<S>>;
  readonly deepSupervision: DeepSupervisionPolicy;
  /** Builds the model from options + io (the builder validates again, so direct calls are safe too). */
  readonly create: (config: C) => tf.LayersModel;
  /** Parameter count for a config, without keeping a model. */
  readonly paramCount: (config: C) => number;
}

/** Declares a model entry (checks nothing; `registerModel` does). */
export function defineModel<S extends z.AnyZodObject, C>(entry: ModelEntry<S, C>): ModelEntry<S, C> {
  return entry;
}

/** countParams() of a freshly built model, which is then disposed. */
export function countParamsBy<C>(build: (config: C) => tf.LayersModel): (config: C) => number {
  return (config) => {
    const model = build(config);
    const n = model.countParams();
    model.dispose();
    return n;
  };
}
