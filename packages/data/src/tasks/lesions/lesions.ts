/**
 * The lesion task (SegAN / BraTS-like): synthetic gliomas with nested regions and mass effect in the real Colin27
 * brain, seen through 2–4 synthetic MR contrasts, one volume per case, axial slices grouped by case.
 */
import type { Rng } from '@seg/core';
import type { Dataset } from '../../dataset.js';
import { caseDataset } from '../case-dataset.js';
import { type CommonTaskOptions, commonSchema, type OptionSchema, resolveOptions } from '../options.js';
import { brainAnatomy } from './anatomy.js';
import { MODALITIES, type Modality } from './contrasts.js';
import { drawLesionCase } from './lesion-case.js';
import { renderLesionCase } from './lesion-render.js';

/** Classes of the lesion task (BraTS labels 2, 1, 4 in this order). Whole tumour = {1, 2, 3}, tumour core = {2, 3}. */
export const LESION_CLASSES: readonly string[] = ['background', 'oedema', 'necrotic_core', 'enhancing'];

export interface LesionsOptions extends Partial<CommonTaskOptions> {
  /** Axial slices per case, 1…64, evenly spaced over the first lesion's extent (default 8). */
  slices?: number;
  /** Channels, in order: 2–4 of 't1', 't1c', 't2', 'flair' (default SegAN's ['t1c', 't2', 'flair']). */
  modalities?: Modality[];
  /** Largest mass-effect strength m in [0, 0.9]: tissue at the core boundary came from r_c·(1 − m) (default 0.6). */
  massEffect?: number;
  /** Probability of a second lesion at least 40 mm from the first (default 0.25). */
  multifocal?: number;
  /** Probability that a lesion has an enhancing rim around necrosis; else its core is all class 2 (default 0.8). */
  highGrade?: number;
  /** Per-case relative jitter (sd) of every tissue level of every modality (default 0.08). */
  contrast?: number;
  /** Log-amplitude (sd) of the smooth multiplicative bias field per modality (default 0.15, ≈ ±15 %). */
  bias?: number;
  /** Rician noise σ relative to the white-matter level of each modality (default 0.03). */
  noise?: number;
}

export type ResolvedLesionsOptions = Required<LesionsOptions>;

export const LESIONS_SCHEMA: OptionSchema<ResolvedLesionsOptions> = {
  ...commonSchema(30, 64),
  slices: { kind: 'int', min: 1, max: 64, default: 8 },
  modalities: { kind: 'list', values: MODALITIES, minLength: 2, maxLength: 4, default: ['t1c', 't2', 'flair'] },
  massEffect: { kind: 'number', min: 0, max: 0.9, default: 0.6 },
  multifocal: { kind: 'number', min: 0, max: 1, default: 0.25 },
  highGrade: { kind: 'number', min: 0, max: 1, default: 0.8 },
  contrast: { kind: 'number', min: 0, max: 0.3, default: 0.08 },
  bias: { kind: 'number', min: 0, max: 0.5, default: 0.15 },
  noise: { kind: 'number', min: 0, max: 0.5, default: 0.03 },
};

/**
 * The lesion task as a {@link Dataset}: `cases` volumes × `slices` axial slices, `size`², one channel per modality,
 * labels {@link LESION_CLASSES}. Ids `lesions_<case>/<slice>`; split by case (caseSplit). Deterministic for a seed;
 * `first` = k gives cases k, k+1, … (disjoint from cases 0…k−1 of the same seed). Named `task:lesions`.
 * Reads the Colin27 brain once per process (Debian `mricron-data`).
 * @throws SegConfigError listing every bad option; SegInputError when the Colin27 files are missing.
 */
export function lesionsDataset(options: LesionsOptions = {}): Dataset {
  const o = resolveOptions(LESIONS_SCHEMA, options, 'lesionsDataset');
  const anatomy = brainAnatomy('lesionsDataset');
  return caseDataset({
    name: 'task:lesions',
    prefix: 'lesions',
    cases: o.cases,
    first: o.first,
    seed: o.seed,
    perCase: o.slices,
    size: o.size,
    channels: o.modalities.length,
    classNames: LESION_CLASSES,
    makeCase: (rng: Rng, ids) => renderLesionCase(rng.fork('render'), anatomy, drawLesionCase(rng, anatomy, o), o.size, o.noise, ids),
  });
}
