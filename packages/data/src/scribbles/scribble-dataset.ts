/**
 * A dataset of image–scribble pairs made from a labelled dataset (Valvano et al. 2021): skeleton or
 * random-walk scribbles, several annotators per image, and mixed supervision (some cases keep the full mask).
 */
import { assertInteger, DEFAULT_IGNORE_INDEX, type LabelMap, Rng, type Sample, SegConfigError, SegInputError } from '@seg/core';
import { type Dataset, defineDataset } from '../dataset.js';
import { trimScribble } from './perturb.js';
import { randomWalkScribbles } from './random-walk.js';
import { skeletonScribbles } from './skeleton-scribbles.js';

export type ScribbleMethod = 'skeleton' | 'random-walk';
export const SCRIBBLE_METHODS: readonly ScribbleMethod[] = ['skeleton', 'random-walk'];

export interface ScribbleDatasetOptions {
  /** Default `'skeleton'`. */
  method?: ScribbleMethod;
  /** Scribbles per image (≥ 1). Default 1. */
  annotators?: number;
  /** Seed of the walks, the annotators' perturbations and the full-mask choice. Default 0. */
  seed?: number;
  /** Background scribble: `'ring' | 'skeleton' | 'none'` (skeleton) or `'walk' | 'ring' | 'none'` (random walk); default `'ring'` / `'walk'`. */
  background?: 'ring' | 'skeleton' | 'walk' | 'none';
  /** Background ring margin, pixels. Default 4. */
  margin?: number;
  /** Random-walk steps per object. Default 2500. */
  steps?: number;
  /** Fraction of cases (chosen by `seed`) that keep their full mask, in [0, 1]. Default 0. */
  fullMaskFraction?: number;
  /** Value of unscribbled pixels. Default 255. */
  ignoreIndex?: number;
}

/** A {@link Dataset} whose labels are scribbles; `sample.annotations` holds every annotator's scribble. */
export interface ScribbleDataset extends Dataset {
  readonly method: ScribbleMethod;
  readonly annotators: number;
  /** True when the case at `index` keeps its full mask (mixed supervision). */
  isFullMask(index: number): boolean;
  /** The full label map of the case at `index` (for coverage statistics). */
  fullLabel(index: number): LabelMap;
}

function check(options: ScribbleDatasetOptions): void {
  const { method = 'skeleton', annotators = 1, seed = 0, fullMaskFraction = 0 } = options;
  const problems: string[] = [];
  if (!SCRIBBLE_METHODS.includes(method)) problems.push(`'method' must be 'skeleton' or 'random-walk', got ${JSON.stringify(method)}`);
  if (!(Number.isInteger(annotators) && annotators >= 1)) problems.push(`'annotators' must be an integer ≥ 1, got ${annotators}`);
  if (!Number.isInteger(seed)) problems.push(`'seed' must be an integer, got ${seed}`);
  if (!(typeof fullMaskFraction === 'number' && fullMaskFraction >= 0 && fullMaskFraction <= 1))
    problems.push(`'fullMaskFraction' must be a fraction in [0, 1], got ${fullMaskFraction}`);
  const backgrounds = method === 'random-walk' ? ['walk', 'ring', 'none'] : ['ring', 'skeleton', 'none'];
  if (options.background !== undefined && !backgrounds.includes(options.background))
    problems.push(
      `'background' must be one of ${backgrounds.map((b) => `'${b}'`).join(', ')} with method '${method}', got ${JSON.stringify(options.background)}`,
    );
  if (problems.length > 0) throw new SegConfigError({ fn: 'scribbleDataset', detail: 'invalid options', problems });
}

/**
 * Wraps `ds` (labelled) so that each sample's `label` is the first annotator's scribble and
 * `annotations` holds all `annotators` scribbles. Annotator a of the case with id `id` draws from
 * `Rng(seed).fork(id#a)` (so a case's scribbles do not depend on which split it lands in):
 * random walk: one walk seeded from that generator; skeleton: annotator 0 the exact skeleton, annotators
 * a ≥ 1 a random connected part (50–100 %) of every stroke of it ({@link trimScribble}).
 * Full-mask cases (round(fullMaskFraction · size), picked by `Rng(seed).fork('full-mask')`) carry the
 * full mask as `label` and as each of their `annotators` annotations (so batches stack). Generated once per
 * index and cached.
 */
export function scribbleDataset(ds: Dataset, options: ScribbleDatasetOptions = {}): ScribbleDataset {
  check(options);
  const { method = 'skeleton', annotators = 1, seed = 0, fullMaskFraction = 0, ignoreIndex = DEFAULT_IGNORE_INDEX } = options;
  const { margin = 4, steps = 2500 } = options;
  const full = new Set(
    new Rng(seed)
      .fork('full-mask')
      .permutation(ds.size)
      .slice(0, Math.round(fullMaskFraction * ds.size)),
  );
  const base = new Rng(seed);
  const scribble = (label: LabelMap, id: string, a: number): LabelMap => {
    const rng = base.fork(`${id}#${a}`);
    if (method === 'random-walk') {
      const background = (options.background ?? 'walk') as 'walk' | 'ring' | 'none';
      return randomWalkScribbles(label, { steps, seed: rng.nextUint32(), background, margin, ignoreIndex });
    }
    const background = (options.background ?? 'ring') as 'ring' | 'skeleton' | 'none';
    const skeleton = skeletonScribbles(label, { background, margin, ignoreIndex });
    return a === 0 ? skeleton : trimScribble(skeleton, rng, ignoreIndex);
  };
  const fullLabel = (index: number): LabelMap => {
    const s = ds.get(index);
    if (!s.label)
      throw new SegInputError({ fn: 'scribbleDataset', arg: 'ds', expected: 'a labelled dataset', got: `${s.id} without a label` });
    return s.label;
  };
  const cache = new Map<number, Sample>();
  const get = (index: number): Sample => {
    const hit = cache.get(index);
    if (hit) return hit;
    const { id, image } = ds.get(index);
    const label = fullLabel(index);
    const annotations = Array.from({ length: annotators }, (_, a) => (full.has(index) ? label : scribble(label, id, a)));
    const sample: Sample = { id, image, label: annotations[0], annotations };
    cache.set(index, sample);
    return sample;
  };
  const name = `${ds.name}[${method} scribbles]`;
  const parts = { name, size: ds.size, numClasses: ds.numClasses, channels: ds.channels, height: ds.height, width: ds.width };
  const dataset = defineDataset({ ...parts, classNames: ds.classNames, get, ids: () => ds.ids() });
  return {
    ...dataset,
    method,
    annotators,
    isFullMask: (index) => {
      assertInteger(index, `${name}.isFullMask`, 'index', 0, ds.size - 1);
      return full.has(index);
    },
    fullLabel,
  };
}
