/**
 * The empty-mask policy of overlap metrics. A ratio whose denominator is 0 is decided here:
 * when the class is absent from both prediction and truth the policy decides (`'nan'` → NaN,
 * `'zero-one'` → 1, "nothing to find, nothing found"); when only one side is empty the value is 0
 * under both policies (a class predicted but absent, or present but never predicted, is a miss).
 */
import { assertOneOf } from '@seg/core';

/** What a metric returns for a class absent from both prediction and truth. */
export type EmptyPolicy = 'nan' | 'zero-one';

export const EMPTY_POLICIES: readonly EmptyPolicy[] = ['nan', 'zero-one'];

export function assertEmptyPolicy(empty: unknown, fn: string): asserts empty is EmptyPolicy {
  assertOneOf(empty, EMPTY_POLICIES, fn, 'empty');
}

/** `num / den`, or the empty policy when `den` is 0 and the class is absent from both sides, else 0. */
export function ratio(num: number, den: number, bothEmpty: boolean, empty: EmptyPolicy): number {
  if (den > 0) return num / den;
  if (bothEmpty) return empty === 'nan' ? Number.NaN : 1;
  return 0;
}
