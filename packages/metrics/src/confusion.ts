/**
 * The confusion matrix: every overlap metric (Dice, IoU, precision, recall, specificity, pixel
 * accuracy) is a function of it, so per-case values come from one case's matrix and dataset-level
 * ("pooled") values from the sum of every case's matrix ({@link addConfusion}).
 */
import { assertInteger, DEFAULT_IGNORE_INDEX, SegInputError } from '@seg/core';
import { assertNumClasses, assertSameGrid, type LabelLike } from './grid.js';

/** C×C pixel counts, row-major: `counts[t * C + p]` = pixels of true class t predicted as p. */
export interface ConfusionMatrix {
  readonly numClasses: number;
  readonly counts: Float64Array;
}

export interface ConfusionOptions {
  /** Classes including background (≥ 2). */
  numClasses: number;
  /** Truth pixels with this value are skipped (unlabeled). Default 255; pass -1 to count every pixel. */
  ignoreIndex?: number;
}

/** An all-zero matrix to accumulate into. */
export function emptyConfusion(numClasses: number): ConfusionMatrix {
  assertNumClasses(numClasses, 'emptyConfusion');
  return { numClasses, counts: new Float64Array(numClasses * numClasses) };
}

function badLabel(fn: string, arg: string, value: number, index: number, numClasses: number, ignoreIndex: number): SegInputError {
  const ignored = arg === 'truth' && ignoreIndex >= 0 ? ` or ${ignoreIndex} (ignored)` : '';
  return new SegInputError({
    fn,
    arg,
    expected: `class indices in [0, ${numClasses - 1}]${ignored}`,
    got: `${value} at flat index ${index}`,
    hint: 'Raise numClasses, or remap the label values',
  });
}

/**
 * Counts one prediction against its truth in a single pass (validating both as it goes).
 * `fn` names the public function in error messages. Internal: the public entry is {@link confusionMatrix}.
 */
export function countConfusion(pred: unknown, truth: unknown, options: ConfusionOptions, fn: string): ConfusionMatrix {
  const { numClasses, ignoreIndex = DEFAULT_IGNORE_INDEX } = options ?? ({} as ConfusionOptions);
  assertNumClasses(numClasses, fn);
  assertInteger(ignoreIndex, fn, 'ignoreIndex');
  assertSameGrid(pred, truth, fn);
  const p = pred.data;
  const t = (truth as LabelLike).data;
  const c = numClasses;
  const counts = new Float64Array(c * c);
  for (let i = 0; i < t.length; i++) {
    const ti = t[i];
    if (ti === ignoreIndex) continue;
    const pi = p[i];
    if (ti >= 0 && ti < c && (ti | 0) === ti && pi >= 0 && pi < c && (pi | 0) === pi) counts[ti * c + pi]++;
    else if (ti >= 0 && ti < c && (ti | 0) === ti) throw badLabel(fn, 'pred', pi, i, c, ignoreIndex);
    else throw badLabel(fn, 'truth', ti, i, c, ignoreIndex);
  }
  return { numClasses: c, counts };
}

/** The confusion matrix of one prediction (rows = truth, columns = prediction), ignored pixels skipped. */
export function confusionMatrix(pred: LabelLike, truth: LabelLike, options: ConfusionOptions): ConfusionMatrix {
  return countConfusion(pred, truth, options, 'confusionMatrix');
}

/** Throws unless `cm` is a well-formed {@link ConfusionMatrix}. Internal. */
export function assertConfusion(cm: unknown, fn: string, arg: string): asserts cm is ConfusionMatrix {
  const m = cm as ConfusionMatrix | null | undefined;
  const ok =
    typeof m === 'object' &&
    m !== null &&
    Number.isInteger(m.numClasses) &&
    m.counts instanceof Float64Array &&
    m.counts.length === m.numClasses * m.numClasses;
  if (!ok) {
    throw new SegInputError({
      fn,
      arg,
      expected: 'a ConfusionMatrix { numClasses, counts: Float64Array(C×C) }',
      got: m === null ? 'null' : typeof m,
      hint: 'Build it with confusionMatrix() or emptyConfusion()',
    });
  }
}

/** Adds `other` into `into` (in place) and returns `into`: dataset-level accumulation. */
export function addConfusion(into: ConfusionMatrix, other: ConfusionMatrix): ConfusionMatrix {
  assertConfusion(into, 'addConfusion', 'into');
  assertConfusion(other, 'addConfusion', 'other');
  if (other.numClasses !== into.numClasses) {
    throw new SegInputError({
      fn: 'addConfusion',
      arg: 'other',
      expected: `a ${into.numClasses}-class matrix like 'into'`,
      got: `${other.numClasses} classes`,
      hint: 'Accumulate cases of one task only',
    });
  }
  for (let i = 0; i < into.counts.length; i++) into.counts[i] += other.counts[i];
  return into;
}

/** The sum of several matrices (a new matrix; the inputs are not changed). */
export function sumConfusion(matrices: readonly ConfusionMatrix[]): ConfusionMatrix {
  if (!Array.isArray(matrices) || matrices.length === 0) {
    throw new SegInputError({
      fn: 'sumConfusion',
      arg: 'matrices',
      expected: 'a non-empty array',
      got: String(matrices?.length ?? matrices),
    });
  }
  assertConfusion(matrices[0], 'sumConfusion', 'matrices[0]');
  const total = emptyConfusion(matrices[0].numClasses);
  for (const m of matrices) addConfusion(total, m);
  return total;
}

/** One-vs-rest counts of class k: true/false positives/negatives, in pixels. */
export interface ClassCounts {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

/** One-vs-rest counts of every class (index = class), read from a confusion matrix in one pass. */
export function classCounts(cm: ConfusionMatrix): ClassCounts[] {
  assertConfusion(cm, 'classCounts', 'cm');
  const c = cm.numClasses;
  const truthK = new Float64Array(c);
  const predK = new Float64Array(c);
  let total = 0;
  for (let t = 0; t < c; t++) {
    for (let p = 0; p < c; p++) {
      const v = cm.counts[t * c + p];
      total += v;
      truthK[t] += v;
      predK[p] += v;
    }
  }
  return Array.from({ length: c }, (_, k) => {
    const tp = cm.counts[k * c + k];
    return { tp, fp: predK[k] - tp, fn: truthK[k] - tp, tn: total - truthK[k] - predK[k] + tp };
  });
}
