/**
 * Overall rankings of methods over several metrics, as in the MbLS paper (Murugesan et al., §5,
 * Fig. 2). Both take, per metric, every method's per-case values (cases aligned across methods and
 * metrics) and the metric's direction. Rank 1 = best; ties get the mean of the ranks they span.
 *
 * - **Sum-rank** (MRBrainS, Mendrik et al. 2015): for each metric m, mean over cases of each method's
 *   values (NaN skipped, as the tables report), r_{i,m} = rank of method i's mean among the methods;
 *   score S_i = Σ_m r_{i,m}; the final rank sorts S ascending (1 … M). MbLS uses the overall (not
 *   per-class) metric values, e.g. mean foreground Dice per case.
 * - **Mean-case-rank** (ISLES, Maier et al. 2017): for each case j and metric m, r_{i,m,j} = rank of
 *   method i among the methods on that case; case rank c_{i,j} = mean_m r_{i,m,j}; score
 *   s_i = mean_j c_{i,j}; the final rank sorts s ascending. NaN per case follows `nan`.
 */
import { assertOneOf, SegInputError } from '@seg/core';
import { assertMethodValues, assertNoNaN, type MethodValues, NAN_RANK_POLICIES, type NanRankPolicy, ranksOf } from './ranks.js';

/** One metric of a comparison: per-method, per-case values and which direction is better. */
export interface MetricScores {
  values: MethodValues;
  higherIsBetter: boolean;
}

/** Metric name → its scores; every metric lists the same methods on the same cases. */
export type MetricTable = Readonly<Record<string, MetricScores>>;

export interface RankingOptions {
  /** NaN values: `'error'` (default) or `'worst'` (ranked after every number). */
  nan?: NanRankPolicy;
}

export interface Ranking {
  /** Methods, best first (ties in input order). */
  order: string[];
  /** Final rank per method (1 = best, ties averaged). */
  rank: Record<string, number>;
  /** Sum of per-metric ranks (sumRank) or mean over cases of the case rank (meanCaseRank); lower is better. */
  score: Record<string, number>;
  /** Per metric, per method: rank of the mean (sumRank) or mean over cases of the per-case rank (meanCaseRank). */
  perMetric: Record<string, Record<string, number>>;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function checkTable(metrics: unknown, options: RankingOptions, fn: string) {
  const table = metrics as MetricTable | null | undefined;
  const names = typeof table === 'object' && table !== null ? Object.keys(table) : [];
  if (names.length === 0) {
    throw new SegInputError({ fn, arg: 'metrics', expected: 'an object { metric: { values, higherIsBetter } }', got: String(table) });
  }
  const { nan = 'error' } = options ?? {};
  assertOneOf(nan, NAN_RANK_POLICIES, fn, 'nan');
  const first = assertMethodValues(table?.[names[0]]?.values, fn, `metrics.${names[0]}.values`);
  if (first.cases === 0) {
    throw new SegInputError({ fn, arg: `metrics.${names[0]}.values`, expected: 'at least one case', got: '0 cases' });
  }
  for (const name of names) {
    if (typeof table?.[name]?.higherIsBetter !== 'boolean') {
      throw new SegInputError({
        fn,
        arg: `metrics.${name}.higherIsBetter`,
        expected: 'true or false',
        got: String(table?.[name]?.higherIsBetter),
        hint: 'Say which direction is better: true for Dice, false for distances and calibration errors',
      });
    }
    const arg = `metrics.${name}.values`;
    const { methods, cases } = assertMethodValues(table?.[name]?.values, fn, arg);
    const same = methods.length === first.methods.length && first.methods.every((m) => methods.includes(m));
    if (!same || cases !== first.cases) {
      throw new SegInputError({
        fn,
        arg,
        expected: `methods ${first.methods.join(', ')} on ${plural(first.cases, 'case')} like metrics.${names[0]}`,
        got: `methods ${methods.join(', ')} on ${plural(cases, 'case')}`,
        hint: 'Evaluate every method on the same cases for every metric',
      });
    }
  }
  return { table: table as MetricTable, names, methods: first.methods, cases: first.cases, nan };
}

function finish(methods: string[], score: Record<string, number>, perMetric: Ranking['perMetric'], fn: string): Ranking {
  const ranks = ranksOf(
    methods.map((m) => score[m]),
    { higherIsBetter: false, nan: 'worst' },
    fn,
  );
  const rank = Object.fromEntries(methods.map((m, i) => [m, ranks[i]]));
  const order = methods.map((m, i) => ({ m, i })).sort((a, b) => rank[a.m] - rank[b.m] || a.i - b.i);
  return { order: order.map((o) => o.m), rank, score, perMetric };
}

function meanSkippingNaN(values: readonly number[]): number {
  let s = 0;
  let n = 0;
  for (const v of values) {
    if (Number.isNaN(v)) continue;
    s += v;
    n++;
  }
  return n === 0 ? Number.NaN : s / n;
}

/** Sum-rank (MbLS §5, MRBrainS): Σ over metrics of the rank of each method's mean value. */
export function sumRank(metrics: MetricTable, options: RankingOptions = {}): Ranking {
  const { table, names, methods, nan } = checkTable(metrics, options, 'sumRank');
  const score: Record<string, number> = Object.fromEntries(methods.map((m) => [m, 0]));
  const perMetric: Ranking['perMetric'] = {};
  for (const name of names) {
    const { values, higherIsBetter } = table[name];
    const means = methods.map((m) => meanSkippingNaN(Array.from(values[m])));
    const bad = means.findIndex((v) => Number.isNaN(v));
    if (bad >= 0 && nan === 'error') {
      throw new SegInputError({
        fn: 'sumRank',
        arg: `metrics.${name}.values.${methods[bad]}`,
        expected: 'at least one non-NaN case',
        got: 'only NaN',
        hint: "Pass nan: 'worst' to rank it last",
      });
    }
    const ranks = ranksOf(means, { higherIsBetter, nan: 'worst' }, 'sumRank');
    perMetric[name] = Object.fromEntries(methods.map((m, i) => [m, ranks[i]]));
    methods.forEach((m, i) => {
      score[m] += ranks[i];
    });
  }
  return finish(methods, score, perMetric, 'sumRank');
}

/** Mean-case-rank (MbLS §5, ISLES): mean over cases of each method's mean rank over the metrics. */
export function meanCaseRank(metrics: MetricTable, options: RankingOptions = {}): Ranking {
  const { table, names, methods, cases, nan } = checkTable(metrics, options, 'meanCaseRank');
  const caseRank = methods.map(() => new Float64Array(cases)); // Σ_m r_{i,m,j}
  const perMetric: Ranking['perMetric'] = {};
  for (const name of names) {
    const { values, higherIsBetter } = table[name];
    if (nan === 'error') assertNoNaN(values, methods, 'meanCaseRank', `metrics.${name}.values`);
    const sums = new Float64Array(methods.length);
    for (let j = 0; j < cases; j++) {
      const ranks = ranksOf(
        methods.map((m) => values[m][j]),
        { higherIsBetter, nan },
        'meanCaseRank',
      );
      ranks.forEach((r, i) => {
        caseRank[i][j] += r;
        sums[i] += r;
      });
    }
    perMetric[name] = Object.fromEntries(methods.map((m, i) => [m, sums[i] / cases]));
  }
  const score = Object.fromEntries(methods.map((m, i) => [m, caseRank[i].reduce((a, r) => a + r / names.length, 0) / cases]));
  return finish(methods, score, perMetric, 'meanCaseRank');
}
