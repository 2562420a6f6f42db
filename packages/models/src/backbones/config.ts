/**
 * Validation helpers shared by the PSPNet, DeepLabV3+ and TransUNet configs: defaults filled in, every problem
 * listed at once in one SegConfigError (the U-Net config's convention).
 */
import { SegConfigError } from '@seg/core';
import { isInt, show } from '../config-values.js';

export { show };

export type Config = Record<string, unknown>;

/** `'key' must be an integer in [min, max]` or nothing. */
export function intProblem(c: Config, key: string, min: number, max = Infinity): string[] {
  if (isInt(c[key], min, max)) return [];
  const range = max === Infinity ? `≥ ${min}` : `in [${min}, ${max}]`;
  return [`'${key}' must be an integer ${range}, got ${show(c[key])}`];
}

export function oneOfProblem(c: Config, key: string, options: readonly unknown[]): string[] {
  if (options.includes(c[key])) return [];
  return [`'${key}' must be one of ${options.map((o) => show(o).replaceAll('"', "'")).join(', ')}, got ${show(c[key])}`];
}

/** A non-empty array of integers ≥ min. */
export function intListProblem(c: Config, key: string, min: number): string[] {
  const v = c[key];
  if (Array.isArray(v) && v.length > 0 && v.every((x) => isInt(x, min))) return [];
  return [`'${key}' must be a non-empty array of integers ≥ ${min}, got ${show(v)}`];
}

/** inputShape, numClasses, seed, norm, groups and unknown keys. */
export function commonProblems(c: Config, keys: readonly string[]): string[] {
  const problems: string[] = [];
  const s = c.inputShape;
  if (!Array.isArray(s) || s.length !== 3 || !s.every((v) => isInt(v, 1))) {
    problems.push(`'inputShape' must be [height, width, channels] of positive integers, got ${show(s)}`);
  }
  if (!isInt(c.numClasses, 2))
    problems.push(`'numClasses' must be an integer ≥ 2 (background + at least one class), got ${show(c.numClasses)}`);
  problems.push(...oneOfProblem(c, 'norm', ['batch', 'group', 'none']), ...intProblem(c, 'groups', 1));
  if (!isInt(c.seed, -(2 ** 53))) problems.push(`'seed' must be an integer, got ${show(c.seed)}`);
  for (const key of Object.keys(c)) if (!keys.includes(key)) problems.push(`'${key}' is not an option (valid: ${keys.join(', ')})`);
  return problems;
}

/** Fills in `defaults`, runs `problemsOf`, throws one SegConfigError listing every problem. */
export function resolveConfig<T>(fn: string, what: string, config: unknown, defaults: Config, problemsOf: (c: Config) => string[]): T {
  if (typeof config !== 'object' || config === null) {
    throw new SegConfigError({ fn, arg: 'config', expected: 'an object with inputShape and numClasses', got: show(config) });
  }
  const defined = Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined));
  const resolved = { ...defaults, ...defined };
  const problems = problemsOf(resolved);
  if (problems.length > 0) throw new SegConfigError({ fn, arg: 'config', detail: `invalid ${what} configuration`, problems });
  return resolved as T;
}
