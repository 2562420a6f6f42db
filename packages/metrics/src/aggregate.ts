/**
 * From per-class, per-case numbers to the few numbers a table reports. Two different "mean Dice"s exist
 * and both are named here:
 *
 * - **mean of per-case values** (`meanOverCases`): every case weighs the same; a case where a class is
 *   absent from both prediction and truth gives NaN under `empty: 'nan'` and is skipped (and counted in
 *   `summarize(...).nanCount`), or gives 1 under `'zero-one'`.
 * - **dataset-level** (`datasetDice`, `datasetIou`): pixel counts pooled over every case first (sum of
 *   confusion matrices), then one ratio per class; large structures weigh more, empty cases add nothing.
 *
 * NaN never silently disappears: every mean here skips NaN, and `summarize` says how many there were.
 */
import { median, SegInputError, std } from '@seg/core';
import { type ConfusionMatrix, sumConfusion } from './confusion.js';
import { diceFromConfusion, iouFromConfusion } from './overlap.js';
import type { FromConfusionOptions } from './per-class.js';

/** Statistics of a list of values, NaN excluded (and counted). */
export interface Summary {
  /** Mean of the non-NaN values (NaN when there are none). */
  mean: number;
  /** Sample standard deviation (n − 1) of the non-NaN values (NaN for fewer than 2). */
  sd: number;
  /** Median of the non-NaN values (linear interpolation). */
  median: number;
  /** How many values were not NaN. */
  count: number;
  /** How many values were NaN (e.g. empty cases under `empty: 'nan'`). */
  nanCount: number;
}

function assertNumbers(values: unknown, fn: string, arg: string): asserts values is ArrayLike<number> {
  const v = values as ArrayLike<number> | null | undefined;
  if (typeof v !== 'object' || v === null || typeof v.length !== 'number') {
    throw new SegInputError({ fn, arg, expected: 'an array of numbers', got: v === null ? 'null' : typeof v });
  }
}

function withoutNaN(values: ArrayLike<number>): number[] {
  const kept: number[] = [];
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) kept.push(values[i]);
  return kept;
}

/** Mean, sd, median and counts of `values`, skipping NaN (±Infinity is kept: it is a value). */
export function summarize(values: ArrayLike<number>): Summary {
  assertNumbers(values, 'summarize', 'values');
  const kept = withoutNaN(values);
  let sum = 0;
  for (const v of kept) sum += v;
  return {
    mean: kept.length === 0 ? Number.NaN : sum / kept.length,
    sd: std(kept),
    median: median(kept),
    count: kept.length,
    nanCount: values.length - kept.length,
  };
}

export interface MeanOverClassesOptions {
  /** Include class 0 (background) in the mean. Default false. */
  includeBackground?: boolean;
}

/** Mean of per-class values (index = class), skipping NaN; NaN when every value is NaN. */
export function meanOverClasses(values: ArrayLike<number>, options: MeanOverClassesOptions = {}): number {
  const { includeBackground = false } = options;
  assertNumbers(values, 'meanOverClasses', 'values');
  const picked = Array.from(values).slice(includeBackground ? 0 : 1);
  return summarize(picked).mean;
}

/** Per-class summary over cases: `perCase[case][class]` → one {@link Summary} per class. */
export function summarizeOverCases(perCase: readonly (readonly number[])[]): Summary[] {
  assertNumbers(perCase, 'summarizeOverCases', 'perCase');
  if (perCase.length === 0) return [];
  const c = perCase[0].length;
  perCase.forEach((row, i) => {
    if (row?.length !== c) {
      throw new SegInputError({
        fn: 'summarizeOverCases',
        arg: `perCase[${i}]`,
        expected: `${c} per-class values like perCase[0]`,
        got: String(row?.length),
      });
    }
  });
  return Array.from({ length: c }, (_, k) => summarize(perCase.map((row) => row[k])));
}

/** Per-class mean over cases, NaN skipped: `perCase[case][class]` → mean per class. */
export function meanOverCases(perCase: readonly (readonly number[])[]): number[] {
  return summarizeOverCases(perCase).map((s) => s.mean);
}

function pooled(cms: ConfusionMatrix | readonly ConfusionMatrix[]): ConfusionMatrix {
  return Array.isArray(cms) ? sumConfusion(cms) : (cms as ConfusionMatrix);
}

/** Dataset-level Dice per class: counts pooled over cases (a matrix or a list of per-case matrices). */
export function datasetDice(cms: ConfusionMatrix | readonly ConfusionMatrix[], options: FromConfusionOptions = {}): number[] {
  return diceFromConfusion(pooled(cms), options);
}

/** Dataset-level IoU per class: counts pooled over cases. */
export function datasetIou(cms: ConfusionMatrix | readonly ConfusionMatrix[], options: FromConfusionOptions = {}): number[] {
  return iouFromConfusion(pooled(cms), options);
}
