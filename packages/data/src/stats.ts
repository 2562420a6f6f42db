/** Label statistics over a dataset. */
import { DEFAULT_IGNORE_INDEX, SegInputError } from '@seg/core';
import type { Dataset } from './dataset.js';

/** Pixel count per class over every sample (index = class); ignored (255) pixels are not counted. */
export function labelCounts(ds: Dataset): Float64Array {
  const counts = new Float64Array(ds.numClasses);
  for (let i = 0; i < ds.size; i++) {
    const s = ds.get(i);
    if (!s.label)
      throw new SegInputError({
        fn: 'labelCounts',
        arg: 'ds',
        expected: 'a labelled dataset',
        got: `${s.id} without a label`,
        hint: 'Open the dataset with its masks',
      });
    const d = s.label.data;
    for (let j = 0; j < d.length; j++) if (d[j] !== DEFAULT_IGNORE_INDEX) counts[d[j]]++;
  }
  return counts;
}
