/**
 * Ranking methods per case: rank 1 is the best method, tied values share the mean of the ranks they
 * span ("average" / fractional ranking, as scipy's `rankdata` and the challenge rankings the MbLS
 * paper follows). Ties are exact equality of the numbers.
 */
import { assertOneOf, SegInputError } from '@seg/core';

/** What a NaN value (e.g. an empty case under `empty: 'nan'`) does in a ranking. */
export type NanRankPolicy = 'error' | 'worst';

export const NAN_RANK_POLICIES: readonly NanRankPolicy[] = ['error', 'worst'];

export interface RankOptions {
  /** true for Dice/IoU (larger is better), false for HD95/ECE/NLL (smaller is better). Required. */
  higherIsBetter: boolean;
  /** `'error'` (default) refuses NaN; `'worst'` ranks NaN after every number (NaNs tie with each other). */
  nan?: NanRankPolicy;
}

/** Internal: checks the rank options; returns them with defaults. */
export function rankSettings(options: RankOptions, fn: string): Required<RankOptions> {
  const { higherIsBetter, nan = 'error' } = (options ?? {}) as RankOptions;
  if (typeof higherIsBetter !== 'boolean') {
    throw new SegInputError({
      fn,
      arg: 'higherIsBetter',
      expected: 'true or false',
      got: String(higherIsBetter),
      hint: 'Say which direction is better: true for Dice, false for distances and calibration errors',
    });
  }
  assertOneOf(nan, NAN_RANK_POLICIES, fn, 'nan');
  return { higherIsBetter, nan };
}

/**
 * Ranks of `values` (index-aligned), 1 = best, ties averaged: [0.9, 0.7, 0.9] with higherIsBetter
 * gives [1.5, 3, 1.5].
 */
export function rankValues(values: ArrayLike<number>, options: RankOptions): number[] {
  return ranksOf(values, options, 'rankValues');
}

/** Internal: {@link rankValues} with the public function's name for errors. */
export function ranksOf(input: ArrayLike<number>, options: RankOptions, fn: string): number[] {
  const { higherIsBetter, nan } = rankSettings(options, fn);
  const values = Array.from(input ?? []);
  const bad = values.findIndex((v) => typeof v !== 'number' || Number.isNaN(v));
  if (bad >= 0 && (nan === 'error' || typeof values[bad] !== 'number')) {
    throw new SegInputError({
      fn,
      arg: 'values',
      expected: 'numbers (no NaN)',
      got: `${values[bad]} at index ${bad}`,
      hint: "Pass nan: 'worst' to rank NaN last, or compute the metric with empty: 'zero-one'",
    });
  }
  // badness: lower is better; NaN is worse than anything
  const badness = values.map((v) => (Number.isNaN(v) ? Number.POSITIVE_INFINITY : higherIsBetter ? -v : v));
  const missing = values.map((v) => Number.isNaN(v));
  const order = values.map((_, i) => i);
  order.sort((a, b) => (missing[a] !== missing[b] ? (missing[a] ? 1 : -1) : badness[a] - badness[b]));
  const ranks = new Array<number>(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start + 1;
    const same = (j: number) =>
      missing[order[start]] ? missing[order[j]] : !missing[order[j]] && badness[order[j]] === badness[order[start]];
    while (end < order.length && same(end)) end++;
    const shared = (start + 1 + end) / 2; // mean of ranks start+1 … end
    for (let j = start; j < end; j++) ranks[order[j]] = shared;
    start = end;
  }
  return ranks;
}

/** Per-method, per-case values: every method must have one value per case, cases in the same order. */
export type MethodValues = Readonly<Record<string, readonly number[]>>;

/** Internal: checks a method → values table; returns the method names and the case count. */
export function assertMethodValues(values: unknown, fn: string, arg = 'values'): { methods: string[]; cases: number } {
  const v = values as MethodValues | null | undefined;
  const methods = typeof v === 'object' && v !== null ? Object.keys(v) : [];
  if (methods.length === 0) {
    throw new SegInputError({ fn, arg, expected: 'an object { method: per-case values }', got: v === null ? 'null' : typeof v });
  }
  const first = methods[0];
  const cases = (v as MethodValues)[first]?.length;
  for (const m of methods) {
    const row = (v as MethodValues)[m];
    if (!Array.isArray(row) && !ArrayBuffer.isView(row)) {
      throw new SegInputError({ fn, arg: `${arg}.${m}`, expected: 'an array of per-case values', got: typeof row });
    }
    if (row.length !== cases) {
      throw new SegInputError({
        fn,
        arg: `${arg}.${m}`,
        expected: `${cases} per-case values like '${arg}.${first}'`,
        got: `${row.length}`,
        hint: 'Every method must be evaluated on the same cases, in the same order',
      });
    }
  }
  return { methods, cases };
}

/** Internal: no NaN anywhere in the table; names the method and the case. */
export function assertNoNaN(values: MethodValues, methods: readonly string[], fn: string, arg = 'values'): void {
  for (const m of methods) {
    const j = Array.prototype.findIndex.call(values[m], (v: unknown) => typeof v !== 'number' || Number.isNaN(v));
    if (j >= 0) {
      throw new SegInputError({
        fn,
        arg: `${arg}.${m}`,
        expected: 'numbers (no NaN)',
        got: `${values[m][j]} at case ${j}`,
        hint: "Pass nan: 'worst' to rank NaN last, or compute the metric with empty: 'zero-one'",
      });
    }
  }
}

/**
 * Per-case ranks of every method on one metric: `{ A: [0.9, 0.8], B: [0.7, 0.8] }` (Dice, higher is
 * better) → `{ A: [1, 1.5], B: [2, 1.5] }`.
 */
export function rankMethods(values: MethodValues, options: RankOptions): Record<string, number[]> {
  const { methods, cases } = assertMethodValues(values, 'rankMethods');
  const settings = rankSettings(options, 'rankMethods');
  const out: Record<string, number[]> = Object.fromEntries(methods.map((m) => [m, new Array<number>(cases)]));
  if (settings.nan === 'error') assertNoNaN(values, methods, 'rankMethods');
  for (let j = 0; j < cases; j++) {
    const ranks = ranksOf(
      methods.map((m) => values[m][j]),
      settings,
      'rankMethods',
    );
    methods.forEach((m, i) => {
      out[m][j] = ranks[i];
    });
  }
  return out;
}
