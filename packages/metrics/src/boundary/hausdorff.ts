/**
 * Hausdorff distance between the boundaries ∂P, ∂G of two binary masks (2D or 3D, physical units):
 *
 *   HD(P, G)   = max( max_{p∈∂P} d(p, ∂G), max_{g∈∂G} d(g, ∂P) ),   d(x, S) = min_{s∈S} ‖(x − s)·spacing‖₂
 *   HDk pooled = k-th percentile of the union {d(p, ∂G)} ∪ {d(g, ∂P)}              — medpy `hd95`
 *   HDk maxOfDirected = max( k-th pct of {d(p, ∂G)}, k-th pct of {d(g, ∂P)} )        — MONAI `compute_hausdorff_distance(percentile=k)`
 *
 * Percentiles interpolate linearly between order statistics (numpy's default, used by both libraries).
 * Boundaries: mask AND NOT erosion (see boundary.ts); distances from an exact EDT (edt.ts).
 * Empty masks follow `empty` (empty-policy.ts). The gambling paper (Bakhtiariziabari & Ghafoorian) reports HD.
 */
import { assertInRange, assertOneOf } from '@seg/core';
import type { LabelLike } from '../grid.js';
import { type BoundaryMetricOptions, evaluatePair, type MetricSpec } from './pair.js';
import { HD95_VARIANTS, type Hd95Variant, hausdorffOf, percentileOf } from './reduce.js';

export interface HausdorffOptions extends BoundaryMetricOptions {
  /** Percentile in [0, 100]; 100 (default) is the maximum, the classic Hausdorff distance. */
  percentile?: number;
  /** How a percentile < 100 combines the two directions: `'pooled'` (default, medpy) or `'maxOfDirected'` (MONAI). */
  hd95?: Hd95Variant;
}

/** The Hausdorff metric spec after validating its own options. Internal (used by the per-class path). */
export function hausdorffSpec(options: HausdorffOptions, fn: string, fixedPercentile?: number): MetricSpec {
  const { percentile = fixedPercentile ?? 100, hd95 = 'pooled' } = options ?? {};
  assertInRange(percentile, 0, 100, fn, 'percentile');
  assertOneOf(hd95, HD95_VARIANTS, fn, 'hd95');
  return { kind: 'distance', reduce: (d) => hausdorffOf(d, percentile, hd95) };
}

/** Symmetric Hausdorff distance (or its percentile, see `percentile` and `hd95`) between two binary masks. */
export function hausdorff(pred: LabelLike, truth: LabelLike, options: HausdorffOptions = {}): number {
  return evaluatePair(pred, truth, options, 'hausdorff', hausdorffSpec(options, 'hausdorff'));
}

/** HD95: the 95th-percentile Hausdorff distance, `'pooled'` (medpy, default) or `'maxOfDirected'` (MONAI). */
export function hd95(pred: LabelLike, truth: LabelLike, options: Omit<HausdorffOptions, 'percentile'> = {}): number {
  return evaluatePair(pred, truth, options, 'hd95', hausdorffSpec({ ...options, percentile: 95 }, 'hd95'));
}

export interface DirectedHausdorffOptions extends BoundaryMetricOptions {
  /** Percentile in [0, 100]; default 100 (the maximum). */
  percentile?: number;
}

/** Directed Hausdorff distance h(P → G) = percentile of { d(p, ∂G) : p ∈ ∂P } (MONAI `directed=True`). Not symmetric. */
export function directedHausdorff(pred: LabelLike, truth: LabelLike, options: DirectedHausdorffOptions = {}): number {
  const { percentile = 100 } = options;
  assertInRange(percentile, 0, 100, 'directedHausdorff', 'percentile');
  return evaluatePair(pred, truth, options, 'directedHausdorff', {
    kind: 'distance',
    reduce: (d) => percentileOf(d.predToTruth, percentile),
  });
}
