/**
 * Boundary metrics per class of two label maps (2D H×W or 3D D×H×W, class indices): class k compares the
 * masks pred = k and truth = k with the same conventions as the binary functions. Index = class; class 0
 * (background) is computed only with `includeBackground: true`, else NaN (`emptySide: 'not-computed'`).
 * Labels are checked like `dice` (integers in [0, numClasses), truth may hold `ignoreIndex`); pixels whose
 * truth is `ignoreIndex` are removed from both masks (background in pred and truth), as overlap metrics skip them.
 */
import { DEFAULT_IGNORE_INDEX } from '@seg/core';
import { countConfusion } from '../confusion.js';
import type { LabelLike } from '../grid.js';
import { type AssdOptions, assdSpec, averageSurfaceDistanceSpec } from './assd.js';
import { bfScoreSpec, type ToleranceOptions } from './bf-score.js';
import { type BoundaryMetrics, type BoundaryMetricsOptions, boundaryMetricSpecs, metricsOfPair } from './boundary-metrics.js';
import { assertDistanceEmptyPolicy } from './empty-policy.js';
import { type HausdorffOptions, hausdorffSpec } from './hausdorff.js';
import { type BoundaryMetricOptions, evaluatePrepared, fromBytes, type MetricSpec, type PreparedPair } from './pair.js';
import { surfaceDiceSpec } from './surface-dice.js';
import { assertCommonOptions, assertMask, resolveSpacing } from './validate.js';

export interface PerClassOptions {
  /** Classes including background (≥ 2). */
  numClasses: number;
  /** Truth pixels with this value are left out of every class. Default 255; -1 disables. */
  ignoreIndex?: number;
  /** Compute class 0 too. Default false (NaN at index 0). */
  includeBackground?: boolean;
}

/** Runs `compute` on the mask pair of every computed class; `skipped` fills index 0 without background. */
function perClass<T>(
  pred: LabelLike,
  truth: LabelLike,
  options: PerClassOptions & BoundaryMetricOptions,
  fn: string,
  compute: (pair: PreparedPair) => T,
  skipped: T,
): T[] {
  const {
    numClasses,
    ignoreIndex = DEFAULT_IGNORE_INDEX,
    includeBackground = false,
    spacing,
    connectivity = 'cross',
    empty = 'nan',
  } = options ?? ({} as PerClassOptions);
  assertMask(pred, fn, 'pred');
  countConfusion(pred, truth, { numClasses, ignoreIndex }, fn); // grid, numClasses and label checks, named like dice's
  assertCommonOptions('strict', connectivity, fn);
  assertDistanceEmptyPolicy(empty, fn);
  const sp = resolveSpacing(spacing, pred.shape, fn);
  const p = pred.data;
  const t = truth.data;
  const out: T[] = [];
  for (let k = 0; k < numClasses; k++) {
    if (k === 0 && !includeBackground) {
      out.push(skipped);
      continue;
    }
    const a = new Uint8Array(t.length);
    const b = new Uint8Array(t.length);
    for (let i = 0; i < t.length; i++) {
      if (t[i] === ignoreIndex) continue;
      if (p[i] === k) a[i] = 1;
      if (t[i] === k) b[i] = 1;
    }
    out.push(compute(fromBytes(a, b, pred.shape, sp, connectivity, empty)));
  }
  return out;
}

function perClassMetric(
  pred: LabelLike,
  truth: LabelLike,
  options: PerClassOptions & BoundaryMetricOptions,
  fn: string,
  spec: MetricSpec,
): number[] {
  return perClass(pred, truth, options, fn, (pair) => evaluatePrepared(pair, spec), Number.NaN);
}

/** Hausdorff distance (or percentile, see {@link HausdorffOptions}) per class. */
export function hausdorffPerClass(pred: LabelLike, truth: LabelLike, options: PerClassOptions & HausdorffOptions): number[] {
  return perClassMetric(pred, truth, options, 'hausdorffPerClass', hausdorffSpec(options, 'hausdorffPerClass'));
}

/** HD95 per class (`hd95`: `'pooled'` medpy, default; `'maxOfDirected'` MONAI). */
export function hd95PerClass(pred: LabelLike, truth: LabelLike, options: PerClassOptions & Omit<HausdorffOptions, 'percentile'>): number[] {
  return perClassMetric(pred, truth, options, 'hd95PerClass', hausdorffSpec({ ...options, percentile: 95 }, 'hd95PerClass'));
}

/** Directed ASD (pred → truth) per class. */
export function averageSurfaceDistancePerClass(
  pred: LabelLike,
  truth: LabelLike,
  options: PerClassOptions & BoundaryMetricOptions,
): number[] {
  return perClassMetric(pred, truth, options, 'averageSurfaceDistancePerClass', averageSurfaceDistanceSpec);
}

/** ASSD per class (`assd`: `'meanOfDirected'` medpy/Chamfer, default; `'pooled'` MONAI). */
export function assdPerClass(pred: LabelLike, truth: LabelLike, options: PerClassOptions & AssdOptions): number[] {
  return perClassMetric(pred, truth, options, 'assdPerClass', assdSpec(options, 'assdPerClass'));
}

/** BF-score per class. */
export function bfScorePerClass(pred: LabelLike, truth: LabelLike, options: PerClassOptions & ToleranceOptions): number[] {
  return perClassMetric(pred, truth, options, 'bfScorePerClass', bfScoreSpec(options, 'bfScorePerClass'));
}

/** Normalized surface Dice per class. */
export function surfaceDicePerClass(pred: LabelLike, truth: LabelLike, options: PerClassOptions & ToleranceOptions): number[] {
  return perClassMetric(pred, truth, options, 'surfaceDicePerClass', surfaceDiceSpec(options, 'surfaceDicePerClass'));
}

const NOT_COMPUTED: BoundaryMetrics = {
  hausdorff: Number.NaN,
  hd95: Number.NaN,
  asd: Number.NaN,
  assd: Number.NaN,
  bfScore: Number.NaN,
  surfaceDice: Number.NaN,
  emptySide: 'not-computed',
};

/** Every boundary metric per class, one pair of EDTs per class (what `seg eval` calls). */
export function boundaryMetricsPerClass(
  pred: LabelLike,
  truth: LabelLike,
  options: PerClassOptions & BoundaryMetricsOptions,
): BoundaryMetrics[] {
  const specs = boundaryMetricSpecs(options, 'boundaryMetricsPerClass');
  return perClass(pred, truth, options, 'boundaryMetricsPerClass', (pair) => metricsOfPair(pair, specs), { ...NOT_COMPUTED });
}
