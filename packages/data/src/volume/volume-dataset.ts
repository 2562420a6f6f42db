/**
 * A 2D slice dataset from NIfTI volumes: per case, the modalities are read and stacked as channels
 * (one grid, checked), normalised per volume, cut into slices along `axis`, and brought to one size.
 * One sample per slice, id `<case>/<slice index, 3 digits>` (the case prefix is what {@link caseSplit} groups by).
 */
import { type Sample, SegConfigError, SegInputError } from '@seg/core';
import type { Dataset } from '../dataset.js';
import { inMemoryDataset } from '../in-memory.js';
import { type NormalizeMethod, type NormalizeVolumeOptions, normalizeVolume } from './intensity.js';
import { stackModalities } from './modalities.js';
import { readNifti } from './nifti-read.js';
import { type LabelTable, remapLabels } from './remap.js';
import { cropOrPad, fitSlice, resizeSlice, type SliceArray } from './resize.js';
import { type SliceAxis, sliceVolume } from './slice.js';
import type { Volume } from './volume.js';

export interface VolumeCase {
  id: string;
  /** One path (or volume) per modality, all on one grid. */
  images: readonly (string | Volume)[];
  label?: string | Volume;
}

export interface VolumeDatasetOptions {
  cases: readonly VolumeCase[];
  /** Slicing axis (default 2). */
  axis?: SliceAxis;
  /** Output slice size (a number means square). Default: the native slice size, which must then agree across cases. */
  size?: number | readonly [number, number];
  /** How slices reach `size`: 'pad-resize' (default: pad to a square, then resize), 'resize' or 'crop-or-pad'. */
  fit?: 'pad-resize' | 'resize' | 'crop-or-pad';
  /** Per-volume normalisation (default 'zscore'); see normalizeVolume. */
  normalize?: NormalizeMethod | NormalizeVolumeOptions;
  /** Label remapping table applied to every label volume (every value must be listed). */
  remap?: LabelTable;
  /** Drop slices whose label is all background (default false). */
  dropEmpty?: boolean;
  /** Class names; their count is numClasses. */
  classNames?: readonly string[];
  /** Default: classNames.length, else the largest label + 1 (at least 2). */
  numClasses?: number;
  name?: string;
}

/** Where the slices of one case came from: enough to stack predictions back (see stackSlices, unfitSlice). */
export interface VolumeCaseInfo {
  id: string;
  /** The first modality (its grid and header), for writing predictions with writeNifti(…, { like }). */
  like: Volume;
  /** The native H×W of the slices, before fitting to `size`. */
  sliceShape: [number, number];
  /** Slice index of each sample of this case, in dataset order. */
  indices: number[];
}

export interface VolumeDataset extends Dataset {
  readonly axis: SliceAxis;
  readonly cases: readonly VolumeCaseInfo[];
}

const FN = 'volumeDataset';

function load(v: string | Volume): Volume {
  return typeof v === 'string' ? readNifti(v) : v;
}

/** An integer label volume (Int32Array), refusing non-integer values. */
export function toLabelVolume(v: Volume, name: string, fn = FN): Volume {
  if (v.data instanceof Int32Array) return v;
  const data = new Int32Array(v.data.length);
  for (let i = 0; i < data.length; i++) {
    if (!Number.isInteger(v.data[i]))
      throw new SegInputError({
        fn,
        arg: name,
        expected: 'integer label values',
        got: `${v.data[i]} at flat index ${i}`,
        hint: 'Is this an image rather than a label volume?',
      });
    data[i] = v.data[i];
  }
  return { ...v, data, datatype: 'int16' };
}

function fitTo<T extends SliceArray>(s: T, size: [number, number] | undefined, fit: string): T {
  if (size === undefined || (s.shape[0] === size[0] && s.shape[1] === size[1])) return s;
  if (fit === 'crop-or-pad') return cropOrPad(s, size);
  return fit === 'resize' ? resizeSlice(s, size) : fitSlice(s, size);
}

