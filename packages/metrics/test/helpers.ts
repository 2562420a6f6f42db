import type { LabelMap } from '@seg/core';

/** A 2D label map from rows of class indices. */
export function lm(rows: number[][]): LabelMap {
  return { data: Int32Array.from(rows.flat()), shape: [rows.length, rows[0].length] };
}
