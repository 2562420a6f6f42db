/**
 * Validation logits as plain typed arrays, for the exact plain-JS temperature fit. Logits are channels-last and
 * flattened (pixel-major: the C logits of pixel i are `logits[i·C … i·C + C − 1]`, i.e. `tensor.dataSync()` of an
 * `[N,H,W,C]` tensor), labels one int32 per pixel (`[N,H,W]` flattened). Large validation sets come as chunks (one
 * per batch or image), which are never concatenated: each NLL evaluation streams over them.
 */
import { assertFiniteArray, assertInteger, assertLabels, SegInputError } from '@seg/core';

/** Flat `[N,H,W,C]` logits, or one such array per chunk. */
export type LogitsInput = Float32Array | readonly Float32Array[];
/** Flat `[N,H,W]` int32 labels, or one per chunk (paired with the logits chunks). */
export type LabelsInput = Int32Array | readonly Int32Array[];

/** Checked chunks: C logits per label, labels in [0, C) or ignoreIndex, at least one labeled pixel. */
export interface LogitData {
  readonly chunks: readonly { readonly logits: Float32Array; readonly labels: Int32Array }[];
  readonly numClasses: number;
  /** Labeled pixels (label ≠ ignoreIndex) over all chunks. */
  readonly count: number;
}

function asChunks<T>(value: T | readonly T[], isArray: (v: unknown) => v is T): readonly T[] {
  return isArray(value) ? [value] : (value as readonly T[]);
}

const isFloat = (v: unknown): v is Float32Array => v instanceof Float32Array;
const isInt = (v: unknown): v is Int32Array => v instanceof Int32Array;

function inferClasses(fn: string, logits: readonly Float32Array[], labels: readonly Int32Array[], given?: number): number {
  if (given !== undefined) {
    assertInteger(given, fn, 'numClasses', 2);
    return given;
  }
  const i = labels.findIndex((l) => l.length > 0);
  const c = i < 0 ? Number.NaN : logits[i].length / labels[i].length;
  if (!(Number.isInteger(c) && c >= 2)) {
    throw new SegInputError({
      fn,
      arg: 'logits',
      expected: 'C ≥ 2 logits per label (length = labels.length × C)',
      got: i < 0 ? 'no labels' : `${logits[i].length} logits for ${labels[i].length} labels`,
      hint: 'Pass the flat [N,H,W,C] logits with the flat [N,H,W] labels of the same pixels',
    });
  }
  return c;
}

/** Checks and pairs logits with labels; throws a SegInputError naming `fn` and the argument at fault. */
export function toLogitData(
  fn: string,
  logitsInput: LogitsInput,
  labelsInput: LabelsInput,
  ignoreIndex: number,
  numClasses?: number,
): LogitData {
  const logits = asChunks(logitsInput, isFloat);
  const labels = asChunks(labelsInput, isInt);
  const badLogits = !Array.isArray(logits) || logits.some((l) => !isFloat(l));
  if (badLogits)
    throw new SegInputError({ fn, arg: 'logits', expected: 'a Float32Array or an array of Float32Array chunks', got: typeof logitsInput });
  if (!Array.isArray(labels) || labels.some((l) => !isInt(l))) {
    throw new SegInputError({ fn, arg: 'labels', expected: 'an Int32Array or an array of Int32Array chunks', got: typeof labelsInput });
  }
  if (logits.length !== labels.length) {
    throw new SegInputError({ fn, arg: 'labels', expected: `${logits.length} chunks like 'logits'`, got: `${labels.length} chunks` });
  }
  const c = inferClasses(fn, logits, labels, numClasses);
  let count = 0;
  logits.forEach((z, i) => {
    const y = labels[i];
    if (z.length !== y.length * c) {
      throw new SegInputError({
        fn,
        arg: 'logits',
        expected: `${y.length * c} values in chunk ${i} (${y.length} labels × ${c} classes)`,
        got: `${z.length}`,
      });
    }
    assertLabels(y, c, fn, 'labels', ignoreIndex);
    assertFiniteArray(z, fn, 'logits', 'The model produced NaN or infinite logits; check its weights and inputs');
    for (let p = 0; p < y.length; p++) if (y[p] !== ignoreIndex) count++;
  });
  if (count === 0) {
    throw new SegInputError({
      fn,
      arg: 'labels',
      expected: 'at least one labeled pixel',
      got: `every label ${ignoreIndex} (ignoreIndex) or no pixels at all`,
      hint: 'Calibrate on labelled validation data',
    });
  }
  return { chunks: logits.map((z, i) => ({ logits: z, labels: labels[i] })), numClasses: c, count };
}

/**
 * Σ over labeled pixels of −log softmax(β·z)_y = log Σ_k exp(β(z_k − m)) − β(z_y − m), m = max_k z_k, in float64
 * (the log as log1p of the sum without the argmax term, so confident correct pixels keep their ≈ e^(−βΔ) NLL).
 * β = 1/T; convex in β (a log-sum-exp of affine functions of β minus an affine function).
 */
export function nllSum(data: LogitData, beta: number, ignoreIndex: number): number {
  const c = data.numClasses;
  let total = 0;
  for (const { logits, labels } of data.chunks) {
    for (let p = 0; p < labels.length; p++) {
      const y = labels[p];
      if (y === ignoreIndex) continue;
      const o = p * c;
      let top = 0;
      for (let k = 1; k < c; k++) if (logits[o + k] > logits[o + top]) top = k;
      const m = logits[o + top];
      let rest = 0; // Σ over k ≠ argmax; log1p keeps the tiny NLL of confident correct pixels
      for (let k = 0; k < c; k++) if (k !== top) rest += Math.exp(beta * (logits[o + k] - m));
      total += Math.log1p(rest) - beta * (logits[o + y] - m);
    }
  }
  return total;
}
