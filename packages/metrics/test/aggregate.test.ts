import {
  confusionMatrix,
  datasetDice,
  datasetIou,
  dice,
  meanOverCases,
  meanOverClasses,
  summarize,
  summarizeOverCases,
} from '@seg/metrics';
import { describe, expect, it } from 'vitest';
import { lm } from './helpers.js';

describe('aggregation', () => {
  it('summarize skips NaN and counts it', () => {
    // non-NaN values 1, 2, 4: mean 7/3, median 2, sample sd sqrt(((−4/3)² + (−1/3)² + (5/3)²)/2) = sqrt(7/3)
    const s = summarize([1, Number.NaN, 2, 4, Number.NaN]);
    expect(s.mean).toBeCloseTo(7 / 3, 12);
    expect(s.median).toBe(2);
    expect(s.sd).toBeCloseTo(Math.sqrt(7 / 3), 12);
    expect(s.count).toBe(3);
    expect(s.nanCount).toBe(2);
    const none = summarize([Number.NaN]);
    expect([none.mean, none.count, none.nanCount]).toEqual([Number.NaN, 0, 1]);
  });
  it('meanOverClasses drops background by default and skips NaN', () => {
    expect(meanOverClasses([0.9, 0.5, Number.NaN, 0.7])).toBeCloseTo(0.6, 12); // (0.5 + 0.7) / 2
    expect(meanOverClasses([0.9, 0.5, Number.NaN, 0.7], { includeBackground: true })).toBeCloseTo(0.7, 12); // 2.1 / 3
    expect(meanOverClasses([1, Number.NaN])).toBeNaN();
  });
  it('mean of per-case Dice differs from dataset-level Dice (hand count)', () => {
    // case A: truth 1 1 1 1, pred 1 1 1 1 → Dice₁ 1;   case B: truth 1 0 0 0, pred 0 1 0 0 → Dice₁ 0
    const a = [lm([[1, 1, 1, 1]]), lm([[1, 1, 1, 1]])] as const;
    const b = [lm([[0, 1, 0, 0]]), lm([[1, 0, 0, 0]])] as const;
    const perCase = [dice(...a, { numClasses: 2 }), dice(...b, { numClasses: 2 })];
    expect(meanOverCases(perCase)[1]).toBeCloseTo(0.5, 12);
    // pooled: TP 4, FP 1, FN 1 → 8/10
    const cms = [confusionMatrix(...a, { numClasses: 2 }), confusionMatrix(...b, { numClasses: 2 })];
    expect(datasetDice(cms)[1]).toBeCloseTo(0.8, 12);
    // pooled IoU 4/6
    expect(datasetIou(cms)[1]).toBeCloseTo(4 / 6, 12);
    // background of case A is empty → NaN, skipped in the case mean and counted
    expect(summarizeOverCases(perCase)[0].nanCount).toBe(1);
    expect(meanOverCases(perCase)[0]).toBeCloseTo(perCase[1][0], 12);
  });
  it('names ragged per-case rows', () => {
    expect(() => meanOverCases([[1, 2], [1]])).toThrow(
      "summarizeOverCases: 'perCase[1]' must be 2 per-class values like perCase[0], got 1.",
    );
  });
});
