/**
 * Reductions of the two directed distance sets A→B and B→A to one number, with every convention named.
 * Internal; the public functions (hausdorff.ts, assd.ts, bf-score.ts, surface-dice.ts) document them.
 */
import { quantile } from '@seg/core';
import type { SurfaceDistances } from './surface-distances.js';

/** HD-percentile over the union of both sets (`'pooled'`, medpy `hd95`) or the max of the two directed percentiles (`'maxOfDirected'`, MONAI). */
export type Hd95Variant = 'pooled' | 'maxOfDirected';
export const HD95_VARIANTS: readonly Hd95Variant[] = ['pooled', 'maxOfDirected'];

/** ASSD as the mean of the two directed means (`'meanOfDirected'`, medpy `assd`, Chamfer) or the mean of the union (`'pooled'`, MONAI). */
export type AssdVariant = 'pooled' | 'meanOfDirected';
export const ASSD_VARIANTS: readonly AssdVariant[] = ['pooled', 'meanOfDirected'];

/** A boundary pixel is matched when its distance is `'<='` τ (default) or strictly `'<'` τ. */
export type MatchComparison = '<=' | '<';
export const MATCH_COMPARISONS: readonly MatchComparison[] = ['<=', '<'];

/** Relative slack on τ absorbing the rounding of (Δ·spacing)² sums, so a pixel exactly τ away is exactly τ away. */
const SLACK = 1e-12;

/** Percentile `p` ∈ [0, 100] with numpy's default 'linear' interpolation (position p/100·(n − 1) in the sorted values). */
export function percentileOf(values: Float64Array, p: number): number {
  if (values.length === 0) return Number.NaN;
  if (p === 100) {
    let m = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < values.length; i++) if (values[i] > m) m = values[i];
    return m;
  }
  return quantile(values, p / 100);
}

export function meanOf(values: Float64Array): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return values.length === 0 ? Number.NaN : s / values.length;
}

function pooled(d: SurfaceDistances): Float64Array {
  const all = new Float64Array(d.predToTruth.length + d.truthToPred.length);
  all.set(d.predToTruth);
  all.set(d.truthToPred, d.predToTruth.length);
  return all;
}

/** Symmetric Hausdorff distance at percentile `p` (100 = the maximum, where both variants agree). */
export function hausdorffOf(d: SurfaceDistances, p: number, variant: Hd95Variant): number {
  if (variant === 'pooled') return percentileOf(pooled(d), p);
  return Math.max(percentileOf(d.predToTruth, p), percentileOf(d.truthToPred, p));
}

/** Average symmetric surface distance. */
export function assdOf(d: SurfaceDistances, variant: AssdVariant): number {
  if (variant === 'meanOfDirected') return (meanOf(d.predToTruth) + meanOf(d.truthToPred)) / 2;
  return meanOf(pooled(d));
}

/** How many values are within τ. */
export function countWithin(values: Float64Array, tolerance: number, comparison: MatchComparison): number {
  let n = 0;
  if (comparison === '<=') {
    const limit = tolerance * (1 + SLACK);
    for (let i = 0; i < values.length; i++) if (values[i] <= limit) n++;
  } else {
    const limit = tolerance * (1 - SLACK);
    for (let i = 0; i < values.length; i++) if (values[i] < limit) n++;
  }
  return n;
}

/** BF-score: F1 of boundary precision P (pred→truth within τ) and recall R (truth→pred within τ); 0 when P + R = 0. */
export function bfScoreOf(d: SurfaceDistances, tolerance: number, comparison: MatchComparison): number {
  const p = countWithin(d.predToTruth, tolerance, comparison) / d.predToTruth.length;
  const r = countWithin(d.truthToPred, tolerance, comparison) / d.truthToPred.length;
  return p + r === 0 ? 0 : (2 * p * r) / (p + r);
}

/** Normalized surface Dice: boundary pixels of both sides within τ over all boundary pixels. */
export function surfaceDiceOf(d: SurfaceDistances, tolerance: number, comparison: MatchComparison): number {
  const hit = countWithin(d.predToTruth, tolerance, comparison) + countWithin(d.truthToPred, tolerance, comparison);
  return hit / (d.predToTruth.length + d.truthToPred.length);
}

/** The default tolerance: 2 pixels along the finest axis, 2·min(spacing) (exactly 2 px on isotropic grids). */
export function defaultTolerance(spacing: readonly number[]): number {
  return 2 * Math.min(...spacing);
}
