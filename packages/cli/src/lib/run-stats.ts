/** `seg data stats` as a library call: sizes, class pixel counts and frequencies of a dataset. */
import { mean, std } from '@seg/core';
import { labelCounts, openDataset } from '@seg/data';

export interface DataStats {
  dataset: string;
  cases: number;
  shape: [number, number, number];
  numClasses: number;
  classNames: string[];
  /** Pixels per class over every labelled pixel of the dataset (ignored pixels excluded). */
  counts: number[];
  /** counts / Σ counts. */
  frequencies: number[];
  /** Mean and sample sd of the per-image mean intensity (first channel). */
  intensity: { mean: number; sd: number };
}

export function dataStats(spec: string, options: { numClasses?: number } = {}): DataStats {
  const ds = openDataset(spec, options.numClasses === undefined ? {} : { numClasses: options.numClasses });
  const counts = Array.from(labelCounts(ds));
  const total = counts.reduce((a, b) => a + b, 0);
  const means: number[] = [];
  for (let i = 0; i < ds.size; i++) {
    const { data, shape } = ds.get(i).image;
    let s = 0;
    for (let p = 0; p < data.length; p += shape[2]) s += data[p];
    means.push(s / (data.length / shape[2]));
  }
  return {
    dataset: ds.name,
    cases: ds.size,
    shape: [ds.height, ds.width, ds.channels],
    numClasses: ds.numClasses,
    classNames: [...ds.classNames],
    counts,
    frequencies: counts.map((c) => (total > 0 ? c / total : Number.NaN)),
    intensity: { mean: mean(means), sd: std(means) },
  };
}
