/**
 * The shared shape of every per-class overlap metric: one-vs-rest counts → a ratio with the
 * empty policy applied ({@link ratio}). Internal.
 */
import { type ClassCounts, type ConfusionMatrix, classCounts } from './confusion.js';
import { assertEmptyPolicy, type EmptyPolicy, ratio } from './empty.js';

/** A metric's ratio for one class: numerator, denominator, and whether the class is absent from both sides. */
export type RatioOf = (c: ClassCounts) => [num: number, den: number, bothEmpty: boolean];

export interface FromConfusionOptions {
  /** Value for a class absent from both prediction and truth: `'nan'` (default) or `'zero-one'` (→ 1). */
  empty?: EmptyPolicy;
}

/** Applies `ratioOf` to every class of `cm`. */
export function perClass(cm: ConfusionMatrix, ratioOf: RatioOf, options: FromConfusionOptions, fn: string): number[] {
  const { empty = 'nan' } = options ?? {};
  assertEmptyPolicy(empty, fn);
  return classCounts(cm).map((c) => {
    const [num, den, bothEmpty] = ratioOf(c);
    return ratio(num, den, bothEmpty, empty);
  });
}

/** True when class k appears in neither prediction nor truth. */
export function absent(c: ClassCounts): boolean {
  return c.tp + c.fp + c.fn === 0;
}
