import { addConfusion, classCounts, confusionMatrix, emptyConfusion, sumConfusion } from '@seg/metrics';
import { describe, expect, it } from 'vitest';
import { lm } from './helpers.js';

describe('confusionMatrix', () => {
  // truth rows, pred columns; hand count over the 6 pixels below
  const truth = lm([
    [0, 1, 2],
    [2, 2, 255],
  ]);
  const pred = lm([
    [0, 1, 1],
    [2, 0, 1],
  ]);
  it('counts truth × prediction pairs and skips the ignore index', () => {
    const cm = confusionMatrix(pred, truth, { numClasses: 3 });
    // (t0,p0) once; (t1,p1) once; (t2,p1), (t2,p2), (t2,p0) once each; the 255 pixel is skipped
    expect(Array.from(cm.counts)).toEqual([1, 0, 0, 0, 1, 0, 1, 1, 1]);
    expect(cm.numClasses).toBe(3);
  });
  it('ignoreIndex -1 counts every pixel, so a 255 truth is out of range', () => {
    expect(() => confusionMatrix(pred, truth, { numClasses: 3, ignoreIndex: -1 })).toThrow(
      "confusionMatrix: 'truth' must be class indices in [0, 2], got 255 at flat index 5. Raise numClasses, or remap the label values.",
    );
  });
  it('one-vs-rest counts (hand count for class 2: TP 1, FP 0, FN 2, TN 2)', () => {
    const c = classCounts(confusionMatrix(pred, truth, { numClasses: 3 }));
    expect(c[2]).toEqual({ tp: 1, fp: 0, fn: 2, tn: 2 });
    // class 1: predicted at 2 pixels (one right), true at 1 pixel
    expect(c[1]).toEqual({ tp: 1, fp: 1, fn: 0, tn: 3 });
  });
  it('accumulates in place; sum of matrices equals the matrix of the concatenation', () => {
    const a = confusionMatrix(lm([[0, 1]]), lm([[0, 0]]), { numClasses: 2 });
    const b = confusionMatrix(lm([[1, 1]]), lm([[1, 0]]), { numClasses: 2 });
    const both = confusionMatrix(lm([[0, 1, 1, 1]]), lm([[0, 0, 1, 0]]), { numClasses: 2 });
    expect(Array.from(sumConfusion([a, b]).counts)).toEqual(Array.from(both.counts));
    const into = emptyConfusion(2);
    expect(addConfusion(into, a)).toBe(into);
    addConfusion(into, b);
    expect(Array.from(into.counts)).toEqual([1, 2, 0, 1]);
    expect(Array.from(a.counts)).toEqual([1, 1, 0, 0]); // sumConfusion left its inputs alone
  });
  it('refuses mismatched class counts and bad inputs', () => {
    expect(() => addConfusion(emptyConfusion(2), emptyConfusion(3))).toThrow(
      "addConfusion: 'other' must be a 2-class matrix like 'into', got 3 classes. Accumulate cases of one task only.",
    );
    expect(() => emptyConfusion(1)).toThrow("emptyConfusion: 'numClasses' must be an integer ≥ 2, got 1.");
    expect(() => sumConfusion([])).toThrow("sumConfusion: 'matrices' must be a non-empty array, got 0.");
  });
});
