/**
 * The empty-mask policy of the boundary metrics. A distance between two boundaries needs both: when the
 * prediction or the truth (or both) has no foreground pixel the metric is undefined and `empty` decides.
 *
 * | policy        | both empty            | one empty (missed or spurious structure)        |
 * | ------------- | --------------------- | ----------------------------------------------- |
 * | `'nan'`       | distance NaN, score NaN | distance NaN, score 0                          |
 * | `'zero-one'`  | distance 0, score 1   | distance +Infinity, score 0                     |
 * | `'diagonal'`  | distance 0, score 1   | distance = image diagonal √Σ(nᵢ·sᵢ)², score 0   |
 *
 * Scores (BF-score, surface Dice) with one side empty are 0 under every policy, as the overlap metrics
 * (Dice of a class predicted but absent is 0). NaN is never dropped silently: `summarize` counts it.
 * The diagonal (the physical extent of the grid, corner to corner) exceeds every distance two pixel
 * centres can have, so a missed structure always ranks below any found one.
 */
import { assertOneOf } from '@seg/core';

/** What a boundary metric returns when the prediction or the truth is empty (see the table above). */
export type DistanceEmptyPolicy = 'nan' | 'zero-one' | 'diagonal';

export const DISTANCE_EMPTY_POLICIES: readonly DistanceEmptyPolicy[] = ['nan', 'zero-one', 'diagonal'];

export function assertDistanceEmptyPolicy(empty: unknown, fn: string): asserts empty is DistanceEmptyPolicy {
  assertOneOf(empty, DISTANCE_EMPTY_POLICIES, fn, 'empty');
}

/** Length of the grid's diagonal in physical units: √Σ(nᵢ·spacingᵢ)². */
export function imageDiagonal(shape: readonly number[], spacing: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < shape.length; i++) s += (shape[i] * spacing[i]) ** 2;
  return Math.sqrt(s);
}

/** The value of a distance metric when a side is empty, or undefined when both have foreground. */
export function emptyDistance(policy: DistanceEmptyPolicy, predEmpty: boolean, truthEmpty: boolean, diagonal: number): number | undefined {
  if (!predEmpty && !truthEmpty) return undefined;
  if (policy === 'nan') return Number.NaN;
  if (predEmpty && truthEmpty) return 0;
  return policy === 'zero-one' ? Number.POSITIVE_INFINITY : diagonal;
}

/** The value of a boundary score (higher is better, in [0, 1]) when a side is empty, or undefined. */
export function emptyScore(policy: DistanceEmptyPolicy, predEmpty: boolean, truthEmpty: boolean): number | undefined {
  if (!predEmpty && !truthEmpty) return undefined;
  if (predEmpty !== truthEmpty) return 0;
  return policy === 'nan' ? Number.NaN : 1;
}
