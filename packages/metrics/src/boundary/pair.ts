/**
 * The shared path of every boundary metric on two binary masks: validate → read as bytes → empty policy →
 * directed surface distances → one reduction. Internal; the per-class path is in per-class.ts.
 */
import type { LabelLike } from '../grid.js';
import { assertDistanceEmptyPolicy, type DistanceEmptyPolicy, emptyDistance, emptyScore, imageDiagonal } from './empty-policy.js';
import { directedDistances, type SurfaceDistanceOptions, type SurfaceDistances } from './surface-distances.js';
import { assertCommonOptions, assertMaskPair, type Connectivity, resolveSpacing, toBinary } from './validate.js';

/** Options every boundary metric takes. */
export interface BoundaryMetricOptions extends SurfaceDistanceOptions {
  /** Value when the prediction or the truth is empty: `'nan'` (default), `'zero-one'` or `'diagonal'` (see empty-policy). */
  empty?: DistanceEmptyPolicy;
}

/** Whether a metric is a distance (lower is better) or a score in [0, 1] (higher is better): picks the empty rule. */
export type MetricKind = 'distance' | 'score';

/** One reduction of the directed distances to a number; gets the resolved spacing (for default tolerances). */
export type Reduce = (d: SurfaceDistances, spacing: readonly number[]) => number;

/** A metric as the per-pair and per-class paths need it: its kind and its reduction (options resolved). */
export interface MetricSpec {
  kind: MetricKind;
  reduce: Reduce;
}

/** Two masks as bytes on one grid, with the resolved options. */
export interface PreparedPair {
  a: Uint8Array;
  b: Uint8Array;
  shape: readonly number[];
  spacing: number[];
  connectivity: Connectivity;
  empty: DistanceEmptyPolicy;
  predEmpty: boolean;
  truthEmpty: boolean;
  diagonal: number;
}

function isEmpty(mask: Uint8Array): boolean {
  for (let i = 0; i < mask.length; i++) if (mask[i] !== 0) return false;
  return true;
}

/** Validates the masks and the shared options of `fn`, and reads the masks as bytes. */
export function preparePair(pred: LabelLike, truth: LabelLike, options: BoundaryMetricOptions, fn: string): PreparedPair {
  const { spacing, connectivity = 'cross', binary = 'strict', empty = 'nan' } = options ?? {};
  assertMaskPair(pred, truth, fn);
  assertCommonOptions(binary, connectivity, fn);
  assertDistanceEmptyPolicy(empty, fn);
  const sp = resolveSpacing(spacing, pred.shape, fn);
  const a = toBinary(pred, binary, fn, 'pred');
  const b = toBinary(truth, binary, fn, 'truth');
  return fromBytes(a, b, pred.shape, sp, connectivity, empty);
}

/** A {@link PreparedPair} from bytes already validated (the per-class path). */
export function fromBytes(
  a: Uint8Array,
  b: Uint8Array,
  shape: readonly number[],
  spacing: number[],
  connectivity: Connectivity,
  empty: DistanceEmptyPolicy,
): PreparedPair {
  const diagonal = imageDiagonal(shape, spacing);
  return { a, b, shape, spacing, connectivity, empty, predEmpty: isEmpty(a), truthEmpty: isEmpty(b), diagonal };
}

/** The empty-policy value of a metric of `kind` for this pair, or undefined when both masks have foreground. */
export function specialValue(pair: PreparedPair, kind: MetricKind): number | undefined {
  return kind === 'distance'
    ? emptyDistance(pair.empty, pair.predEmpty, pair.truthEmpty, pair.diagonal)
    : emptyScore(pair.empty, pair.predEmpty, pair.truthEmpty);
}

/** The directed distances of a prepared pair. */
export function pairDistances(pair: PreparedPair): SurfaceDistances {
  return directedDistances(pair.a, pair.b, pair.shape, pair.spacing, pair.connectivity);
}

/** One metric of a prepared pair: the empty policy, else the reduction of the directed distances. */
export function evaluatePrepared(pair: PreparedPair, spec: MetricSpec): number {
  const special = specialValue(pair, spec.kind);
  return special !== undefined ? special : spec.reduce(pairDistances(pair), pair.spacing);
}

/** One metric of two binary masks. */
export function evaluatePair(pred: LabelLike, truth: LabelLike, options: BoundaryMetricOptions, fn: string, spec: MetricSpec): number {
  return evaluatePrepared(preparePair(pred, truth, options, fn), spec);
}
