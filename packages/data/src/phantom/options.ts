/** Options of the synthetic phantoms, their defaults, and their validation (every problem reported at once). */
import { SegConfigError } from '@seg/core';

export type PhantomKind = 'nodule' | 'rings';

export const PHANTOM_KINDS: readonly PhantomKind[] = ['nodule', 'rings'];

export interface PhantomOptions {
  /** `'nodule'` (binary, ultrasound-like; default) or `'rings'` (4 classes, cardiac-MRI-like). */
  kind?: PhantomKind;
  /** Number of images, 1…100000. Default 64. */
  count?: number;
  /** Height = width in pixels, 16…2048. Default 64. */
  size?: number;
  /** Any integer; the same seed gives byte-identical images. Default 0. */
  seed?: number;
  /**
   * Noise strength in [0, 1], 0 = clean. 'nodule': coefficient of variation of the multiplicative speckle
   * (default 0.3). 'rings': σ of the Rician noise relative to the blood-pool intensity ≈ 1 (default 0.15).
   */
  noise?: number;
}

export const DEFAULT_NOISE: Readonly<Record<PhantomKind, number>> = { nodule: 0.3, rings: 0.15 };

export type ResolvedPhantomOptions = Required<PhantomOptions>;

const KNOWN = ['kind', 'count', 'size', 'seed', 'noise'];

function checkInt(problems: string[], name: string, v: unknown, min: number, max: number): void {
  if (!(typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max)) {
    problems.push(`'${name}' must be an integer in [${min}, ${max}], got ${JSON.stringify(v)}`);
  }
}

/** Fills defaults and checks every option; throws one {@link SegConfigError} listing every problem. */
export function resolvePhantomOptions(options: PhantomOptions = {}, fn = 'phantomDataset'): ResolvedPhantomOptions {
  const problems: string[] = [];
  if (typeof options !== 'object' || options === null) {
    throw new SegConfigError({ fn, arg: 'options', expected: 'an object', got: String(options) });
  }
  for (const key of Object.keys(options)) {
    if (!KNOWN.includes(key)) problems.push(`unknown option '${key}' (known: ${KNOWN.join(', ')})`);
  }
  const { kind = 'nodule', count = 64, size = 64, seed = 0 } = options;
  if (!PHANTOM_KINDS.includes(kind))
    problems.push(`'kind' must be one of ${PHANTOM_KINDS.map((k) => `'${k}'`).join(', ')}, got ${JSON.stringify(kind)}`);
  checkInt(problems, 'count', count, 1, 100_000);
  checkInt(problems, 'size', size, 16, 2048);
  checkInt(problems, 'seed', seed, -(2 ** 31), 2 ** 32 - 1);
  const noise = options.noise ?? DEFAULT_NOISE[kind] ?? 0;
  if (!(typeof noise === 'number' && noise >= 0 && noise <= 1))
    problems.push(`'noise' must be a number in [0, 1], got ${JSON.stringify(noise)}`);
  if (problems.length > 0) throw new SegConfigError({ fn, detail: 'invalid phantom options', problems });
  return { kind, count, size, seed, noise };
}
