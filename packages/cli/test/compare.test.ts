import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compareRuns } from '../src/lib/run-compare.js';
import { oneLine, seg } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'seg-compare-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A run directory whose eval.json holds the given foreground Dice (class 1) and HD95 per case. */
function run(name: string, dice: number[], hd95: number[], ids = dice.map((_, i) => `case${i}`)): string {
  const path = join(dir, name);
  mkdirSync(path, { recursive: true });
  const cases = dice.map((d, i) => ({
    id: ids[i],
    dice: [0.99, d],
    iou: [0.98, d / (2 - d)],
    boundary: [
      { hd95: null, assd: null, bfScore: null, surfaceDice: null },
      { hd95: hd95[i], assd: hd95[i] / 2, bfScore: d, surfaceDice: d },
    ],
  }));
  writeFileSync(join(path, 'eval.json'), JSON.stringify({ cases }));
  return path;
}

const a = [0.9, 0.8, 0.85, 0.95, 0.7, 0.88];
const minus = (xs: number[], ds: number[]) => xs.map((x, i) => x - ds[i]);
const A = run('A', a, [2, 3, 2, 1, 5, 2]);
const B = run('B', minus(a, [0.01, 0.02, 0.03, 0.04, 0.05, 0.06]), [3, 4, 3, 2, 6, 3]);
const C = run('C', minus(a, [0.005, 0.005, 0.005, 0.005, 0.005, 0.005]), [2.5, 3.5, 2.5, 1.5, 5.5, 2.5]);

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

describe('seg compare', () => {
  it('prints the table and refuses runs evaluated on other cases', () => {
    const ok = seg(['compare', '--run', A, '--run', B, '--run', C]);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('3 methods on 6 cases');
    const D = run('D', a, [1, 1, 1, 1, 1, 1], ['x0', 'x1', 'x2', 'x3', 'x4', 'x5']);
    const bad = seg(['compare', '--run', A, '--run', D]);
    expect(bad.status).toBe(2);
    expect(oneLine(bad.stderr)).toContain("seg compare: D was evaluated on other cases than A (case 1: 'x0' vs 'case0').");
  });
});
