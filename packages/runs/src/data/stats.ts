/** `seg data stats` as a library call: sizes, class pixel counts and frequencies of a dataset. */
import { mean, std } from '@seg/core';
import { labelCounts, openDataset } from '@seg/data';
import { dmcMargins } from '@seg/margin';

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
  /** DMC margin offsets from these counts (`dmcMargins`), or why they cannot be computed (e.g. a class with no pixel). */
  dmc: { tau: number; nu: number; rhoK0?: readonly number[]; rho0K?: readonly number[]; error?: string };
}

export function dataStats(spec: string, options: { numClasses?: number; tau?: number; nu?: number } = {}): DataStats {
  const { tau = 10, nu = 1 } = options;
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
    dmc: dmcOffsets(counts, tau, nu),
  };
}

function dmcOffsets(counts: number[], tau: number, nu: number): DataStats['dmc'] {
  try {
    return { tau, nu, ...dmcMargins(counts, { tau, nu }) };
  } catch (error) {
    return { tau, nu, error: (error as Error).message };
  }
}
