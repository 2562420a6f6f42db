/**
 * The null distribution of the Wilcoxon signed-rank statistic W+ = Σ r_i·B_i, B_i independent fair
 * coins (each difference equally likely positive or negative under H0), for the given ranks of the
 * non-zero differences. Ranks are integers or halves (average ranks of ties), so 2·W+ is an integer
 * and the distribution is enumerated exactly by dynamic programming over its support in
 * O(n · Σ 2r_i) = O(n³). With ranks 1…n this is the classical exact distribution (Wilcoxon 1945;
 * R's psignrank, scipy's exact method); with ties or Pratt-shifted ranks it is the exact conditional
 * (permutation) distribution given those ranks. Internal.
 */

/** Tail probabilities of W+ at `w`: P(W+ ≤ w) and P(W+ ≥ w). */
export interface SignedRankTails {
  lower: number;
  upper: number;
}

/** Exact P(W+ ≤ w) and P(W+ ≥ w) for W+ = Σ ranks[i]·B_i. */
export function signedRankTails(ranks: readonly number[], w: number): SignedRankTails {
  const weights = ranks.map((r) => Math.round(2 * r));
  const total = weights.reduce((a, b) => a + b, 0);
  const pmf = new Float64Array(total + 1); // pmf[s] = P(2·W+ = s)
  pmf[0] = 1;
  let reach = 0;
  for (const wt of weights) {
    reach += wt;
    for (let s = reach; s >= wt; s--) pmf[s] = 0.5 * (pmf[s] + pmf[s - wt]);
    for (let s = Math.min(wt - 1, reach); s >= 0; s--) pmf[s] *= 0.5;
  }
  const at = Math.round(2 * w);
  let lower = 0;
  let upper = 0;
  for (let s = 0; s <= total; s++) {
    if (s <= at) lower += pmf[s];
    if (s >= at) upper += pmf[s];
  }
  return { lower: Math.min(1, lower), upper: Math.min(1, upper) };
}

/** Mean and variance of W+ under H0: Σ r_i / 2 and Σ r_i² / 4 (tie- and zero-corrected by construction). */
export function signedRankMoments(ranks: readonly number[]): { mean: number; variance: number } {
  let s = 0;
  let s2 = 0;
  for (const r of ranks) {
    s += r;
    s2 += r * r;
  }
  return { mean: s / 2, variance: s2 / 4 };
}
