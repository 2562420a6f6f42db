import { describe, expect, it } from 'vitest';
import { type MetricTable, meanCaseRank, rankMethods, rankValues, sumRank } from '../src/compare/index.js';

describe('rankValues / rankMethods: 1 = best, ties share the mean rank', () => {
  it('higher is better: [.9, .7, .9] → [1.5, 3, 1.5]', () => {
    expect(rankValues([0.9, 0.7, 0.9], { higherIsBetter: true })).toEqual([1.5, 3, 1.5]);
  });
  it('lower is better with a three-way tie: [3, 1, 1, 2, 1] → ranks 1,2,3 shared (2) then 4, 5', () => {
    expect(rankValues([3, 1, 1, 2, 1], { higherIsBetter: false })).toEqual([5, 2, 2, 4, 2]);
  });
  it('per case, per method', () => {
    const ranks = rankMethods({ A: [0.9, 0.8, 0.5], B: [0.7, 0.8, 0.6], C: [0.8, 0.8, 0.7] }, { higherIsBetter: true });
    // case 1: three-way tie → 2 each; case 2: C > B > A
    expect(ranks).toEqual({ A: [1, 2, 3], B: [3, 2, 2], C: [2, 2, 1] });
  });
  it("NaN is refused by default, ranked last (NaNs tied) with nan: 'worst'", () => {
    const values = { A: [0.9, Number.NaN], B: [0.7, Number.NaN], C: [0.8, 0.1] };
    expect(() => rankMethods(values, { higherIsBetter: true })).toThrow(
      "rankMethods: 'values.A' must be numbers (no NaN), got NaN at case 1. Pass nan: 'worst' to rank NaN last, or compute the metric with empty: 'zero-one'.",
    );
    expect(rankMethods(values, { higherIsBetter: true, nan: 'worst' })).toEqual({ A: [1, 2.5], B: [3, 2.5], C: [2, 1] });
  });
  it('refuses a missing direction and unequal case counts', () => {
    // @ts-expect-error: runtime check of a missing option
    expect(() => rankMethods({ A: [1], B: [2] }, {})).toThrow(
      "rankMethods: 'higherIsBetter' must be true or false, got undefined. Say which direction is better: true for Dice, false for distances and calibration errors.",
    );
    expect(() => rankMethods({ A: [1, 2], B: [2] }, { higherIsBetter: true })).toThrow(
      "rankMethods: 'values.B' must be 2 per-case values like 'values.A', got 1. Every method must be evaluated on the same cases, in the same order.",
    );
  });
});

// Three methods, two cases, two metrics (hand-ranked below).
const table: MetricTable = {
  dice: { higherIsBetter: true, values: { A: [0.9, 0.5], B: [0.8, 0.8], C: [0.7, 0.6] } },
  ece: { higherIsBetter: false, values: { A: [0.1, 0.3], B: [0.2, 0.2], C: [0.05, 0.4] } },
};

describe('sumRank (MbLS §5): Σ over metrics of the rank of the mean', () => {
  it('hand count', () => {
    // Dice means A .7, B .8, C .65 → B 1, A 2, C 3; ECE means A .2, B .2, C .225 → A 1.5, B 1.5, C 3
    // scores A 3.5, B 2.5, C 6 → B 1, A 2, C 3
    const r = sumRank(table);
    expect(r.perMetric).toEqual({ dice: { A: 2, B: 1, C: 3 }, ece: { A: 1.5, B: 1.5, C: 3 } });
    expect(r.score).toEqual({ A: 3.5, B: 2.5, C: 6 });
    expect(r.rank).toEqual({ A: 2, B: 1, C: 3 });
    expect(r.order).toEqual(['B', 'A', 'C']);
  });
  it('skips NaN cases in the means; a method with only NaN needs nan: worst', () => {
    const withNaN: MetricTable = { dice: { higherIsBetter: true, values: { A: [0.9, Number.NaN], B: [0.8, 0.95] } } };
    expect(sumRank(withNaN).rank).toEqual({ A: 1, B: 2 }); // A's mean is .9 (NaN skipped), B's .875
    const allNaN: MetricTable = { dice: { higherIsBetter: true, values: { A: [Number.NaN], B: [0.8] } } };
    expect(() => sumRank(allNaN)).toThrow("sumRank: 'metrics.dice.values.A' must be at least one non-NaN case, got only NaN.");
    expect(sumRank(allNaN, { nan: 'worst' }).rank).toEqual({ A: 2, B: 1 });
  });
});

