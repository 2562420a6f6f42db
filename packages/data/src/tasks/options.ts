/**
 * Declared options of the task generators: one schema per task gives each option's type, range and default,
 * and serves both the options object of the library call and the `task:<kind>?key=value` spec string, so the two
 * accept exactly the same names and values. Every problem is reported at once.
 */
import { SegConfigError } from '@seg/core';

/** One option: an integer, a real number, one of a few words, or a comma-separated list of words. */
export type OptionSpec =
  | { kind: 'int'; min: number; max: number; default: number }
  | { kind: 'number'; min: number; max: number; default: number }
  | { kind: 'enum'; values: readonly string[]; default: string }
  | { kind: 'list'; values: readonly string[]; minLength: number; maxLength: number; default: readonly string[] };

/** A schema with exactly the keys of the (fully resolved) options type `T`. */
export type OptionSchema<T> = { readonly [K in keyof T]-?: OptionSpec };

function checkValue(name: string, spec: OptionSpec, v: unknown): string | undefined {
  const show = JSON.stringify(v);
  switch (spec.kind) {
    case 'int':
      return typeof v === 'number' && Number.isInteger(v) && v >= spec.min && v <= spec.max
        ? undefined
        : `'${name}' must be an integer in [${spec.min}, ${spec.max}], got ${show}`;
    case 'number':
      return typeof v === 'number' && Number.isFinite(v) && v >= spec.min && v <= spec.max
        ? undefined
        : `'${name}' must be a number in [${spec.min}, ${spec.max}], got ${show}`;
    case 'enum':
      return spec.values.includes(v as string) ? undefined : `'${name}' must be one of ${spec.values.join(', ')}, got ${show}`;
    case 'list': {
      const ok =
        Array.isArray(v) &&
        v.length >= spec.minLength &&
        v.length <= spec.maxLength &&
        v.every((x) => spec.values.includes(x)) &&
        new Set(v).size === v.length;
      return ok
        ? undefined
        : `'${name}' must be ${spec.minLength}–${spec.maxLength} distinct values of ${spec.values.join(', ')}, got ${show}`;
    }
  }
}

/**
 * Fills defaults and checks every option of `options` against `schema`; throws one {@link SegConfigError} from
 * `fn` listing every unknown name and bad value.
 */
export function resolveOptions<T>(schema: OptionSchema<T>, options: Partial<T> | undefined, fn: string): T {
  if (options !== undefined && (typeof options !== 'object' || options === null || Array.isArray(options)))
    throw new SegConfigError({ fn, arg: 'options', expected: 'an object', got: JSON.stringify(options) });
  const given = (options ?? {}) as Record<string, unknown>;
  const names = Object.keys(schema);
  const problems: string[] = [];
  for (const key of Object.keys(given)) if (!names.includes(key)) problems.push(`unknown option '${key}' (known: ${names.join(', ')})`);
  const out: Record<string, unknown> = {};
  for (const name of names) {
    const spec = (schema as Record<string, OptionSpec>)[name];
    const value = given[name] ?? spec.default;
    const problem = checkValue(name, spec, value);
    if (problem) problems.push(problem);
    out[name] = Array.isArray(value) ? [...value] : value;
  }
  if (problems.length > 0) throw new SegConfigError({ fn, detail: 'invalid options', problems });
  return out as T;
}

/**
 * Parses the query part of a spec (`cases=24&modalities=t2,flair`) into typed options (numbers for 'int' and
 * 'number', arrays for 'list'); values are checked later by {@link resolveOptions}. Problems are appended to `problems`.
 */
export function parseOptionQuery<T>(schema: OptionSchema<T>, query: string, problems: string[]): Partial<T> {
  const names = Object.keys(schema);
  const out: Record<string, unknown> = {};
  for (const [key, raw] of new URLSearchParams(query)) {
    const spec = (schema as Record<string, OptionSpec | undefined>)[key];
    if (!spec || !names.includes(key)) problems.push(`unknown parameter '${key}' (known: ${names.join(', ')})`);
    else if (spec.kind === 'list') out[key] = raw.split(',').map((s) => s.trim());
    else if (spec.kind === 'enum') out[key] = raw;
    else if (raw.trim() === '' || !Number.isFinite(Number(raw))) problems.push(`'${key}' must be a number, got '${raw}'`);
    else out[key] = Number(raw);
  }
  return out as Partial<T>;
}

/** The options shared by every task: how many cases, which ones, how large, which seed. */
export interface CommonTaskOptions {
  /** Number of cases (patients, volumes), 1…100000. Default per task: lesions 30, nodules 100, cardiac 24. */
  cases: number;
  /** Index of the first case, 0…10⁶ (default 0): `first: k` gives cases k, k+1, … — disjoint from 0…k−1. */
  first: number;
  /** Image height = width in pixels, 32…1024 (default 64). */
  size: number;
  /** Any 32-bit integer (default 0); the same seed and options give byte-identical samples. */
  seed: number;
}

/** Schema entries of {@link CommonTaskOptions} with a task's own default case count and image size. */
export function commonSchema(cases: number, size: number): OptionSchema<CommonTaskOptions> {
  return {
    cases: { kind: 'int', min: 1, max: 100_000, default: cases },
    first: { kind: 'int', min: 0, max: 1_000_000, default: 0 },
    size: { kind: 'int', min: 32, max: 1024, default: size },
    seed: { kind: 'int', min: -(2 ** 31), max: 2 ** 32 - 1, default: 0 },
  };
}
