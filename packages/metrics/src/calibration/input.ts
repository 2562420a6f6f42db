/**
 * Input checks for calibration metrics: per-pixel class probabilities (channels-last, the last axis is
 * the class axis) and a label map on the grid of the probabilities without that axis. Internal.
 */
import { assertInteger, assertOneOf, describeShape, SegInputError, sizeOf } from '@seg/core';
import type { LabelLike } from '../grid.js';

/**
 * Per-pixel class probabilities, channels-last: H×W×C, N×H×W×C or D×H×W×C (any leading axes; the
 * last axis is the class axis). Every pixel's row sums to 1 (a softmax output). A `ProbabilityMap`
 * from @seg/core is one.
 */
export interface ProbabilityLike {
  readonly data: Float32Array | Float64Array | ArrayLike<number>;
  readonly shape: readonly number[];
}

/** Which pixels a calibration metric counts. */
export type CalibrationRegion = 'all' | 'foreground';

export const CALIBRATION_REGIONS: readonly CalibrationRegion[] = ['all', 'foreground'];

/** A row may differ from 1 by this much (float32 softmax outputs are off by ~1e-7). */
export const SUM_TOLERANCE = 1e-3;

/** Throws unless `probs` is `{ data, shape }` with ≥ 2 axes, ≥ 2 classes and a matching data length; returns C. */
export function assertProbabilities(probs: unknown, fn: string): number {
  const p = probs as ProbabilityLike | null | undefined;
  if (typeof p !== 'object' || p === null || !Array.isArray(p.shape) || typeof p.data?.length !== 'number') {
    throw new SegInputError({ fn, arg: 'probs', expected: 'probabilities { data, shape }', got: p === null ? 'null' : typeof p });
  }
  if (p.shape.length < 2 || p.shape[p.shape.length - 1] < 2) {
    throw new SegInputError({
      fn,
      arg: 'probs',
      expected: 'channels-last probabilities (…×C, C ≥ 2)',
      got: `shape ${describeShape(p.shape)}`,
      hint: 'For a sigmoid output p, stack [1 − p, p] as two classes',
    });
  }
  const n = sizeOf(p.shape);
  if (p.data.length !== n) {
    throw new SegInputError({
      fn,
      arg: 'probs',
      expected: `${n} values for shape ${describeShape(p.shape)}`,
      got: `${p.data.length}`,
      hint: 'The data length must be the product of the shape',
    });
  }
  return p.shape[p.shape.length - 1];
}

/** Throws unless `labels` is a label map whose shape is the shape of `probs` without its class axis. */
export function assertLabelGrid(probs: ProbabilityLike, labels: unknown, fn: string): asserts labels is LabelLike {
  const l = labels as LabelLike | null | undefined;
  if (typeof l !== 'object' || l === null || !Array.isArray(l.shape) || typeof l.data?.length !== 'number') {
    throw new SegInputError({ fn, arg: 'labels', expected: 'a label map { data, shape }', got: l === null ? 'null' : typeof l });
  }
  const grid = probs.shape.slice(0, -1);
  if (l.shape.length !== grid.length || l.shape.some((v, i) => v !== grid[i]) || l.data.length !== sizeOf(grid)) {
    const got = l.data.length === sizeOf(l.shape) ? describeShape(l.shape) : `${l.data.length} values`;
    throw new SegInputError({
      fn,
      arg: 'labels',
      expected: `${describeShape(grid)} like 'probs' without its class axis`,
      got,
      hint: 'Labels and probabilities must cover the same pixels',
    });
  }
}

/** Shared option checks. */
export function assertCalibrationOptions(bins: unknown, region: unknown, ignoreIndex: unknown, fn: string): void {
  assertInteger(bins, fn, 'bins', 1);
  assertOneOf(region, CALIBRATION_REGIONS, fn, 'region');
  assertInteger(ignoreIndex, fn, 'ignoreIndex');
}

/** `7` in a 2×4 grid → `[1, 3]`: where a flat pixel index is. */
export function pixelCoordinates(index: number, grid: readonly number[]): string {
  const coords: number[] = [];
  let rest = index;
  for (let a = grid.length - 1; a >= 0; a--) {
    coords.unshift(rest % grid[a]);
    rest = Math.floor(rest / grid[a]);
  }
  return `[${coords.join(', ')}]`;
}

/** The error for a probability outside [0, 1] (or NaN) at pixel `i`, class `c`. */
export function badProbability(fn: string, value: number, i: number, c: number, grid: readonly number[]): SegInputError {
  return new SegInputError({
    fn,
    arg: 'probs',
    expected: 'probabilities in [0, 1]',
    got: `${value} at pixel ${pixelCoordinates(i, grid)}, class ${c}`,
    hint: Number.isNaN(value) ? 'The network produced NaN; check the loss and learning rate' : 'Apply softmax to the logits first',
  });
}

/** The error for a pixel whose probabilities do not sum to 1. */
export function badSum(fn: string, sum: number, i: number, grid: readonly number[]): SegInputError {
  return new SegInputError({
    fn,
    arg: 'probs',
    expected: `rows summing to 1 (±${SUM_TOLERANCE})`,
    got: `a sum of ${+sum.toPrecision(6)} at pixel ${pixelCoordinates(i, grid)}`,
    hint: 'Apply softmax over the last (class) axis, not sigmoid per channel',
  });
}

/** The error for a label outside [0, C) that is not the ignore index. */
export function badLabel(fn: string, value: number, i: number, numClasses: number, ignoreIndex: number): SegInputError {
  return new SegInputError({
    fn,
    arg: 'labels',
    expected: `class indices in [0, ${numClasses - 1}]${ignoreIndex >= 0 ? ` or ${ignoreIndex} (ignored)` : ''}`,
    got: `${value} at flat index ${i}`,
    hint: `'probs' has ${numClasses} classes; remap the label values or pass the matching probabilities`,
  });
}
