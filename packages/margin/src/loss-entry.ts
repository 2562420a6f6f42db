/**
 * What the run layer knows about a loss, declared beside its factory: name, option schema (zod) and whether it needs
 * dataset statistics. `registry.ts` merges the entries.
 */
import { z } from 'zod';
import type { SegLoss } from './types.js';

/** A registered loss. */
// biome-ignore lint/suspicious/noExplicitAny: entries of every option type live in one registry
export interface LossEntry<S extends z.AnyZodObject = z.AnyZodObject, O = any> {
  /** The registry name, e.g. 'ce+dice'. */
  readonly name: string;
  /** One line for `listLosses()` and `seg losses`. */
  readonly description: string;
  /** Every option: names, types, defaults (the factory's), one-line docs; unknown keys are refused. */
  readonly options: S;
  /**
   * Whether the loss, with these options, needs the training set's per-class pixel counts (passed as `counts`):
   * DMC computes its margin offsets from them unless `counts` or `offsets` are given.
   */
  needsClassCounts?(options: Record<string, unknown>): boolean;
  readonly create: (options: O) => SegLoss;
}

/** Declares a loss entry (checks nothing; `registerLoss` does). */
export function defineLossEntry<S extends z.AnyZodObject, O>(entry: LossEntry<S, O>): LossEntry<S, O> {
  return entry;
}

/** `ignoreIndex` and `checkLabels`, which every loss takes (see `BaseLossOptions`). */
export const baseLossOptions = {
  ignoreIndex: z.number().int().min(0).default(255).describe('label value that never contributes (unlabeled pixels)'),
  checkLabels: z.boolean().default(false).describe('read labels back and refuse values outside [0, C) (one sync per call)'),
};

/** The `reduction` option over pixels. */
export const reductionOption = z.enum(['mean', 'sum', 'none']).default('mean').describe('reduction over pixels');
