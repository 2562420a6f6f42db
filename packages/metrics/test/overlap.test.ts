import { confusionMatrix, dice, diceFromConfusion, emptyConfusion, iou, jaccard } from '@seg/metrics';
import { describe, expect, it } from 'vitest';
import { lm } from './helpers.js';

describe('dice and iou', () => {
  it('hand count: |P∩G| = 1, |P| = 2, |G| = 1 gives Dice 2/3 and IoU 1/2', () => {
    const pred = lm([[1, 1]]);
    const truth = lm([[1, 0]]);
    expect(dice(pred, truth, { numClasses: 2 })[1]).toBeCloseTo(2 / 3, 12);
    expect(iou(pred, truth, { numClasses: 2 })[1]).toBeCloseTo(1 / 2, 12);
    // background: P0 = {} , G0 = {pixel 1} → Dice 0, IoU 0 (present in truth, never predicted)
    expect(dice(pred, truth, { numClasses: 2 })[0]).toBe(0);
    expect(jaccard).toBe(iou);
  });
  it('three classes by hand', () => {
    // truth 0 0 1 1 2 2 ; pred 0 1 1 1 2 0
    const truth = lm([[0, 0, 1, 1, 2, 2]]);
    const pred = lm([[0, 1, 1, 1, 2, 0]]);
    // class 0: TP 1, |P| 2, |G| 2 → 2/4; class 1: TP 2, |P| 3, |G| 2 → 4/5; class 2: TP 1, |P| 1, |G| 2 → 2/3
    const d = dice(pred, truth, { numClasses: 3 });
    expect(d[0]).toBeCloseTo(0.5, 12);
    expect(d[1]).toBeCloseTo(0.8, 12);
    expect(d[2]).toBeCloseTo(2 / 3, 12);
    // IoU: 1/3, 2/3, 1/2
    const j = iou(pred, truth, { numClasses: 3 });
    expect(j).toEqual([1 / 3, 2 / 3, 1 / 2].map((v) => expect.closeTo(v, 12)));
  });
  it('ignored truth pixels do not count, whatever was predicted there', () => {
    expect(dice(lm([[1, 1]]), lm([[1, 255]]), { numClasses: 2 })[1]).toBe(1);
  });
  it('empty policy: absent from both → NaN (default) or 1 (zero-one)', () => {
    const zeros = lm([[0, 0]]);
    expect(dice(zeros, zeros, { numClasses: 2 })).toEqual([1, Number.NaN]);
    expect(dice(zeros, zeros, { numClasses: 2, empty: 'zero-one' })).toEqual([1, 1]);
    expect(iou(zeros, zeros, { numClasses: 2, empty: 'nan' })[1]).toBeNaN();
    expect(iou(zeros, zeros, { numClasses: 2, empty: 'zero-one' })[1]).toBe(1);
  });
  it('empty policy: predicted but absent from truth → 0 under both policies', () => {
    for (const empty of ['nan', 'zero-one'] as const) {
      expect(dice(lm([[1, 0]]), lm([[0, 0]]), { numClasses: 2, empty })[1]).toBe(0);
      expect(iou(lm([[1, 0]]), lm([[0, 0]]), { numClasses: 2, empty })[1]).toBe(0);
      // and present in truth but never predicted → 0
      expect(dice(lm([[0, 0]]), lm([[1, 0]]), { numClasses: 2, empty })[1]).toBe(0);
    }
  });
  it('from a confusion matrix: an all-zero matrix is empty for every class', () => {
    expect(diceFromConfusion(emptyConfusion(3))).toEqual([Number.NaN, Number.NaN, Number.NaN]);
    expect(diceFromConfusion(emptyConfusion(3), { empty: 'zero-one' })).toEqual([1, 1, 1]);
    const cm = confusionMatrix(lm([[1, 1]]), lm([[1, 0]]), { numClasses: 2 });
    expect(diceFromConfusion(cm)[1]).toBeCloseTo(2 / 3, 12);
  });
  it('Dice = 2·IoU/(1+IoU) on every class (closed form)', () => {
    const truth = lm([[0, 0, 1, 1, 2, 2, 1, 0]]);
    const pred = lm([[0, 2, 1, 1, 2, 0, 0, 0]]);
    const d = dice(pred, truth, { numClasses: 3 });
    const j = iou(pred, truth, { numClasses: 3 });
    j.forEach((v, k) => {
      expect(d[k]).toBeCloseTo((2 * v) / (1 + v), 12);
    });
  });
});
