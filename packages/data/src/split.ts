/**
 * Subsets and seeded train/val/test splits. Splits are by sample; splits by case or patient (several
 * slices of one volume kept on one side) come with NIfTI volumes.
 */
import { assertInteger, Rng, SegConfigError, SegInputError } from '@seg/core';
import { type Dataset, defineDataset } from './dataset.js';

/** The samples of `ds` at `indices` (in that order; repeats allowed), as a dataset named `name`. */
export function subsetDataset(ds: Dataset, indices: readonly number[], name = `${ds.name}[subset]`): Dataset {
  if (!Array.isArray(indices))
    throw new SegInputError({ fn: 'subsetDataset', arg: 'indices', expected: 'an array of sample indices', got: typeof indices });
  indices.forEach((v, i) => {
    assertInteger(v, 'subsetDataset', `indices[${i}]`, 0, ds.size - 1);
  });
  const picked = [...indices];
  const allIds = ds.ids();
  return defineDataset({
    name,
    size: picked.length,
    numClasses: ds.numClasses,
    channels: ds.channels,
    height: ds.height,
    width: ds.width,
    classNames: ds.classNames,
    get: (i) => ds.get(picked[i]),
    ids: () => picked.map((i) => allIds[i]),
  });
}

export interface SplitOptions {
  /** Fraction of samples for validation, in [0, 1). Default 0.2. */
  val?: number;
  /** Fraction for the test set, in [0, 1). Default 0. */
  test?: number;
  /** Seed of the permutation. Default 0. */
  seed?: number;
}

export interface DatasetSplit {
  train: Dataset;
  val: Dataset;
  test: Dataset;
}

function sizes(n: number, val: number, test: number): [number, number] {
  const take = (f: number) => (f > 0 ? Math.max(1, Math.round(f * n)) : 0);
  return [take(val), take(test)];
}

/**
 * A seeded random split by sample: a permutation from `new Rng(seed)`, the first round(test·n) samples (
 * at least 1 when the fraction is > 0) to test, the next to val, the rest to train; each subset keeps the
 * dataset's order. Subsets are named `<name>[train]`, `[val]`, `[test]`.
 */
export function splitDataset(ds: Dataset, options: SplitOptions = {}): DatasetSplit {
  const { val = 0.2, test = 0, seed = 0 } = options;
  const problems: string[] = [];
  for (const [key, f] of [
    ['val', val],
    ['test', test],
  ] as const) {
    if (!(typeof f === 'number' && f >= 0 && f < 1)) problems.push(`'${key}' must be a fraction in [0, 1), got ${JSON.stringify(f)}`);
  }
  if (!Number.isInteger(seed)) problems.push(`'seed' must be an integer, got ${JSON.stringify(seed)}`);
  if (problems.length === 0) {
    const [nVal, nTest] = sizes(ds.size, val, test);
    if (ds.size - nVal - nTest < 1)
      problems.push(`${ds.name} has ${ds.size} samples: ${nVal} for val and ${nTest} for test leave none to train on`);
  }
  if (problems.length > 0) throw new SegConfigError({ fn: 'splitDataset', detail: 'invalid split', problems });
  const [nVal, nTest] = sizes(ds.size, val, test);
  const order = new Rng(seed).permutation(ds.size);
  const part = (from: number, to: number) => order.slice(from, to).sort((a, b) => a - b);
  return {
    test: subsetDataset(ds, part(0, nTest), `${ds.name}[test]`),
    val: subsetDataset(ds, part(nTest, nTest + nVal), `${ds.name}[val]`),
    train: subsetDataset(ds, part(nTest + nVal, ds.size), `${ds.name}[train]`),
  };
}