function checkOptions(options: VolumeDatasetOptions): void {
  const { cases, fit = 'pad-resize', size } = options;
  const problems: string[] = [];
  if (!Array.isArray(cases) || cases.length === 0) problems.push(`'cases' must be a non-empty array, got ${JSON.stringify(cases)}`);
  else {
    const ids = new Set<string>();
    cases.forEach((c, i) => {
      if (typeof c?.id !== 'string' || c.id === '' || c.id.includes('/'))
        problems.push(`'cases[${i}].id' must be a non-empty string without '/', got ${JSON.stringify(c?.id)}`);
      else if (ids.has(c.id)) problems.push(`'cases[${i}].id' ${c.id} occurs twice`);
      ids.add(c?.id);
      if (!Array.isArray(c?.images) || c.images.length === 0) problems.push(`'cases[${i}].images' must list at least one modality`);
    });
  }
  if (!['pad-resize', 'resize', 'crop-or-pad'].includes(fit))
    problems.push(`'fit' must be 'pad-resize', 'resize' or 'crop-or-pad', got ${JSON.stringify(fit)}`);
  const s = typeof size === 'number' ? [size, size] : size;
  if (s !== undefined && !(Array.isArray(s) && s.length === 2 && s.every((v) => Number.isInteger(v) && v > 0)))
    problems.push(`'size' must be a positive integer or [height, width], got ${JSON.stringify(size)}`);
  if (problems.length > 0) throw new SegConfigError({ fn: FN, detail: 'invalid options', problems });
}

/** Reads every case and returns the slices as an in-memory {@link VolumeDataset}. */
export function volumeDataset(options: VolumeDatasetOptions): VolumeDataset {
  checkOptions(options);
  const { cases, axis = 2, fit = 'pad-resize', normalize = 'zscore', remap, dropEmpty = false, name = 'volumes' } = options;
  const size =
    typeof options.size === 'number' ? ([options.size, options.size] as [number, number]) : (options.size as [number, number] | undefined);
  const norm = typeof normalize === 'string' ? { method: normalize } : normalize;
  const samples: Sample[] = [];
  const infos: VolumeCaseInfo[] = [];
  let maxLabel = 0;
  for (const c of cases) {
    const names = c.images.map((im, m) => (typeof im === 'string' ? im : `${c.id}.images[${m}]`));
    const modalities = c.images.map(load);
    const image = normalizeVolume(stackModalities(modalities, { names }), norm);
    let label = c.label === undefined ? undefined : toLabelVolume(load(c.label), typeof c.label === 'string' ? c.label : `${c.id}.label`);
    if (label && remap) label = remapLabels(label, remap, typeof c.label === 'string' ? c.label : `${c.id}.label`);
    const slices = sliceVolume(image, { axis, label, dropEmpty });
    const first = slices[0]?.image.shape ?? [0, 0];
    infos.push({ id: c.id, like: modalities[0], sliceShape: [first[0], first[1]], indices: slices.map((s) => s.index) });
    for (const s of slices) {
      const id = `${c.id}/${String(s.index).padStart(3, '0')}`;
      const img = fitTo(s.image, size, fit);
      if (s.label) {
        const lab = fitTo(s.label, size, fit);
        for (const v of lab.data) if (v > maxLabel && v !== 255) maxLabel = v;
        samples.push({ id, image: img, label: lab });
      } else samples.push({ id, image: img });
    }
  }
  if (samples.length === 0)
    throw new SegInputError({
      fn: FN,
      arg: 'cases',
      expected: 'at least one slice',
      got: 'none (every slice was empty)',
      hint: 'Set dropEmpty: false, or check the label volumes',
    });
  const numClasses = options.numClasses ?? options.classNames?.length ?? Math.max(2, maxLabel + 1);
  const ds = inMemoryDataset(samples, { numClasses, name, classNames: options.classNames });
  return Object.assign(ds, { axis, cases: infos });
}
