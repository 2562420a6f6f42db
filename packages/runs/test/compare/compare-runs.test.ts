import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compareRuns } from '../../src/compare/compare-runs.js';
import { a, evalRunDir, minus } from '../fixtures/eval-json.js';

const dir = mkdtempSync(join(tmpdir(), 'seg-compare-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const A = evalRunDir(dir, 'A', a, [2, 3, 2, 1, 5, 2]);
const B = evalRunDir(dir, 'B', minus(a, [0.01, 0.02, 0.03, 0.04, 0.05, 0.06]), [3, 4, 3, 2, 6, 3]);
const C = evalRunDir(dir, 'C', minus(a, [0.005, 0.005, 0.005, 0.005, 0.005, 0.005]), [2.5, 3.5, 2.5, 1.5, 5.5, 2.5]);

describe('compareRuns', () => {
  const r = compareRuns([A, B, C]);
  it('means per method and metric', () => {
    expect(r.means.dice.A).toBeCloseTo(a.reduce((s, v) => s + v) / 6, 12);
    expect(r.means.dice.B).toBeCloseTo(r.means.dice.A - 0.035, 12); // mean of 0.01…0.06
    expect(r.means.hd95.B).toBeCloseTo(r.means.hd95.A + 1, 12);
  });
  it('A is best on every metric, C second, B last → sum-rank 1, 2, 3', () => {
    expect(r.sumRank.order).toEqual(['A', 'C', 'B']);
    expect(r.meanCaseRank.order).toEqual(['A', 'C', 'B']);
    // every case ranks A 1, C 2, B 3 on each metric → mean case ranks 1, 2, 3
    expect([r.meanCaseRank.score.A, r.meanCaseRank.score.C, r.meanCaseRank.score.B]).toEqual([1, 2, 3]);
  });
  it('Wilcoxon B vs A: 6 distinct negative differences → W+ = 0, exact two-sided p = 2/2⁶', () => {
    const w = r.wilcoxon.dice.B;
    expect([w.against, w.statistic, w.method]).toEqual(['A', 0, 'exact']);
    expect(w.pValue).toBeCloseTo(2 / 64, 12);
  });
});
