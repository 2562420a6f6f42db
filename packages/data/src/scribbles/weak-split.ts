/**
 * The data split of scribble supervision (Valvano et al. 2021, "Dataset Splits"): by patient/case into
 * test, validation, image–scribble pairs, unlabeled images, and an unpaired mask pool whose images are
 * discarded (masks "from different subjects", so the segmentor never sees the discriminator's images).
 * The paper: 70/15/15 % train/val/test, the train part halved into scribbled and mask-pool cases.
 */
import { Rng, type Sample, SegConfigError, SegInternalError } from '@seg/core';
import { type Dataset, defineDataset } from '../dataset.js';
import { subsetDataset } from '../split.js';
import { type ScribbleDataset, type ScribbleDatasetOptions, scribbleDataset } from './scribble-dataset.js';

export interface WeakSplitOptions {
  /** Each part: a fraction of the cases when < 1, else a count of cases. Default: the cases left over. */
  scribbled?: number;
  /** Cases whose images are used without labels. Default 0. */
  unlabeled?: number;
  /** Cases whose masks form the unpaired pool (their images are never in another part). Default 0.35. */
  maskPool?: number;
  /** Default 0.15. */
  val?: number;
  /** Default 0.15. */
  test?: number;
  /** Seed of the case permutation. Default 0. */
  seed?: number;
  /** The case (patient) of a sample id; samples of one case stay together. Default: each sample is a case. */
  caseOf?: (id: string) => string;
  /** How the scribbled part gets its scribbles (see {@link scribbleDataset}). */
  scribbles?: ScribbleDatasetOptions;
}

export interface WeakSplit {
  scribbled: ScribbleDataset;
  /** Images only (no `label`). */
  unlabeled: Dataset;
  /** Full masks of other cases (their images are there but must only serve as masks). */
  maskPool: Dataset;
  val: Dataset;
  test: Dataset;
  /** The case ids of each part (disjoint), and those left unused. */
  cases: Record<'scribbled' | 'unlabeled' | 'maskPool' | 'val' | 'test' | 'unused', string[]>;
}

const PARTS = ['test', 'val', 'maskPool', 'unlabeled', 'scribbled'] as const;
type Part = (typeof PARTS)[number];

function count(value: number, n: number): number {
  if (value >= 1) return value;
  return value > 0 ? Math.max(1, Math.round(value * n)) : 0;
}

/** Cases per part (in {@link PARTS} order); pushes what is wrong to `problems`. */
function partSizes(name: string, n: number, given: Record<Part, number | undefined>, problems: string[]): number[] {
  for (const part of PARTS) {
    const v = given[part];
    if (v !== undefined && !(typeof v === 'number' && v >= 0 && (v < 1 || Number.isInteger(v))))
      problems.push(`'${part}' must be a fraction in [0, 1) or a whole count of cases, got ${JSON.stringify(v)}`);
  }
  if (problems.length > 0) return [];
  const sizes = PARTS.map((p) => count(given[p] ?? 0, n));
  if (given.scribbled === undefined) sizes[4] = Math.max(0, n - sizes.reduce((a, b) => a + b, 0));
  const total = sizes.reduce((a, b) => a + b, 0);
  const list = PARTS.map((p, k) => `${p} ${sizes[k]}`).join(', ');
  if (total > n) problems.push(`${name} has ${n} cases but the parts take ${total} (${list})`);
  else if (sizes[4] < 1) problems.push(`${name} has ${n} cases and the parts (${list}) leave none to scribble`);
  return sizes;
}

/**
 * A seeded split by case: a permutation of the cases (in order of first appearance) from `Rng(seed)`; the
 * first cases go to test, then val, maskPool, unlabeled, scribbled (default: all the rest). Every part is
 * non-overlapping by construction and checked; each keeps the dataset's order.
 */
export function weakSplit(ds: Dataset, options: WeakSplitOptions = {}): WeakSplit {
  const { val = 0.15, test = 0.15, maskPool = 0.35, unlabeled = 0, seed = 0, caseOf = (id: string) => id } = options;
  const ids = ds.ids();
  const caseIds = [...new Set(ids.map(caseOf))];
  const n = caseIds.length;
  const given: Record<Part, number | undefined> = { test, val, maskPool, unlabeled, scribbled: options.scribbled };
  const problems: string[] = [];
  if (!Number.isInteger(seed)) problems.push(`'seed' must be an integer, got ${JSON.stringify(seed)}`);
  const sizes = partSizes(ds.name, n, given, problems);
  if (problems.length > 0) throw new SegConfigError({ fn: 'weakSplit', detail: 'invalid split', problems });
  const order = new Rng(seed).permutation(n).map((i) => caseIds[i]);
  const cases = {} as WeakSplit['cases'];
  let from = 0;
  PARTS.forEach((part, k) => {
    cases[part] = order.slice(from, from + sizes[k]);
    from += sizes[k];
  });
  cases.unused = order.slice(from);
  const owner = new Map<string, string>();
  for (const [part, list] of Object.entries(cases))
    for (const c of list) {
      if (owner.has(c)) throw new SegInternalError({ fn: 'weakSplit', detail: `case ${c} is in both ${owner.get(c)} and ${part}` });
      owner.set(c, part);
    }
  const pick = (part: string) => ids.flatMap((id, i) => (owner.get(caseOf(id)) === part ? [i] : []));
  const sub = (part: string) => subsetDataset(ds, pick(part), `${ds.name}[${part}]`);
  return {
    scribbled: scribbleDataset(sub('scribbled'), options.scribbles),
    unlabeled: withoutLabels(sub('unlabeled')),
    maskPool: sub('maskPool'),
    val: sub('val'),
    test: sub('test'),
    cases,
  };
}

/** `ds` with every sample's `label` (and `annotations`) removed. */
export function withoutLabels(ds: Dataset): Dataset {
  return defineDataset({
    ...ds,
    get: (i): Sample => {
      const { id, image } = ds.get(i);
      return { id, image };
    },
    ids: () => ds.ids(),
  });
}
