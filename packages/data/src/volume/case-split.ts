/**
 * Case-level splits. Slices of one scan are strongly correlated, so a random split by slice leaks the test
 * anatomy into training. {@link caseSplit} splits by case (the id prefix before the last '/'), with an
 * optional k-fold; for a single volume see slabSplit (slab-split.ts).
 */
import { Rng, SegConfigError } from '@seg/core';
import type { Dataset } from '../dataset.js';
import { type DatasetSplit, subsetDataset } from '../split.js';

/** `case/012` → `case`; an id without '/' is its own case. */
export function caseOf(id: string): string {
  const at = id.lastIndexOf('/');
  return at < 0 ? id : id.slice(0, at);
}

/** `case/012` → 12 (the trailing number of the id), or undefined. */
export function sliceIndexOf(id: string): number | undefined {
  const m = /(\d+)$/.exec(id);
  return m ? Number(m[1]) : undefined;
}

export interface CaseSplitOptions {
  /** Fraction of cases for validation (default 0.2); ignored when `folds` is given. */
  val?: number;
  /** Fraction of cases held out for test (default 0), taken before the folds. */
  test?: number;
  /** k for k-fold cross-validation over the non-test cases; the val set is fold `fold`. */
  folds?: number;
  fold?: number;
  seed?: number;
}

function groups(ds: Dataset): Map<string, number[]> {
  const out = new Map<string, number[]>();
  ds.ids().forEach((id, i) => {
    const c = caseOf(id);
    out.set(c, [...(out.get(c) ?? []), i]);
  });
  return out;
}

/**
 * A seeded split by case: cases are permuted with `new Rng(seed)`; the first round(test·n) (≥ 1 if test > 0) go
 * to test; then either round(val·n) (≥ 1 if val > 0) to val, or, with `folds` = k, fold `fold` of the remaining
 * cases (positions p with p mod k = fold) to val; the rest to train. No case is in two splits.
 */
export function caseSplit(ds: Dataset, options: CaseSplitOptions = {}): DatasetSplit {
  const { val = 0.2, test = 0, folds, fold = 0, seed = 0 } = options;
  const byCase = groups(ds);
  const names = [...byCase.keys()];
  const n = names.length;
  const problems: string[] = [];
  if (!(test >= 0 && test < 1)) problems.push(`'test' must be a fraction in [0, 1), got ${JSON.stringify(test)}`);
  if (folds === undefined && !(val >= 0 && val < 1)) problems.push(`'val' must be a fraction in [0, 1), got ${JSON.stringify(val)}`);
  if (folds !== undefined && !(Number.isInteger(folds) && folds >= 2))
    problems.push(`'folds' must be an integer ≥ 2, got ${JSON.stringify(folds)}`);
  if (folds !== undefined && !(Number.isInteger(fold) && fold >= 0 && fold < folds))
    problems.push(`'fold' must be an integer in [0, ${folds - 1}], got ${JSON.stringify(fold)}`);
  if (!Number.isInteger(seed)) problems.push(`'seed' must be an integer, got ${JSON.stringify(seed)}`);
  const take = (f: number, of: number) => (f > 0 ? Math.max(1, Math.round(f * of)) : 0);
  const nTest = take(test, n);
  const rest = n - nTest;
  const nVal = folds === undefined ? take(val, n) : Math.ceil((rest - fold) / folds);
  if (problems.length === 0 && (rest - nVal < 1 || (folds !== undefined && rest < folds)))
    problems.push(
      `${ds.name} has ${n} case${n === 1 ? '' : 's'}: too few for ${folds ? `${folds} folds` : `val ${val}`} and test ${test} with one case left to train on (use slabSplit for a single volume)`,
    );
  if (problems.length > 0) throw new SegConfigError({ fn: 'caseSplit', detail: 'invalid split', problems });
  const order = new Rng(seed).permutation(n).map((i) => names[i]);
  const testCases = order.slice(0, nTest);
  const others = order.slice(nTest);
  const valCases = folds === undefined ? others.slice(0, nVal) : others.filter((_, p) => p % folds === fold);
  const valSet = new Set(valCases);
  const trainCases = others.filter((c) => !valSet.has(c));
  const indices = (cs: string[]) => cs.flatMap((c) => byCase.get(c)!).sort((a, b) => a - b);
  return {
    train: subsetDataset(ds, indices(trainCases), `${ds.name}[train]`),
    val: subsetDataset(ds, indices(valCases), `${ds.name}[val]`),
    test: subsetDataset(ds, indices(testCases), `${ds.name}[test]`),
  };
}
