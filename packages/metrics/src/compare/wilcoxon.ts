/**
 * Wilcoxon signed-rank test for paired per-case values (Wilcoxon 1945), e.g. the Dice of two methods
 * on the same cases; the MbLS and AAG papers mark significant differences with it.
 *
 * d_i = x_i − y_i. Zero differences: `'wilcox'` (default) drops them before ranking (Wilcoxon; R
 * `wilcox.test`, scipy default); `'pratt'` ranks them with the others, then leaves their ranks out of
 * both sums (Pratt 1959). The non-zero |d_i| get average ranks on ties (exact equality).
 * W+ = Σ ranks of positive d_i, W− = Σ ranks of negative d_i.
 *
 * p-value under H0 (d symmetric about 0):
 * - `'exact'`: W+'s null distribution enumerated exactly (see signed-rank.ts). Two-sided
 *   p = min(1, 2·min(P(W+ ≤ w), P(W+ ≥ w))); `'greater'` (x tends to exceed y) P(W+ ≥ w);
 *   `'less'` P(W+ ≤ w). With ties or zeros it is the exact permutation distribution given the ranks.
 * - `'normal'`: z = (W+ − E − c)/σ with E = Σr/2 and σ² = Σr²/4 over the non-zero ranks, which equals
 *   n(n+1)(2n+1)/24 − Σ(t³ − t)/48 (tie correction) and Cureton's zero correction under Pratt; the
 *   continuity correction c (`correction`, default true as in R) is 0.5·sign(W+ − E) two-sided,
 *   +0.5 for 'greater', −0.5 for 'less'.
 * - `'auto'` (default): exact when n ≤ 50 with no ties and no zeros, else normal — scipy ≥ 1.9's rule
 *   (R uses n < 50). scipy's auto runs a permutation test for ≤ 13 pairs with ties or zeros; our
 *   `method: 'exact'` gives that same p-value.
 * All differences zero (n = 0): p = 1, method 'exact'.
 */
import { assertOneOf, SegInputError } from '@seg/core';
import { normalCdf, normalSf } from './normal.js';
import { signedRankMoments, signedRankTails } from './signed-rank.js';

export type WilcoxonAlternative = 'two-sided' | 'greater' | 'less';
export type WilcoxonZeroMethod = 'wilcox' | 'pratt';
export type WilcoxonMethod = 'auto' | 'exact' | 'normal';

export interface WilcoxonOptions {
  /** Default 'two-sided'; 'greater': x tends to be larger than y; 'less': smaller. */
  alternative?: WilcoxonAlternative;
  /** Zero differences: 'wilcox' (default, dropped) or 'pratt' (ranked, then left out of the sums). */
  zeroMethod?: WilcoxonZeroMethod;
  /** Default 'auto': exact for n ≤ 50 without ties or zeros, normal approximation otherwise. */
  method?: WilcoxonMethod;
  /** Continuity correction of the normal approximation. Default true (R); scipy's default is false. */
  correction?: boolean;
}

export interface WilcoxonResult {
  /** W+: the sum of the ranks of the positive differences (R's V; scipy reports min(W+, W−) two-sided). */
  statistic: number;
  /** W−: the sum of the ranks of the negative differences. */
  wMinus: number;
  pValue: number;
  /** Non-zero differences. */
  n: number;
  /** Zero differences (dropped under 'wilcox', ranked under 'pratt'). */
  zeros: number;
  /** Whether some non-zero |d| were tied. */
  ties: boolean;
  /** How the p-value was computed. */
  method: 'exact' | 'normal';
  /** The (continuity-corrected) z of the normal approximation; NaN for 'exact'. */
  z: number;
}

/** Average ranks (1-based) of non-negative values; also reports whether any tie occurred. */
function averageRanksOf(values: readonly number[]): { ranks: number[]; ties: boolean } {
  const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
  const ranks = new Array<number>(values.length);
  let ties = false;
  for (let start = 0; start < order.length; ) {
    let end = start + 1;
    while (end < order.length && values[order[end]] === values[order[start]]) end++;
    if (end - start > 1) ties = true;
    for (let j = start; j < end; j++) ranks[order[j]] = (start + 1 + end) / 2;
    start = end;
  }
  return { ranks, ties };
}

