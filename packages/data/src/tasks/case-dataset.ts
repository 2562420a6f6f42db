/**
 * A dataset of generated cases, each a fixed number of 2D samples (slices, views, phases) made together, so that
 * case-level properties (a lesion set, a contrast, a per-volume normalisation) are shared by the case's samples.
 * Case c is drawn from its own generator `new Rng(seed).fork('<prefix>:<first + c>')`, so any case can be made
 * alone and `first` selects disjoint cases of the same distribution (a held-out set with the same seed).
 * Ids are `<prefix>_<case>/<slice>` (`lesions_0007/03`): `caseOf` and every case split group by the part before '/'.
 */
import { Rng, type Sample, SegInternalError } from '@seg/core';
import { type Dataset, defineDataset } from '../dataset.js';

/** Cases are all kept while the dataset holds at most 2²⁴ pixel·channels (≈ 64 MB of images); else the last one. */
const CACHE_VALUES = 2 ** 24;

export interface CaseDatasetParts {
  /** Dataset name, e.g. `'task:lesions'`. */
  name: string;
  /** Id prefix and generator label, e.g. `'lesions'`. */
  prefix: string;
  cases: number;
  first: number;
  seed: number;
  /** Samples per case (every case has this many). */
  perCase: number;
  size: number;
  channels: number;
  classNames: readonly string[];
  /** Makes the `ids.length` samples of one case (in id order) from `rng` alone. */
  makeCase(rng: Rng, ids: readonly string[]): Sample[];
}

/** The ids of every sample, case-major. */
function caseIds(prefix: string, cases: number, first: number, perCase: number): string[][] {
  const digits = Math.max(4, String(first + cases - 1).length);
  const slotDigits = Math.max(2, String(perCase - 1).length);
  return Array.from({ length: cases }, (_, c) => {
    const caseId = `${prefix}_${String(first + c).padStart(digits, '0')}`;
    return Array.from({ length: perCase }, (_, s) => `${caseId}/${String(s).padStart(slotDigits, '0')}`);
  });
}

/** A {@link Dataset} over generated cases (see the module comment for ids, seeding and caching). */
export function caseDataset(parts: CaseDatasetParts): Dataset {
  const { name, prefix, cases, first, seed, perCase, size, channels, classNames, makeCase } = parts;
  const ids = caseIds(prefix, cases, first, perCase);
  const root = new Rng(seed);
  const keepAll = cases * perCase * size * size * channels <= CACHE_VALUES;
  const cache = new Map<number, Sample[]>();
  const generate = (c: number): Sample[] => {
    const made = makeCase(root.fork(`${prefix}:${first + c}`), ids[c]);
    if (made.length !== perCase || made.some((s, k) => s.id !== ids[c][k]))
      throw new SegInternalError({ fn: name, detail: `case ${ids[c][0]} was made with ${made.length} samples, not ${perCase}` });
    return made;
  };
  const caseSamples = (c: number): Sample[] => {
    let made = cache.get(c);
    if (!made) {
      made = generate(c);
      if (!keepAll) cache.clear();
      cache.set(c, made);
    }
    return made;
  };
  return defineDataset({
    name,
    size: cases * perCase,
    numClasses: classNames.length,
    channels,
    height: size,
    width: size,
    classNames,
    get: (i) => caseSamples(Math.floor(i / perCase))[i % perCase],
    ids: () => ids.flat(),
  });
}
