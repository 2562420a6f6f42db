/**
 * The nodule task (gambling / TN-SCUI-like): thyroid-ultrasound views of one nodule per case, with clean masks or
 * the masks of simulated annotators.
 */
import type { Dataset } from '../../dataset.js';
import { caseDataset } from '../case-dataset.js';
import { type CommonTaskOptions, commonSchema, type OptionSchema, resolveOptions } from '../options.js';
import { type AnnotatorStyle, annotate, annotatorStyle } from './annotators.js';
import { noduleMask, scaleShape } from './nodule-shape.js';
import { drawCharacter, drawScene } from './scene.js';
import { bmode } from './ultrasound.js';

/** Scenes are formed on a grid this many times finer than the output (ultrasound.ts, bmode). */
const FINE = 2;

export interface NodulesOptions extends Partial<CommonTaskOptions> {
  /** Images per case: views of the same nodule in other scan planes, 1…8 (default 2). */
  views?: number;
  /**
   * 'clean' (default): the true nodule masks. 'noisy': each case's masks drawn by one simulated annotator of the pool
   * (annotators.ts) — train on these, evaluate on 'clean' cases (another `first`). Named `task:nodules:noisy`.
   */
  labels?: 'clean' | 'noisy';
  /** Size of the annotator pool, 1…20 (default 3). */
  annotators?: number;
  /** Annotators' systematic over/under-segmentation: each draws b ∈ [−bias, bias] of the radius (default 0.15). */
  bias?: number;
  /** Annotators' radial jitter per control point, relative to the radius (default 0.06; each annotator 0.5–1.5×). */
  jitter?: number;
  /** Exponent on the nodule/parenchyma echo ratio: 1 as drawn, < 1 lower contrast, 0 invisible (default 1). */
  contrast?: number;
}

export type ResolvedNodulesOptions = Required<NodulesOptions>;

export const NODULES_SCHEMA: OptionSchema<ResolvedNodulesOptions> = {
  ...commonSchema(100, 64),
  views: { kind: 'int', min: 1, max: 8, default: 2 },
  labels: { kind: 'enum', values: ['clean', 'noisy'], default: 'clean' },
  annotators: { kind: 'int', min: 1, max: 20, default: 3 },
  bias: { kind: 'number', min: 0, max: 0.5, default: 0.15 },
  jitter: { kind: 'number', min: 0, max: 0.3, default: 0.06 },
  contrast: { kind: 'number', min: 0, max: 2, default: 1 },
};

/**
 * The nodule task as a {@link Dataset}: `cases` × `views` B-mode images (1 channel, z-scored, `size`²), labels
 * background / nodule. Ids `nodules_<case>/<view>`; split by case. Deterministic for a seed; `first` = k gives
 * cases k, k+1, … (disjoint from cases 0…k−1 of the same seed; the annotator pool depends on the seed only).
 * @throws SegConfigError listing every bad option.
 */
export function nodulesDataset(options: NodulesOptions = {}): Dataset {
  const o = resolveOptions(NODULES_SCHEMA, options, 'nodulesDataset');
  const noisy = o.labels === 'noisy';
  const pool: AnnotatorStyle[] = Array.from({ length: o.annotators }, (_, a) => annotatorStyle(o.seed, a, o.bias, o.jitter));
  return caseDataset({
    name: noisy ? 'task:nodules:noisy' : 'task:nodules',
    prefix: 'nodules',
    cases: o.cases,
    first: o.first,
    seed: o.seed,
    perCase: o.views,
    size: o.size,
    channels: 1,
    classNames: ['background', 'nodule'],
    makeCase(rng, ids) {
      const character = drawCharacter(rng, o.contrast);
      const annotator = pool[rng.int(pool.length)];
      return ids.map((id, v) => {
        const view = rng.fork(`view:${v}`);
        const scene = drawScene(view, FINE * o.size, character);
        const image = bmode(view, scene.echo, scene.atten, o.size, FINE);
        const shape = scaleShape(scene.shape, 1 / FINE);
        const label = noisy ? annotate(view.fork('annotation'), shape, annotator, o.size) : noduleMask(shape, o.size);
        return { id, image: { data: image, shape: [o.size, o.size, 1] }, label: { data: label, shape: [o.size, o.size] } };
      });
    },
  });
}