function paired(x: unknown, y: unknown): number[] {
  const isArr = (v: unknown): v is ArrayLike<number> => Array.isArray(v) || ArrayBuffer.isView(v);
  if (!isArr(x)) throw new SegInputError({ fn: 'wilcoxon', arg: 'x', expected: 'an array of per-case values', got: typeof x });
  if (!isArr(y)) throw new SegInputError({ fn: 'wilcoxon', arg: 'y', expected: 'an array of per-case values', got: typeof y });
  if (y.length !== x.length) {
    throw new SegInputError({
      fn: 'wilcoxon',
      arg: 'y',
      expected: `${x.length} paired values like 'x'`,
      got: `${y.length}`,
      hint: 'Both methods must be evaluated on the same cases, in the same order',
    });
  }
  return Array.from(x, (xi, i) => {
    const d = xi - y[i];
    if (!Number.isFinite(d)) {
      const arg = Number.isFinite(xi) ? 'y' : 'x';
      throw new SegInputError({
        fn: 'wilcoxon',
        arg,
        expected: 'finite numbers',
        got: `${arg === 'x' ? xi : y[i]} at case ${i}`,
        hint: "Drop the pair, or compute the metric with empty: 'zero-one'",
      });
    }
    return d;
  });
}

/** Wilcoxon signed-rank test of x − y (paired by index). See the module comment for every convention. */
export function wilcoxon(x: ArrayLike<number>, y: ArrayLike<number>, options: WilcoxonOptions = {}): WilcoxonResult {
  const { alternative = 'two-sided', zeroMethod = 'wilcox', method = 'auto', correction = true } = options ?? {};
  assertOneOf(alternative, ['two-sided', 'greater', 'less'], 'wilcoxon', 'alternative');
  assertOneOf(zeroMethod, ['wilcox', 'pratt'], 'wilcoxon', 'zeroMethod');
  assertOneOf(method, ['auto', 'exact', 'normal'], 'wilcoxon', 'method');
  if (typeof correction !== 'boolean')
    throw new SegInputError({ fn: 'wilcoxon', arg: 'correction', expected: 'a boolean', got: typeof correction });
  const all = paired(x, y);
  const zeros = all.filter((d) => d === 0).length;
  const ranked = zeroMethod === 'wilcox' ? all.filter((d) => d !== 0) : all;
  const { ranks: allRanks } = averageRanksOf(ranked.map(Math.abs));
  const nonzero = ranked.map((d, i) => ({ d, r: allRanks[i] })).filter((e) => e.d !== 0);
  const ranks = nonzero.map((e) => e.r);
  const ties = averageRanksOf(nonzero.map((e) => Math.abs(e.d))).ties;
  const wPlus = nonzero.reduce((s, e) => s + (e.d > 0 ? e.r : 0), 0);
  const wMinus = nonzero.reduce((s, e) => s + (e.d < 0 ? e.r : 0), 0);
  const n = nonzero.length;
  const base = { statistic: wPlus, wMinus, n, zeros, ties };
  const exact = n === 0 || method === 'exact' || (method === 'auto' && n <= 50 && !ties && zeros === 0);
  if (exact) {
    const { lower, upper } = signedRankTails(ranks, wPlus);
    const pValue = alternative === 'greater' ? upper : alternative === 'less' ? lower : Math.min(1, 2 * Math.min(lower, upper));
    return { ...base, pValue, method: 'exact', z: Number.NaN };
  }
  const { mean, variance } = signedRankMoments(ranks);
  const shift = wPlus - mean;
  const c = !correction ? 0 : alternative === 'greater' ? 0.5 : alternative === 'less' ? -0.5 : 0.5 * Math.sign(shift);
  const z = (shift - c) / Math.sqrt(variance);
  const pValue = alternative === 'greater' ? normalSf(z) : alternative === 'less' ? normalCdf(z) : Math.min(1, 2 * normalSf(Math.abs(z)));
  return { ...base, pValue, method: 'normal', z };
}
