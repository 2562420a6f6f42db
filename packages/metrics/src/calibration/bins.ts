/**
 * Equal-width confidence bins on [0, 1]: bin k is (k/B, (k+1)/B], closed on the right as in Guo et
 * al. 2017 and the MbLS code (`conf > lo && conf <= hi`); a confidence of exactly 0 goes into the
 * first bin (the MbLS code leaves it out of every bin while still counting it in N — it then adds
 * nothing). Edges are the doubles k/B, compared directly, so a value on an edge lands in the lower bin.
 */

/** One bar of a reliability diagram. */
export interface ReliabilityBin {
  /** Lower edge k/B (excluded, except 0 for the first bin). */
  lo: number;
  /** Upper edge (k+1)/B (included). */
  hi: number;
  /** Pixels whose confidence falls in (lo, hi]. */
  count: number;
  /** Mean confidence of those pixels (NaN when count is 0). */
  meanConfidence: number;
  /** Fraction of those pixels that are correct (NaN when count is 0). */
  accuracy: number;
}

/** The bin of a confidence in [0, 1]; `bins` ≥ 1. */
export function binIndex(conf: number, bins: number): number {
  let k = Math.ceil(conf * bins) - 1;
  if (k < 0) return 0;
  if (k > bins - 1) k = bins - 1;
  // conf·B may round across an edge: settle against the edges k/B themselves.
  while (k > 0 && conf <= k / bins) k--;
  while (k < bins - 1 && conf > (k + 1) / bins) k++;
  return k;
}

/**
 * Per-bin sums, 3 numbers per bin: count, sum of confidences, sum of correctness (0/1).
 * `stats[3k]`, `stats[3k + 1]`, `stats[3k + 2]`.
 */
export type BinSums = Float64Array;

/** Σ_k (n_k / N) · |acc_k − conf_k| over non-empty bins; NaN when N = 0. */
export function expectedError(sums: BinSums, offset: number, bins: number): number {
  let total = 0;
  let err = 0;
  for (let k = 0; k < bins; k++) {
    const n = sums[offset + 3 * k];
    if (n === 0) continue;
    total += n;
    err += Math.abs(sums[offset + 3 * k + 2] - sums[offset + 3 * k + 1]); // n·|acc − conf|
  }
  return total === 0 ? Number.NaN : err / total;
}

/** max_k |acc_k − conf_k| over non-empty bins; NaN when every bin is empty. */
export function maximumError(sums: BinSums, offset: number, bins: number): number {
  let worst = Number.NaN;
  for (let k = 0; k < bins; k++) {
    const n = sums[offset + 3 * k];
    if (n === 0) continue;
    const gap = Math.abs(sums[offset + 3 * k + 2] - sums[offset + 3 * k + 1]) / n;
    if (!(gap <= worst)) worst = gap;
  }
  return worst;
}

/** The bins as reliability-diagram bars. */
export function reliabilityBins(sums: BinSums, offset: number, bins: number): ReliabilityBin[] {
  return Array.from({ length: bins }, (_, k) => {
    const n = sums[offset + 3 * k];
    return {
      lo: k / bins,
      hi: (k + 1) / bins,
      count: n,
      meanConfidence: n === 0 ? Number.NaN : sums[offset + 3 * k + 1] / n,
      accuracy: n === 0 ? Number.NaN : sums[offset + 3 * k + 2] / n,
    };
  });
}
