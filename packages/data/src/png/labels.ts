/** Mask value conventions of PNG folders: class indices (255 ignored) or 0/255 binary masks. */
import { DEFAULT_IGNORE_INDEX, SegInputError } from '@seg/core';

/**
 * Largest value other than the ignore index, + 1, at least 2. Masks holding only 0 and 255 are refused:
 * read as indices they would have no foreground at all (255 = unlabeled), which is almost surely a 0/255 mask.
 */
export function inferNumClasses(masks: readonly (Int32Array | undefined)[], dir: string, fn: string): number {
  let max = 0;
  let ignored = false;
  for (const m of masks) {
    if (!m) continue;
    for (let i = 0; i < m.length; i++) {
      if (m[i] === DEFAULT_IGNORE_INDEX) ignored = true;
      else if (m[i] > max) max = m[i];
    }
  }
  if (ignored && max === 0) {
    throw new SegInputError({
      fn,
      detail: `the masks of ${dir} hold only the values 0 and 255, so read as class indices they have no foreground (255 marks unlabeled pixels)`,
      hint: "Pass labelValues: 'binary-255' for 0/255 masks, or numClasses if 255 really marks unlabeled pixels",
    });
  }
  return Math.max(2, max + 1);
}

/** Checks (and for 'binary-255' maps, in place) the raw values of one mask file; returns the label data. */
export function checkLabels(
  values: Int32Array,
  file: string,
  numClasses: number,
  labelValues: 'index' | 'binary-255',
  fn: string,
): Int32Array {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (labelValues === 'binary-255') {
      if (v === 0 || v === 255) values[i] = v === 255 ? 1 : 0;
      else
        throw new SegInputError({
          fn,
          detail: `${file} holds the value ${v}, but labelValues 'binary-255' allows only 0 and 255`,
          hint: "Use labelValues 'index' for masks of class indices, or re-threshold the masks",
        });
    } else if (v >= numClasses && v !== DEFAULT_IGNORE_INDEX) {
      throw new SegInputError({
        fn,
        detail: `${file} holds the label ${v} but numClasses is ${numClasses}`,
        hint: `Raise numClasses to ${v + 1}, or remap the mask (values are class indices; 255 marks unlabeled pixels; use labelValues 'binary-255' for 0/255 masks)`,
      });
    }
  }
  return values;
}
