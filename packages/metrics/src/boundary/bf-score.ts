/**
 * BF-score (boundary F1; Csurka, Larlus & Perronnin, "What is a good evaluation measure for semantic
 * segmentation?", BMVC 2013), as the gambling paper (Bakhtiariziabari & Ghafoorian, eqs. 9–10) reports it:
 *
 *   P  = |{p ∈ ∂P : d(p, ∂G) ≤ τ}| / |∂P|      (boundary precision)
 *   R  = |{g ∈ ∂G : d(g, ∂P) ≤ τ}| / |∂G|      (boundary recall)
 *   BF = 2PR / (P + R)                         (0 when P + R = 0)
 *
 * Matched when the distance is `'<='` τ (default, seg's convention) or strictly `'<'` τ
 * (the gambling paper's eq. 9 writes [min d < τ]). τ is in physical units; default 2 pixels along the
 * finest axis, 2·min(spacing) (Csurka et al. use 0.75 % of the image diagonal: pass it as `tolerance`).
 * Empty masks: one side empty → 0, both empty → NaN (`'nan'`) or 1 (`'zero-one'`, `'diagonal'`).
 */
import { assertOneOf, assertPositive } from '@seg/core';
import type { LabelLike } from '../grid.js';
import { type BoundaryMetricOptions, evaluatePair, type MetricSpec } from './pair.js';
import { bfScoreOf, defaultTolerance, MATCH_COMPARISONS, type MatchComparison } from './reduce.js';

export interface ToleranceOptions extends BoundaryMetricOptions {
  /** τ ≥ 0 in physical units. Default 2·min(spacing) (2 px). */
  tolerance?: number;
  /** A boundary pixel is matched when its distance is `'<='` τ (default) or `'<'` τ. */
  comparison?: MatchComparison;
}

/** Validates `tolerance` and `comparison` of `fn`. Internal. */
export function toleranceOf(options: ToleranceOptions, fn: string): { tolerance: number | undefined; comparison: MatchComparison } {
  const { tolerance, comparison = '<=' } = options ?? {};
  if (tolerance !== undefined) assertPositive(tolerance, fn, 'tolerance', true);
  assertOneOf(comparison, MATCH_COMPARISONS, fn, 'comparison');
  return { tolerance, comparison };
}

/** The BF-score metric spec. Internal. */
export function bfScoreSpec(options: ToleranceOptions, fn: string): MetricSpec {
  const { tolerance, comparison } = toleranceOf(options, fn);
  return { kind: 'score', reduce: (d, spacing) => bfScoreOf(d, tolerance ?? defaultTolerance(spacing), comparison) };
}

/** BF-score (boundary F1 at tolerance τ) of two binary masks, in [0, 1]. */
export function bfScore(pred: LabelLike, truth: LabelLike, options: ToleranceOptions = {}): number {
  return evaluatePair(pred, truth, options, 'bfScore', bfScoreSpec(options, 'bfScore'));
}
