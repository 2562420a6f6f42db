/**
 * `seg compare` as a library call: reads the eval.json of several runs evaluated on the same cases, ranks the methods
 * per metric, by sum-rank and by mean-case-rank (as in the MbLS paper), and tests each method against the best one with
 * the Wilcoxon signed-rank test on per-case values.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { mean, SegInputError } from '@seg/core';
import { type MetricTable, meanCaseRank, type Ranking, sumRank, type WilcoxonResult, wilcoxon } from '@seg/metrics';

/** Per-case metrics that can be compared, with their direction. Boundary values are the case's foreground-class mean. */
export const COMPARE_METRICS = {
  dice: { higherIsBetter: true },
  iou: { higherIsBetter: true },
  hd95: { higherIsBetter: false },
  assd: { higherIsBetter: false },
  bfScore: { higherIsBetter: true },
  surfaceDice: { higherIsBetter: true },
} as const;
export type CompareMetric = keyof typeof COMPARE_METRICS;

interface StoredCase {
  id: string;
  dice: (number | null)[];
  iou: (number | null)[];
  boundary?: Record<string, number | null>[];
}

export interface CompareResult {
  methods: string[];
  cases: number;
  metrics: CompareMetric[];
  means: Record<CompareMetric, Record<string, number>>;
  sumRank: Ranking;
  meanCaseRank: Ranking;
  /** Per metric: each method against the best by mean (two-sided Wilcoxon signed-rank on per-case values). */
  wilcoxon: Record<CompareMetric, Record<string, WilcoxonResult & { against: string }>>;
}

const fg = (values: (number | null)[]) => {
  const kept = values.slice(1).filter((v): v is number => typeof v === 'number' && !Number.isNaN(v));
  return kept.length === 0 ? Number.NaN : mean(kept);
};

function caseValue(c: StoredCase, metric: CompareMetric): number {
  if (metric === 'dice' || metric === 'iou') return fg(c[metric]);
  return fg((c.boundary ?? []).map((b) => b?.[metric] ?? null));
}

function readEval(run: string): { name: string; cases: StoredCase[] } {
  const path = join(resolve(run), 'eval.json');
  if (!existsSync(path))
    throw new SegInputError({
      fn: 'seg compare',
      arg: '--run',
      detail: `${resolve(run)} has no eval.json`,
      hint: 'Run seg eval on it first',
    });
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as { cases?: StoredCase[] };
  if (!Array.isArray(parsed.cases))
    throw new SegInputError({ fn: 'seg compare', arg: '--run', detail: `${path} holds no per-case results` });
  return { name: basename(resolve(run)), cases: parsed.cases };
}

function caseMismatch(name: string, other: string[], firstName: string, ids: string[]): string {
  if (other.length !== ids.length) return `${name} was evaluated on ${other.length} cases, ${firstName} on ${ids.length}`;
  const i = other.findIndex((id, k) => id !== ids[k]);
  return `${name} was evaluated on other cases than ${firstName} (case ${i + 1}: '${other[i]}' vs '${ids[i]}')`;
}

export function compareRuns(runs: readonly string[], options: { metrics?: readonly CompareMetric[] } = {}): CompareResult {
  if (runs.length < 2) throw new SegInputError({ fn: 'seg compare', arg: '--run', expected: 'at least 2 runs', got: String(runs.length) });
  const evals = runs.map(readEval);
  const ids = evals[0].cases.map((c) => c.id);
  for (const e of evals.slice(1)) {
    const other = e.cases.map((c) => c.id);
    if (other.length !== ids.length || other.some((id, i) => id !== ids[i])) {
      throw new SegInputError({
        fn: 'seg compare',
        arg: '--run',
        detail: caseMismatch(e.name, other, evals[0].name, ids),
        hint: 'Evaluate every run on the same data (the same --data, or the same split and seed)',
      });
    }
  }
  const hasBoundary = evals.every((e) => e.cases.every((c) => c.boundary));
  const metrics = (options.metrics ?? (Object.keys(COMPARE_METRICS) as CompareMetric[])).filter(
    (m) => hasBoundary || m === 'dice' || m === 'iou',
  );
  const methods = evals.map((e) => e.name);
  const table: Record<string, { values: Record<string, number[]>; higherIsBetter: boolean }> = {};
  for (const m of metrics) {
    table[m] = {
      higherIsBetter: COMPARE_METRICS[m].higherIsBetter,
      values: Object.fromEntries(evals.map((e) => [e.name, e.cases.map((c) => caseValue(c, m))])),
    };
  }
  const means = {} as CompareResult['means'];
  const tests = {} as CompareResult['wilcoxon'];
  for (const m of metrics) {
    const { values, higherIsBetter } = table[m];
    means[m] = Object.fromEntries(methods.map((k) => [k, mean(values[k].filter((v) => !Number.isNaN(v)))]));
    const best = [...methods].sort((a, b) => (higherIsBetter ? means[m][b] - means[m][a] : means[m][a] - means[m][b]))[0];
    tests[m] = {};
    for (const k of methods) {
      if (k === best) continue;
      const pairs = values[k].map((v, i) => [v, values[best][i]]).filter(([a, b]) => !Number.isNaN(a) && !Number.isNaN(b));
      tests[m][k] = {
        ...wilcoxon(
          pairs.map((p) => p[0]),
          pairs.map((p) => p[1]),
        ),
        against: best,
      };
    }
  }
  const t = table as unknown as MetricTable;
  return {
    methods,
    cases: ids.length,
    metrics,
    means,
    sumRank: sumRank(t, { nan: 'worst' }),
    meanCaseRank: meanCaseRank(t, { nan: 'worst' }),
    wilcoxon: tests,
  };
}
