/**
 * Average surface distances between the boundaries ∂P, ∂G of two binary masks (physical units):
 *
 *   ASD(P → G)           = mean_{p∈∂P} d(p, ∂G)                  directed — medpy `asd(pred, truth)`, MONAI `symmetric=False`
 *   ASSD meanOfDirected  = ( ASD(P → G) + ASD(G → P) ) / 2          — medpy `assd`; = the Chamfer distance of the
 *                          gambling paper (Bakhtiariziabari & Ghafoorian, eq. 8: ½(1/|X| Σ min d + 1/|Y| Σ min d))
 *   ASSD pooled          = ( Σ_{p∈∂P} d(p, ∂G) + Σ_{g∈∂G} d(g, ∂P) ) / (|∂P| + |∂G|)
 *                          — MONAI `SurfaceDistanceMetric(symmetric=True)` (mean of the concatenated distances)
 *
 * The two ASSDs differ when the boundaries have different lengths: pooled weighs the longer boundary more.
 * Default `'meanOfDirected'` (the paper's Chamfer and medpy). Empty masks follow `empty` (empty-policy.ts).
 */
import { assertOneOf } from '@seg/core';
import type { LabelLike } from '../grid.js';
import { type BoundaryMetricOptions, evaluatePair, type MetricSpec } from './pair.js';
import { ASSD_VARIANTS, type AssdVariant, assdOf, meanOf } from './reduce.js';

export interface AssdOptions extends BoundaryMetricOptions {
  /** `'meanOfDirected'` (default: medpy `assd`, the gambling paper's Chamfer) or `'pooled'` (MONAI symmetric ASD). */
  assd?: AssdVariant;
}

/** The ASSD metric spec after validating its own options. Internal. */
export function assdSpec(options: AssdOptions, fn: string): MetricSpec {
  const { assd: variant = 'meanOfDirected' } = options ?? {};
  assertOneOf(variant, ASSD_VARIANTS, fn, 'assd');
  return { kind: 'distance', reduce: (d) => assdOf(d, variant) };
}

/** The directed ASD spec (pred → truth). Internal. */
export const averageSurfaceDistanceSpec: MetricSpec = { kind: 'distance', reduce: (d) => meanOf(d.predToTruth) };

/** Average symmetric surface distance (ASSD) between two binary masks; see `assd` for the two conventions. */
export function assd(pred: LabelLike, truth: LabelLike, options: AssdOptions = {}): number {
  return evaluatePair(pred, truth, options, 'assd', assdSpec(options, 'assd'));
}

/** Directed average surface distance ASD(pred → truth): mean distance of pred's boundary pixels to truth's boundary. */
export function averageSurfaceDistance(pred: LabelLike, truth: LabelLike, options: BoundaryMetricOptions = {}): number {
  return evaluatePair(pred, truth, options, 'averageSurfaceDistance', averageSurfaceDistanceSpec);
}

/** The gambling paper's Chamfer distance: ASSD `'meanOfDirected'`, ½(ASD(P → G) + ASD(G → P)). */
export function chamfer(pred: LabelLike, truth: LabelLike, options: BoundaryMetricOptions = {}): number {
  return evaluatePair(pred, truth, options, 'chamfer', assdSpec({ assd: 'meanOfDirected' }, 'chamfer'));
}