describe('meanCaseRank (MbLS §5): mean over cases of the mean rank over metrics', () => {
  it('hand count', () => {
    // case 0: Dice A1 B2 C3, ECE C1 A2 B3 → case ranks A 1.5, B 2.5, C 2
    // case 1: Dice B1 C2 A3, ECE B1 A2 C3 → case ranks A 2.5, B 1,   C 2.5
    // scores A 2, B 1.75, C 2.25 → B 1, A 2, C 3
    const r = meanCaseRank(table);
    expect(r.score).toEqual({ A: 2, B: 1.75, C: 2.25 });
    expect(r.rank).toEqual({ A: 2, B: 1, C: 3 });
    expect(r.order).toEqual(['B', 'A', 'C']);
    expect(r.perMetric).toEqual({ dice: { A: 2, B: 1.5, C: 2.5 }, ece: { A: 2, B: 2, C: 2 } });
  });
  it('can disagree with sumRank: a method best on average but rarely best per case', () => {
    // Dice: A wins cases 0–2 by a little, B wins case 3 by a lot.
    const t: MetricTable = { dice: { higherIsBetter: true, values: { A: [0.81, 0.81, 0.81, 0.1], B: [0.8, 0.8, 0.8, 0.9] } } };
    expect(sumRank(t).order).toEqual(['B', 'A']); // means A .6325 < B .825
    expect(meanCaseRank(t).order).toEqual(['A', 'B']); // per-case ranks A 1,1,1,2 → 1.25; B 1.75
  });
  it('final ties share the mean rank', () => {
    const t: MetricTable = { dice: { higherIsBetter: true, values: { A: [0.9, 0.1], B: [0.1, 0.9] } } };
    expect(meanCaseRank(t).rank).toEqual({ A: 1.5, B: 1.5 });
  });
  it('refuses metrics on different methods or cases, and a missing direction', () => {
    const other: MetricTable = { ...table, hd: { higherIsBetter: false, values: { A: [1, 2], B: [3, 4] } } };
    expect(() => meanCaseRank(other)).toThrow(
      "meanCaseRank: 'metrics.hd.values' must be methods A, B, C on 2 cases like metrics.dice, got methods A, B on 2 cases. Evaluate every method on the same cases for every metric.",
    );
    const fewer: MetricTable = { ...table, hd: { higherIsBetter: false, values: { A: [1], B: [3], C: [2] } } };
    expect(() => sumRank(fewer)).toThrow(
      "sumRank: 'metrics.hd.values' must be methods A, B, C on 2 cases like metrics.dice, got methods A, B, C on 1 case.",
    );
    const noDirection = { dice: { values: { A: [1], B: [2] } } } as unknown as MetricTable;
    expect(() => sumRank(noDirection)).toThrow("sumRank: 'metrics.dice.higherIsBetter' must be true or false, got undefined.");
    const nan: MetricTable = { dice: { higherIsBetter: true, values: { A: [0.9, Number.NaN], B: [0.8, 0.7] } } };
    expect(() => meanCaseRank(nan)).toThrow("meanCaseRank: 'metrics.dice.values.A' must be numbers (no NaN), got NaN at case 1.");
    expect(meanCaseRank(nan, { nan: 'worst' }).score).toEqual({ A: 1.5, B: 1.5 });
  });
});
