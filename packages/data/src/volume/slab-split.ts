/**
 * Slab splits for single-volume data: contiguous slabs along the slicing axis, with `gap` slices dropped
 * between neighbouring slabs of different splits (adjacent slices are nearly identical, so without a gap the
 * held-out slab would touch training anatomy).
 */
import { SegConfigError } from '@seg/core';
import type { Dataset } from '../dataset.js';
import { type DatasetSplit, subsetDataset } from '../split.js';
import { sliceIndexOf } from './case-split.js';
import { assertVolume, type Volume } from './volume.js';

export type SplitName = 'train' | 'val' | 'test';

export interface SlabSplitOptions {
  /** Fractions of the slice range for train, val, test (default [0.6, 0.2, 0.2]); they must sum to 1. */
  fractions?: readonly [number, number, number];
  /** Slices dropped between neighbouring slabs of different splits (default 0). */
  gap?: number;
  /**
   * Slab order along the axis (default ['train', 'val', 'test']). A split may appear more than once; its
   * fraction is then shared equally, e.g. ['train', 'test', 'train', 'val'] puts the test slab mid-volume.
   */
  layout?: readonly SplitName[];
  /** For a volume: the slicing axis (default 2). */
  axis?: 0 | 1 | 2;
}

/** Half-open slice ranges [start, end) of the slabs of each split, in axis order. */
export type SlabRanges = Record<SplitName, [number, number][]>;

const SPLITS: readonly SplitName[] = ['train', 'val', 'test'];

function checkSlabOptions(fractions: readonly number[], gap: number, layout: readonly SplitName[]): string[] {
  const problems: string[] = [];
  if (
    !(
      Array.isArray(fractions) &&
      fractions.length === 3 &&
      fractions.every((f) => f >= 0) &&
      Math.abs(fractions[0] + fractions[1] + fractions[2] - 1) < 1e-6
    )
  )
    problems.push(`'fractions' must be [train, val, test] ≥ 0 summing to 1, got ${JSON.stringify(fractions)}`);
  if (!(Number.isInteger(gap) && gap >= 0)) problems.push(`'gap' must be an integer ≥ 0, got ${JSON.stringify(gap)}`);
  if (!(Array.isArray(layout) && layout.every((l) => SPLITS.includes(l)) && SPLITS.every((sp) => layout.includes(sp))))
    problems.push(`'layout' must list 'train', 'val' and 'test' (repeats allowed), got ${JSON.stringify(layout)}`);
  return problems;
}

/**
 * The slab ranges over `count` slices. Splits with fraction 0 get no slab; `gap` slices are dropped between
 * neighbouring slabs of different splits; of the usable slices, val and test get round(f·usable) (≥ 1) shared
 * equally among their slabs, train the rest.
 */
export function slabRanges(count: number, options: SlabSplitOptions = {}): SlabRanges {
  const { fractions = [0.6, 0.2, 0.2], gap = 0, layout = SPLITS } = options;
  const problems = checkSlabOptions(fractions, gap, layout);
  const frac = (sp: SplitName) => fractions[SPLITS.indexOf(sp)];
  const slabs = problems.length === 0 ? layout.filter((sp) => frac(sp) > 0) : [];
  const gaps = slabs.filter((sp, i) => i > 0 && sp !== slabs[i - 1]).length;
  const usable = count - gaps * gap;
  if (problems.length === 0 && usable < slabs.length)
    problems.push(`${count} slices leave ${usable} after ${gaps} gap(s) of ${gap}: too few for the slabs`);
  if (problems.length > 0) throw new SegConfigError({ fn: 'slabSplit', detail: 'invalid slab split', problems });
  const total: Record<SplitName, number> = { train: 0, val: 0, test: 0 };
  for (const sp of ['val', 'test'] as const) if (frac(sp) > 0) total[sp] = Math.max(1, Math.round(frac(sp) * usable));
  total.train = usable - total.val - total.test;
  const occurrences = (sp: SplitName) => slabs.filter((x) => x === sp).length;
  const left = { ...total };
  const out: SlabRanges = { train: [], val: [], test: [] };
  let at = 0;
  slabs.forEach((sp, i) => {
    if (i > 0 && sp !== slabs[i - 1]) at += gap;
    const remaining = slabs.slice(i).filter((x) => x === sp).length;
    const size = remaining === 1 ? left[sp] : Math.round(total[sp] / occurrences(sp));
    left[sp] -= size;
    out[sp].push([at, at + size]);
    at += size;
  });
  return out;
}

/**
 * For a {@link Volume}: the slab ranges along `axis`. For a dataset of slices of one volume (ids ending in the
 * slice index, e.g. from volumeDataset): the three subsets, with ranges over the slice indices min…max present
 * (so a gap is a physical gap even when empty slices were dropped).
 */
export function slabSplit(source: Volume, options?: SlabSplitOptions): SlabRanges;
export function slabSplit(source: Dataset, options?: SlabSplitOptions): DatasetSplit;
export function slabSplit(source: Volume | Dataset, options: SlabSplitOptions = {}): SlabRanges | DatasetSplit {
  if ('affine' in source) {
    assertVolume(source, 'slabSplit', 'source');
    return slabRanges(source.shape[options.axis ?? 2], options);
  }
  const ds = source;
  const idx = ds.ids().map((id) => sliceIndexOf(id));
  const bad = ds.ids().find((_, i) => idx[i] === undefined);
  if (bad !== undefined)
    throw new SegConfigError({
      fn: 'slabSplit',
      detail: `the id ${bad} does not end in a slice index`,
      problems: ['slabSplit needs ids like case/012 (volumeDataset makes them)'],
    });
  const lo = Math.min(...(idx as number[]));
  const hi = Math.max(...(idx as number[]));
  const r = slabRanges(hi - lo + 1, options);
  const pick = (ranges: [number, number][]) => idx.flatMap((k, i) => (ranges.some(([a, b]) => k! - lo >= a && k! - lo < b) ? [i] : []));
  return {
    train: subsetDataset(ds, pick(r.train), `${ds.name}[train]`),
    val: subsetDataset(ds, pick(r.val), `${ds.name}[val]`),
    test: subsetDataset(ds, pick(r.test), `${ds.name}[test]`),
  };
}
