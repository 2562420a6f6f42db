/**
 * Named tensor lists on disk (model weights and optimizer state inside a checkpoint): `<name>.json` holds the
 * tfjs weight specs (name, shape, dtype, in order), `<name>.bin` the raw little-endian values
 * (`tf.io.encodeWeights` / `tf.io.decodeWeights`). Values round-trip bit for bit.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SegInputError } from '@seg/core';
import * as tf from '@tensorflow/tfjs';
import { readFileOrThrow, readJsonOrThrow, toArrayBuffer } from './fs-atomic.js';
import { isManifestEntries, manifestBytes } from './weights-bytes.js';

/** A tensor with a name (tfjs's own `NamedTensor`, which the tfjs package does not export). */
export interface NamedTensor {
  name: string;
  tensor: tf.Tensor;
}

const HINT = 'The checkpoint is damaged; delete it to start over, or restore it from a backup';

/** Writes `dir/<name>.json` and `dir/<name>.bin`. Names must be unique (they key the decoded map). */
export async function saveWeights(dir: string, name: string, tensors: readonly NamedTensor[]): Promise<void> {
  const seen = new Set<string>();
  for (const t of tensors) {
    if (seen.has(t.name)) {
      throw new SegInputError({ fn: 'saveWeights', arg: 'tensors', expected: 'uniquely named tensors', got: `'${t.name}' twice` });
    }
    seen.add(t.name);
  }
  const { data, specs } = await tf.io.encodeWeights([...tensors]);
  await writeFile(join(dir, `${name}.bin`), new Uint8Array(data));
  await writeFile(join(dir, `${name}.json`), JSON.stringify({ weights: specs }));
}

/**
 * Reads what {@link saveWeights} wrote, in the saved order. The caller owns (and disposes) the tensors.
 * Missing files, invalid specs or a byte count that disagrees with the specs raise a SegInputError naming the path.
 */
export async function loadWeights(dir: string, name: string, fn = 'loadWeights'): Promise<NamedTensor[]> {
  const jsonPath = join(dir, `${name}.json`);
  const binPath = join(dir, `${name}.bin`);
  const json = (await readJsonOrThrow(jsonPath, fn, 'dir', HINT)) as { weights?: unknown } | null;
  const specs = json?.weights;
  if (!isManifestEntries(specs)) {
    throw new SegInputError({ fn, arg: 'dir', detail: `${jsonPath} has no valid 'weights' list of { name, shape, dtype }`, hint: HINT });
  }
  const bytes = await readFileOrThrow(binPath, fn, 'dir', HINT);
  const need = manifestBytes(specs);
  if (bytes.byteLength !== need) {
    throw new SegInputError({
      fn,
      arg: 'dir',
      detail: `${binPath} holds ${bytes.byteLength} bytes but ${jsonPath} needs ${need} (a truncated or mismatched file)`,
      hint: HINT,
    });
  }
  const map = tf.io.decodeWeights(toArrayBuffer(bytes), specs);
  return specs.map((s) => ({ name: s.name, tensor: map[s.name] }));
}
