/** A dataset over samples already in memory (validated once, up front). */
import { type Sample, SegInputError } from '@seg/core';
import { type Dataset, defineDataset } from './dataset.js';
import { assertSample } from './sample.js';

export interface InMemoryOptions {
  /** Classes including background (≥ 2). */
  numClasses: number;
  /** Default `'memory'`. */
  name?: string;
  /** Default `['background', 'class_1', …]`. */
  classNames?: readonly string[];
}

/**
 * Wraps `samples` as a {@link Dataset}. Every sample is checked with {@link assertSample}; all must share
 * one H×W×C, ids must be unique, and either every sample has a label or none has.
 */
export function inMemoryDataset(samples: readonly Sample[], options: InMemoryOptions): Dataset {
  const { numClasses, name = 'memory', classNames } = options ?? ({} as InMemoryOptions);
  const fn = 'inMemoryDataset';
  if (!Array.isArray(samples) || samples.length === 0) {
    throw new SegInputError({
      fn,
      arg: 'samples',
      expected: 'a non-empty array of samples',
      got: Array.isArray(samples) ? 'an empty array' : typeof samples,
    });
  }
  if (classNames !== undefined && classNames.length !== numClasses) {
    throw new SegInputError({ fn, arg: 'classNames', expected: `${numClasses} names (one per class)`, got: `${classNames.length}` });
  }
  const first = samples[0];
  assertSample(first, numClasses, fn);
  const [h, w, c] = first.image.shape;
  const seen = new Set<string>();
  for (const s of samples) {
    assertSample(s, numClasses, fn);
    const [sh, sw, sc] = s.image.shape;
    if (sh !== h || sw !== w || sc !== c) {
      throw new SegInputError({
        fn,
        detail: `${s.id} is ${sh}×${sw}×${sc} but ${first.id} is ${h}×${w}×${c}; every sample of a dataset must have one size`,
        hint: 'Resize, crop or pad the samples to one size',
      });
    }
    if ((s.label === undefined) !== (first.label === undefined)) {
      throw new SegInputError({
        fn,
        detail: `${s.id} ${s.label ? 'has' : 'has no'} label but ${first.id} ${first.label ? 'has' : 'has none'}`,
        hint: 'Label every sample, or none',
      });
    }
    if (seen.has(s.id))
      throw new SegInputError({ fn, detail: `the id ${s.id} occurs twice`, hint: 'Ids name output files and must be unique' });
    seen.add(s.id);
  }
  const list = [...samples];
  return defineDataset({
    name,
    size: list.length,
    numClasses,
    channels: c,
    height: h,
    width: w,
    classNames,
    get: (i) => list[i],
    ids: () => list.map((s) => s.id),
  });
}
