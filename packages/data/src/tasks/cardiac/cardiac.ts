/**
 * The cardiac task (DMC / MbLS / AAG; ACDC-like): short-axis cine-MRI slices from base to apex at end-diastole and
 * end-systole, one patient per case.
 */
import type { Dataset } from '../../dataset.js';
import { caseDataset } from '../case-dataset.js';
import { type CommonTaskOptions, commonSchema, type OptionSchema, resolveOptions } from '../options.js';
import { drawHeart, heartSlice } from './heart.js';
import { drawLook, finishCase, renderCardiacSlice } from './render.js';

/** ACDC's classes; `labels: 'extended'` appends `'aorta'` and `'papillary_muscles'`. */
export const CARDIAC_CLASSES: readonly string[] = ['background', 'right_ventricle', 'myocardium', 'left_ventricle'];

export interface CardiacOptions extends Partial<CommonTaskOptions> {
  /** Short-axis levels per phase, 1…32, evenly spaced from base to apex (default 5). */
  slices?: number;
  /** 1: end-diastole only; 2: end-diastole then end-systole (default 2). */
  phases?: number;
  /**
   * 'acdc' (default): RV, myocardium, LV cavity (papillary muscles inside the cavity). 'extended': plus the
   * descending aorta and the papillary muscles as classes 4 and 5 — six classes spanning two orders of magnitude of
   * pixel counts (DMC's label-distribution setting).
   */
  labels?: 'acdc' | 'extended';
  /** Rician noise σ relative to the blood level (× [0.6, 1.4] per case; default 0.06). */
  noise?: number;
  /** Log-amplitude (sd) of the smooth coil bias field (default 0.2). */
  bias?: number;
}

export type ResolvedCardiacOptions = Required<CardiacOptions>;

export const CARDIAC_SCHEMA: OptionSchema<ResolvedCardiacOptions> = {
  ...commonSchema(24, 64),
  slices: { kind: 'int', min: 1, max: 32, default: 5 },
  phases: { kind: 'int', min: 1, max: 2, default: 2 },
  labels: { kind: 'enum', values: ['acdc', 'extended'], default: 'acdc' },
  noise: { kind: 'number', min: 0, max: 0.5, default: 0.06 },
  bias: { kind: 'number', min: 0, max: 0.5, default: 0.2 },
};

/**
 * The cardiac task as a {@link Dataset}: `cases` patients × `phases` × `slices` images (1 channel, z-scored per case,
 * `size`²). Sample k of a case is phase ⌊k / slices⌋ (0 = ED, 1 = ES) at level (k mod slices + ½)/slices from base
 * (0) to apex (1). Ids `cardiac_<case>/<k>`; split by case. Deterministic for a seed; `first` = k gives cases k, k+1, ….
 * Named `task:cardiac` (`task:cardiac:extended` with the extended labels).
 * @throws SegConfigError listing every bad option.
 */
export function cardiacDataset(options: CardiacOptions = {}): Dataset {
  const o = resolveOptions(CARDIAC_SCHEMA, options, 'cardiacDataset');
  const extended = o.labels === 'extended';
  return caseDataset({
    name: extended ? 'task:cardiac:extended' : 'task:cardiac',
    prefix: 'cardiac',
    cases: o.cases,
    first: o.first,
    seed: o.seed,
    perCase: o.slices * o.phases,
    size: o.size,
    channels: 1,
    classNames: extended ? [...CARDIAC_CLASSES, 'aorta', 'papillary_muscles'] : CARDIAC_CLASSES,
    makeCase(rng, ids) {
      const heart = drawHeart(rng);
      const look = drawLook(rng, o.size, o.noise, o.bias);
      const slices = ids.map((_, k) => {
        const level = ((k % o.slices) + 0.5) / o.slices;
        return renderCardiacSlice(heart, heartSlice(heart, level, k >= o.slices, o.size), look, o.size, extended);
      });
      finishCase(
        rng,
        slices.map((s) => s.image),
        look.sigma,
      );
      return slices.map((s, k) => ({
        id: ids[k],
        image: { data: s.image, shape: [o.size, o.size, 1] },
        label: { data: s.label, shape: [o.size, o.size] },
      }));
    },
  });
}
