/** Byte accounting for tfjs weight manifests, so a truncated weights file is reported before tfjs reads past it. */
import { sizeOf } from '@seg/core';
import type * as tf from '@tensorflow/tfjs';

const BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2 };

/** Bytes one manifest entry occupies (its quantized dtype when quantized); NaN for variable-size dtypes (string). */
export function entryBytes(entry: tf.io.WeightsManifestEntry): number {
  const dtype = entry.quantization?.dtype ?? entry.dtype;
  const size = BYTES[dtype];
  return size === undefined ? Number.NaN : size * sizeOf(entry.shape);
}

/** Total bytes the entries need. */
export function manifestBytes(entries: readonly tf.io.WeightsManifestEntry[]): number {
  let total = 0;
  for (const e of entries) total += entryBytes(e);
  return total;
}

/** True when `value` looks like a manifest entry list: objects with a string name, a numeric shape and a dtype. */
export function isManifestEntries(value: unknown): value is tf.io.WeightsManifestEntry[] {
  return (
    Array.isArray(value) &&
    value.every(
      (e) =>
        typeof e === 'object' &&
        e !== null &&
        typeof e.name === 'string' &&
        typeof e.dtype === 'string' &&
        Array.isArray(e.shape) &&
        e.shape.every((s: unknown) => Number.isInteger(s) && (s as number) >= 0),
    )
  );
}
