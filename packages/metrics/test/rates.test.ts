import {
  confusionMatrix,
  emptyConfusion,
  pixelAccuracy,
  pixelAccuracyFromConfusion,
  precision,
  precisionFromConfusion,
  recall,
  recallFromConfusion,
  sensitivity,
  sensitivityFromConfusion,
  specificity,
  specificityFromConfusion,
} from '@seg/metrics';
import { describe, expect, it } from 'vitest';
import { lm } from './helpers.js';

describe('precision, recall, specificity, pixel accuracy', () => {
  // truth 1 1 1 0 0 0 0 0 ; pred 1 1 0 1 0 0 0 0 → class 1: TP 2, FP 1, FN 1, TN 4
  const truth = lm([[1, 1, 1, 0, 0, 0, 0, 0]]);
  const pred = lm([[1, 1, 0, 1, 0, 0, 0, 0]]);
  it('hand counts for class 1: precision 2/3, recall 2/3, specificity 4/5', () => {
    expect(precision(pred, truth, { numClasses: 2 })[1]).toBeCloseTo(2 / 3, 12);
    expect(recall(pred, truth, { numClasses: 2 })[1]).toBeCloseTo(2 / 3, 12);
    expect(sensitivity(pred, truth, { numClasses: 2 })).toEqual(recall(pred, truth, { numClasses: 2 }));
    expect(specificity(pred, truth, { numClasses: 2 })[1]).toBeCloseTo(4 / 5, 12);
    // class 0 one-vs-rest: TP 4, FP 1, FN 1, TN 2 → precision 4/5, specificity 2/3
    expect(precision(pred, truth, { numClasses: 2 })[0]).toBeCloseTo(4 / 5, 12);
    expect(specificity(pred, truth, { numClasses: 2 })[0]).toBeCloseTo(2 / 3, 12);
  });
  it('from the confusion matrix gives the same numbers', () => {
    const cm = confusionMatrix(pred, truth, { numClasses: 2 });
    expect(precisionFromConfusion(cm)).toEqual(precision(pred, truth, { numClasses: 2 }));
    expect(recallFromConfusion(cm)).toEqual(recall(pred, truth, { numClasses: 2 }));
    expect(sensitivityFromConfusion(cm)).toEqual(recallFromConfusion(cm));
    expect(specificityFromConfusion(cm)).toEqual(specificity(pred, truth, { numClasses: 2 }));
  });
  it('empty policy for precision/recall: class absent from both → NaN or 1', () => {
    const zeros = lm([[0, 0, 0]]);
    for (const f of [precision, recall]) {
      expect(f(zeros, zeros, { numClasses: 2 })[1]).toBeNaN();
      expect(f(zeros, zeros, { numClasses: 2, empty: 'zero-one' })[1]).toBe(1);
    }
  });
  it('zero denominator with the other side non-empty → 0 under both policies', () => {
    for (const empty of ['nan', 'zero-one'] as const) {
      // never predicted but present: precision TP/(TP+FP) = 0/0 → 0
      expect(precision(lm([[0, 0]]), lm([[1, 0]]), { numClasses: 2, empty })[1]).toBe(0);
      // predicted but absent from truth: recall 0/0 → 0
      expect(recall(lm([[1, 0]]), lm([[0, 0]]), { numClasses: 2, empty })[1]).toBe(0);
      // every truth pixel is class 1 (no negatives) but one was predicted 0: specificity 0/0 → 0
      expect(specificity(lm([[0, 1]]), lm([[1, 1]]), { numClasses: 2, empty })[1]).toBe(0);
    }
  });
  it('specificity empty policy: no other class in truth or prediction', () => {
    const ones = lm([[1, 1]]);
    expect(specificity(ones, ones, { numClasses: 2 })[1]).toBeNaN();
    expect(specificity(ones, ones, { numClasses: 2, empty: 'zero-one' })[1]).toBe(1);
  });
  it('pixel accuracy: 6 of 8 pixels right; ignored pixels skipped; empty policy when nothing counts', () => {
    expect(pixelAccuracy(pred, truth)).toBeCloseTo(6 / 8, 12);
    expect(pixelAccuracy(pred, truth, { numClasses: 2 })).toBeCloseTo(6 / 8, 12);
    expect(pixelAccuracyFromConfusion(confusionMatrix(pred, truth, { numClasses: 2 }))).toBeCloseTo(6 / 8, 12);
    expect(pixelAccuracy(lm([[1, 0, 1]]), lm([[1, 255, 0]]))).toBeCloseTo(1 / 2, 12);
    expect(pixelAccuracy(lm([[1]]), lm([[255]]))).toBeNaN();
    expect(pixelAccuracy(lm([[1]]), lm([[255]]), { empty: 'zero-one' })).toBe(1);
    expect(pixelAccuracyFromConfusion(emptyConfusion(2))).toBeNaN();
  });
});
