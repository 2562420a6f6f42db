/**
 * Input checks shared by every metric: two label maps on one grid, a valid class count.
 * Internal (not exported from the package index).
 */
import { assertInteger, assertSameShape, describeShape, SegInputError, sizeOf } from '@seg/core';

/** What a metric accepts as a label map: class indices (any numeric array) with a shape. */
export interface LabelLike {
  readonly data: ArrayLike<number>;
  readonly shape: readonly number[];
}

/** `{ data, shape }` with as many values as the shape holds; `what` names it in errors ('a label map', 'a mask'). */
export function assertLabelLike(value: unknown, fn: string, arg: string, what = 'a label map'): asserts value is LabelLike {
  const v = value as LabelLike | null | undefined;
  if (typeof v !== 'object' || v === null || !Array.isArray(v.shape) || typeof v.data?.length !== 'number') {
    throw new SegInputError({ fn, arg, expected: `${what} { data, shape }`, got: v === null ? 'null' : typeof v });
  }
  const n = sizeOf(v.shape);
  if (v.data.length !== n) {
    throw new SegInputError({
      fn,
      arg,
      expected: `${n} values for shape ${describeShape(v.shape)}`,
      got: `${v.data.length}`,
      hint: 'The data length must be the product of the shape',
    });
  }
}

/** `pred` and `truth` are label maps on the same grid (same shape, same number of values). */
export function assertSameGrid(pred: unknown, truth: unknown, fn: string): asserts pred is LabelLike {
  assertLabelLike(pred, fn, 'pred');
  assertLabelLike(truth, fn, 'truth');
  assertSameShape(pred, truth, fn, 'pred', 'truth', undefined, 'Resample or crop the masks to one grid');
}

/** numClasses is an integer ≥ 2 (background plus at least one class). */
export function assertNumClasses(numClasses: unknown, fn: string): asserts numClasses is number {
  assertInteger(numClasses, fn, 'numClasses', 2);
}
