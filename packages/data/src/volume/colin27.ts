/**
 * A real brain-MRI task from the Debian package `mricron-data`: the Colin27 T1 (ch2.nii.gz, one subject scanned
 * 27 times, 181×217×181 at 1 mm), its brain-extracted version (ch2bet.nii.gz) and the AAL atlas (aal.nii.gz,
 * names in aal.nii.txt) on the same grid. Tasks: 'lobes' (AAL regions → 7 lobes + background, see aal-lobes.ts)
 * and 'brain' (binary brain mask: ch2bet > 0). One volume, so the split is a slab split along the slicing axis
 * (slabSplit; slices without foreground are dropped first, so the slabs cover the brain's extent).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SegInputError } from '@seg/core';
import type { DatasetSplit } from '../split.js';
import { aalLobeTable, LOBE_NAMES, parseAalNames } from './aal-lobes.js';
import { readNifti } from './nifti-read.js';
import { type SlabSplitOptions, slabSplit } from './slab-split.js';
import type { SliceAxis } from './slice.js';
import type { Volume } from './volume.js';
import { type VolumeDataset, volumeDataset } from './volume-dataset.js';

/** Folders searched for the Colin27 files, in order (after $SEG_COLIN27_DIR when set). */
export const COLIN27_DIR: readonly string[] = Object.freeze([
  '/usr/share/mricron/templates',
  '/usr/share/mricron',
  '/usr/share/mricron-data',
  '/usr/share/data/mricron',
]);

export interface Colin27Paths {
  dir: string;
  t1: string;
  bet: string;
  aal: string;
  aalNames: string;
}

/** The Colin27 files in the first folder of `dirs` holding all four, or undefined (install: apt-get install mricron-data). */
export function colin27Paths(
  dirs: readonly string[] = [...(process.env.SEG_COLIN27_DIR ? [process.env.SEG_COLIN27_DIR] : []), ...COLIN27_DIR],
): Colin27Paths | undefined {
  for (const dir of dirs) {
    const p = {
      dir,
      t1: join(dir, 'ch2.nii.gz'),
      bet: join(dir, 'ch2bet.nii.gz'),
      aal: join(dir, 'aal.nii.gz'),
      aalNames: join(dir, 'aal.nii.txt'),
    };
    if ([p.t1, p.bet, p.aal, p.aalNames].every((f) => existsSync(f))) return p;
  }
  return undefined;
}

export interface Colin27Options {
  task?: 'lobes' | 'brain';
  /** Slicing axis; 2 = axial (default). */
  axis?: SliceAxis;
  /** Slices are padded to a square and resized to size×size (default 64). */
  size?: number;
  /**
   * Slab split along the axis. Default: fractions [0.6, 0.2, 0.2], gap 4, layout ['train', 'test', 'train', 'val'],
   * which puts the test slab at 30–50 % of the brain's extent: axially that slab holds all 7 lobe classes
   * (the top slab would hold only frontal and parietal cortex).
   */
  split?: Omit<SlabSplitOptions, 'axis'>;
  /** Drop slices without any foreground (default true). */
  dropEmpty?: boolean;
  /** Where the files are (default: colin27Paths()). */
  paths?: Colin27Paths;
}

export interface Colin27Data extends DatasetSplit {
  /** Every slice (train ∪ val ∪ test ∪ the gaps). */
  dataset: VolumeDataset;
  /** The T1 volume (for writing predictions with writeNifti(…, { like: image })). */
  image: Volume;
  /** The full-resolution label volume of the task. */
  label: Volume;
}

/** Reads the Colin27 volumes and builds the slice dataset of `task` with its slab split. */
export function colin27Dataset(options: Colin27Options = {}): Colin27Data {
  const {
    task = 'lobes',
    axis = 2,
    size = 64,
    split = { fractions: [0.6, 0.2, 0.2], gap: 4, layout: ['train', 'test', 'train', 'val'] },
    dropEmpty = true,
  } = options;
  const paths = options.paths ?? colin27Paths();
  if (paths === undefined)
    throw new SegInputError({
      fn: 'colin27Dataset',
      detail: `the Colin27 files (ch2.nii.gz, ch2bet.nii.gz, aal.nii.gz, aal.nii.txt) are in none of ${COLIN27_DIR.join(', ')}`,
      hint: 'Install them with: sudo apt-get install mricron-data (or set SEG_COLIN27_DIR)',
    });
  if (task !== 'lobes' && task !== 'brain')
    throw new SegInputError({ fn: 'colin27Dataset', arg: 'options.task', expected: "'lobes' or 'brain'", got: JSON.stringify(task) });
  const image = readNifti(paths.t1);
  let label: Volume;
  if (task === 'lobes') {
    const atlas = readNifti(paths.aal);
    const table = aalLobeTable(parseAalNames(readFileSync(paths.aalNames, 'utf8'), paths.aalNames));
    const data = new Int32Array(atlas.data.length);
    for (let i = 0; i < data.length; i++) data[i] = table.get(atlas.data[i]) ?? -1;
    const bad = data.indexOf(-1);
    if (bad >= 0)
      throw new SegInputError({
        fn: 'colin27Dataset',
        arg: paths.aal,
        expected: 'region indices listed in aal.nii.txt',
        got: `${atlas.data[bad]} at flat index ${bad}`,
      });
    label = { ...atlas, data, datatype: 'uint8' };
  } else {
    const bet = readNifti(paths.bet);
    label = { ...bet, data: Int32Array.from(bet.data, (v) => (v > 0 ? 1 : 0)), datatype: 'uint8' };
  }
  const classNames = task === 'lobes' ? [...LOBE_NAMES] : ['background', 'brain'];
  const dataset = volumeDataset({
    cases: [{ id: 'colin27', images: [image], label }],
    axis,
    size,
    normalize: { method: 'zscore', clip: [0.5, 99.5] },
    dropEmpty,
    classNames,
    name: `colin27:${task}`,
  });
  return { dataset, image, label, ...slabSplit(dataset, split) };
}
