/**
 * Validators that read only `.shape` and `.dtype`, so they work on tf.Tensors, typed-array
 * containers and plain objects alike, and core needs no tfjs. Each throws a {@link SegInputError}
 * naming the function and argument.
 */
import { SegInputError } from './errors.js';
import type { Shape, ShapedLike } from './types.js';

/** `[4,128,128,1]` → `4×128×128×1`; `[]` → `a scalar`. */
export function describeShape(shape: Shape): string {
  return shape.length === 0 ? 'a scalar' : shape.join('×');
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'object' && 'shape' in (value as object)) return `shape ${describeShape((value as ShapedLike).shape)}`;
  return typeof value;
}

function assertShaped(value: unknown, fn: string, arg: string): asserts value is ShapedLike {
  if (typeof value !== 'object' || value === null || !Array.isArray((value as ShapedLike).shape)) {
    throw new SegInputError({ fn, arg, expected: 'a tensor or array with a shape', got: describeValue(value) });
  }
}

/** Rank (number of axes) must be one of `ranks`. */
export function assertRank(value: unknown, ranks: number | readonly number[], fn: string, arg: string, hint?: string): void {
  assertShaped(value, fn, arg);
  const allowed = typeof ranks === 'number' ? [ranks] : ranks;
  if (!allowed.includes(value.shape.length)) {
    throw new SegInputError({
      fn,
      arg,
      expected: `of rank ${allowed.join(' or ')}`,
      got: `rank ${value.shape.length} (${describeShape(value.shape)})`,
      hint,
    });
  }
}

/** Shape must match `expected`; `null` in expected matches any size on that axis. */
export function assertShape(value: unknown, expected: readonly (number | null)[], fn: string, arg: string, hint?: string): void {
  assertShaped(value, fn, arg);
  const ok = value.shape.length === expected.length && expected.every((e, i) => e === null || e === value.shape[i]);
  if (!ok) {
    throw new SegInputError({
      fn,
      arg,
      expected: expected.map((e) => (e === null ? '?' : e)).join('×'),
      got: describeShape(value.shape),
      hint,
    });
  }
}

/** `b` must have exactly the shape of `a` (on the first `axes` axes when given). */
export function assertSameShape(a: ShapedLike, b: unknown, fn: string, argA: string, argB: string, axes?: number, hint?: string): void {
  assertShaped(b, fn, argB);
  const sa = axes === undefined ? a.shape : a.shape.slice(0, axes);
  const sb = axes === undefined ? b.shape : b.shape.slice(0, axes);
  if (sa.length !== sb.length || sa.some((v, i) => v !== sb[i])) {
    throw new SegInputError({
      fn,
      arg: argB,
      expected: `${describeShape(sa)} like '${argA}'`,
      got: describeShape(sb),
      hint: hint ?? 'Both must cover the same pixels',
    });
  }
}

/** dtype must be one of `dtypes`. */
export function assertDtype(value: unknown, dtypes: string | readonly string[], fn: string, arg: string, hint?: string): void {
  assertShaped(value, fn, arg);
  const allowed = typeof dtypes === 'string' ? [dtypes] : dtypes;
  if (value.dtype === undefined || !allowed.includes(value.dtype)) {
    throw new SegInputError({ fn, arg, expected: allowed.join(' or '), got: String(value.dtype), hint });
  }
}

/** A finite number > 0 (≥ 0 with `allowZero`). */
export function assertPositive(value: unknown, fn: string, arg: string, allowZero = false): asserts value is number {
  const ok = typeof value === 'number' && Number.isFinite(value) && (allowZero ? value >= 0 : value > 0);
  if (!ok)
    throw new SegInputError({ fn, arg, expected: allowZero ? 'a finite number ≥ 0' : 'a finite number > 0', got: describeValue(value) });
}

/** An integer in [min, max]. */
export function assertInteger(value: unknown, fn: string, arg: string, min = -Infinity, max = Infinity): asserts value is number {
  const ok = typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
  if (!ok) {
    const range = Number.isFinite(max) ? `in [${min}, ${max}]` : Number.isFinite(min) ? `≥ ${min}` : '';
    throw new SegInputError({ fn, arg, expected: `an integer ${range}`.trim(), got: describeValue(value) });
  }
}

/** A finite number in [min, max]. */
export function assertInRange(value: unknown, min: number, max: number, fn: string, arg: string): asserts value is number {
  const ok = typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max;
  if (!ok) throw new SegInputError({ fn, arg, expected: `a number in [${min}, ${max}]`, got: describeValue(value) });
}

/** One of a fixed set of strings. */
export function assertOneOf<T extends string>(value: unknown, options: readonly T[], fn: string, arg: string): asserts value is T {
  if (typeof value !== 'string' || !options.includes(value as T)) {
    throw new SegInputError({ fn, arg, expected: `one of ${options.map((o) => `'${o}'`).join(', ')}`, got: describeValue(value) });
  }
}

/** Every size in `sizes` must be divisible by `divisor` (e.g. U-Net input by 2^depth). */
export function assertDivisible(sizes: readonly number[], divisor: number, fn: string, arg: string, hint?: string): void {
  const bad = sizes.filter((s) => s % divisor !== 0);
  if (bad.length > 0) {
    const fixed = sizes.map((s) => Math.max(divisor, Math.round(s / divisor) * divisor));
    throw new SegInputError({
      fn,
      arg,
      expected: `divisible by ${divisor}`,
      got: describeShape(sizes),
      hint: hint ?? `Crop or pad to ${describeShape(fixed)}, or lower the depth`,
    });
  }
}

/** No NaN or ±Infinity in the array; names the first bad index. */
export function assertFiniteArray(data: ArrayLike<number>, fn: string, arg: string, hint?: string): void {
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) {
      throw new SegInputError({
        fn,
        arg,
        expected: 'finite values',
        got: `${data[i]} at flat index ${i}`,
        hint: hint ?? 'Check the image for missing values or a failed normalisation',
      });
    }
  }
}

/**
 * Every label is an integer in [0, numClasses) or equal to `ignoreIndex`; names the first bad value.
 */
export function assertLabels(
  data: ArrayLike<number>,
  numClasses: number,
  fn: string,
  arg: string,
  ignoreIndex?: number,
  hint?: string,
): void {
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v === ignoreIndex) continue;
    if (!(Number.isInteger(v) && v >= 0 && v < numClasses)) {
      throw new SegInputError({
        fn,
        arg,
        expected: `class indices in [0, ${numClasses - 1}]${ignoreIndex === undefined ? '' : ` or ${ignoreIndex} (ignored)`}`,
        got: `${v} at flat index ${i}`,
        hint: hint ?? 'Raise numClasses, or remap the label values',
      });
    }
  }
}
