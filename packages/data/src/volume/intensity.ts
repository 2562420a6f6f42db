/**
 * Per-volume intensity normalisation (statistics over the whole volume, per channel — not per slice, so
 * slices of one scan stay comparable):
 *  - 'minmax':     x ← (x − min) / (max − min)                       (range [0, 1])
 *  - 'zscore':     x ← (x − mean) / sd                                (population sd)
 *  - 'median-iqr': x ← (x − median) / (q75 − q25)                     (robust scaling, as in the AAG paper)
 *  - 'none'.
 * With `clip: [lo, hi]` (percentiles, 0–100) values are first clipped to the lo-th and hi-th percentiles
 * (linear interpolation between order statistics, numpy's default). With `over: 'nonzero'` statistics are taken
 * over the non-zero voxels only (skull-stripped scans) and zero voxels stay 0 under 'zscore'/'median-iqr'.
 * A constant channel (spread < 1e-8) is only shifted.
 */
import { SegInputError } from '@seg/core';
import { assertVolume, gridOf, type Volume } from './volume.js';

export type NormalizeMethod = 'minmax' | 'zscore' | 'median-iqr' | 'none';

export interface NormalizeVolumeOptions {
  method?: NormalizeMethod;
  /** Percentiles [lo, hi] to clip to before normalising, e.g. [0.5, 99.5]. Default: no clipping. */
  clip?: readonly [number, number];
  /** Voxels the statistics are taken over: 'all' (default) or 'nonzero'. */
  over?: 'all' | 'nonzero';
}

/** Quantile q ∈ [0, 1] of sorted values (numpy 'linear'). */
function sortedQuantile(sorted: Float32Array, q: number): number {
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

function checkOptions(options: NormalizeVolumeOptions): void {
  const { method = 'zscore', clip, over = 'all' } = options;
  const fn = 'normalizeVolume';
  if (!['minmax', 'zscore', 'median-iqr', 'none'].includes(method))
    throw new SegInputError({
      fn,
      arg: 'options.method',
      expected: "'minmax', 'zscore', 'median-iqr' or 'none'",
      got: JSON.stringify(method),
    });
  if (clip !== undefined && !(Array.isArray(clip) && clip.length === 2 && clip[0] >= 0 && clip[0] < clip[1] && clip[1] <= 100))
    throw new SegInputError({
      fn,
      arg: 'options.clip',
      expected: 'percentiles [lo, hi] with 0 ≤ lo < hi ≤ 100',
      got: JSON.stringify(clip),
    });
  if (over !== 'all' && over !== 'nonzero')
    throw new SegInputError({ fn, arg: 'options.over', expected: "'all' or 'nonzero'", got: JSON.stringify(over) });
}

function normalizeChannel(x: Float32Array, options: NormalizeVolumeOptions): void {
  const { method = 'zscore', clip, over = 'all' } = options;
  const keep = over === 'nonzero' ? x.filter((v) => v !== 0) : Float32Array.from(x);
  if (keep.length === 0) return;
  const sorted = keep.sort();
  if (clip) {
    const [lo, hi] = [sortedQuantile(sorted, clip[0] / 100), sortedQuantile(sorted, clip[1] / 100)];
    for (let i = 0; i < x.length; i++) if (over === 'all' || x[i] !== 0) x[i] = Math.min(hi, Math.max(lo, x[i]));
    for (let i = 0; i < sorted.length; i++) sorted[i] = Math.min(hi, Math.max(lo, sorted[i]));
  }
  let shift = 0;
  let spread = 1;
  if (method === 'minmax') [shift, spread] = [sorted[0], sorted[sorted.length - 1] - sorted[0]];
  else if (method === 'median-iqr')
    [shift, spread] = [sortedQuantile(sorted, 0.5), sortedQuantile(sorted, 0.75) - sortedQuantile(sorted, 0.25)];
  else if (method === 'zscore') {
    let s = 0;
    for (const v of sorted) s += v;
    shift = s / sorted.length;
    let sq = 0;
    for (const v of sorted) sq += (v - shift) ** 2;
    spread = Math.sqrt(sq / sorted.length);
  } else return;
  const scale = spread < 1e-8 ? 1 : 1 / spread;
  const skipZero = over === 'nonzero' && method !== 'minmax';
  for (let i = 0; i < x.length; i++) if (!(skipZero && x[i] === 0)) x[i] = (x[i] - shift) * scale;
}

/** A float32 copy of `volume` normalised per channel (see the module comment for the formulas). */
export function normalizeVolume(volume: Volume, options: NormalizeVolumeOptions = {}): Volume {
  assertVolume(volume, 'normalizeVolume', 'volume');
  checkOptions(options);
  const data = Float32Array.from(volume.data);
  const { dims, channels } = gridOf(volume);
  const n = dims[0] * dims[1] * dims[2];
  for (let c = 0; c < channels; c++) normalizeChannel(data.subarray(c * n, (c + 1) * n), options);
  return { ...volume, data, datatype: 'float32' };
}
