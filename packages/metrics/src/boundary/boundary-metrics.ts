/**
 * Every boundary metric of one pair of masks from a single pair of distance transforms: Hausdorff, HD95,
 * directed ASD, ASSD, BF-score and normalized surface Dice, with the conventions of their own functions
 * (hausdorff.ts, assd.ts, bf-score.ts, surface-dice.ts) and which side was empty — what `seg eval` needs
 * per case and class, at the cost of one metric.
 */
import type { LabelLike } from '../grid.js';
import { assdSpec } from './assd.js';
import type { ToleranceOptions } from './bf-score.js';
import { bfScoreSpec } from './bf-score.js';
import { hausdorffSpec } from './hausdorff.js';
import { type MetricSpec, type PreparedPair, pairDistances, preparePair, specialValue } from './pair.js';
import { type AssdVariant, type Hd95Variant, meanOf } from './reduce.js';
import { surfaceDiceSpec } from './surface-dice.js';

export interface BoundaryMetricsOptions extends ToleranceOptions {
  /** HD95 convention: `'pooled'` (default, medpy) or `'maxOfDirected'` (MONAI). */
  hd95?: Hd95Variant;
  /** ASSD convention: `'meanOfDirected'` (default, medpy, Chamfer) or `'pooled'` (MONAI). */
  assd?: AssdVariant;
}

/** Which mask had no foreground; `'not-computed'` marks a skipped class (background by default). */
export type EmptySide = 'none' | 'pred' | 'truth' | 'both' | 'not-computed';

export interface BoundaryMetrics {
  /** Hausdorff distance (maximum). */
  hausdorff: number;
  /** 95th-percentile Hausdorff distance. */
  hd95: number;
  /** Directed average surface distance, pred → truth. */
  asd: number;
  /** Average symmetric surface distance (= Chamfer under `'meanOfDirected'`). */
  assd: number;
  /** BF-score at τ. */
  bfScore: number;
  /** Normalized surface Dice at τ. */
  surfaceDice: number;
  /** Which side was empty (the metrics then follow the `empty` policy). */
  emptySide: EmptySide;
}

/** The specs of every field, validated once. Internal. */
export function boundaryMetricSpecs(
  options: BoundaryMetricsOptions,
  fn: string,
): Record<Exclude<keyof BoundaryMetrics, 'emptySide'>, MetricSpec> {
  return {
    hausdorff: hausdorffSpec({ hd95: options?.hd95 }, fn, 100),
    hd95: hausdorffSpec({ hd95: options?.hd95 }, fn, 95),
    asd: { kind: 'distance', reduce: (d) => meanOf(d.predToTruth) },
    assd: assdSpec(options, fn),
    bfScore: bfScoreSpec(options, fn),
    surfaceDice: surfaceDiceSpec(options, fn),
  };
}

function sideOf(pair: PreparedPair): EmptySide {
  if (pair.predEmpty) return pair.truthEmpty ? 'both' : 'pred';
  return pair.truthEmpty ? 'truth' : 'none';
}

/** All metrics of a prepared pair: one distance computation. Internal. */
export function metricsOfPair(pair: PreparedPair, specs: ReturnType<typeof boundaryMetricSpecs>): BoundaryMetrics {
  const emptySide = sideOf(pair);
  const d = emptySide === 'none' ? pairDistances(pair) : undefined;
  const value = (spec: MetricSpec) => (d === undefined ? (specialValue(pair, spec.kind) as number) : spec.reduce(d, pair.spacing));
  return {
    hausdorff: value(specs.hausdorff),
    hd95: value(specs.hd95),
    asd: value(specs.asd),
    assd: value(specs.assd),
    bfScore: value(specs.bfScore),
    surfaceDice: value(specs.surfaceDice),
    emptySide,
  };
}

/** Hausdorff, HD95, ASD, ASSD, BF-score and surface Dice of two binary masks, from one pair of EDTs. */
export function boundaryMetrics(pred: LabelLike, truth: LabelLike, options: BoundaryMetricsOptions = {}): BoundaryMetrics {
  const specs = boundaryMetricSpecs(options, 'boundaryMetrics');
  return metricsOfPair(preparePair(pred, truth, options, 'boundaryMetrics'), specs);
}
