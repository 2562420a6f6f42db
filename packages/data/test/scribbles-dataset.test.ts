import type { LabelMap } from '@seg/core';
import { phantomDataset } from '@seg/data';
import { describe, expect, it } from 'vitest';
import { addCoverage, scribbleCoverage, scribbleDataset, skeletonScribbles, weakSplit } from '../src/scribbles/index.js';

/** True when every scribbled pixel of `a` equals `ref` (unscribbled = 255). */
const agrees = (a: LabelMap, ref: LabelMap) => a.data.every((v, p) => v === 255 || v === ref.data[p]);
const lm = (rows: number[][]): LabelMap => ({ data: Int32Array.from(rows.flat()), shape: [rows.length, rows[0].length] });

describe('scribbleCoverage', () => {
  it('hand count', () => {
    // scribble [[1,-],[0,1]] vs truth [[1,1],[0,0]]: class 0 scribbled 1 (right), mask 2; class 1 scribbled 2, one of them wrong (truth 0), mask 2
    const cov = scribbleCoverage(
      lm([
        [1, 255],
        [0, 1],
      ]),
      lm([
        [1, 1],
        [0, 0],
      ]),
      2,
    );
    expect(cov).toEqual([
      { scribbled: 1, wrong: 0, mask: 2, pixels: 4, fraction: 0.5, imageFraction: 0.25 },
      { scribbled: 2, wrong: 1, mask: 2, pixels: 4, fraction: 0.5, imageFraction: 0.5 },
    ]);
    // pooled over two images: class 1 (2 − 1 + 0) / (2 + 1) = 1/3; class 0 (1 + 1) / (2 + 3) = 0.4
    const sum = addCoverage(
      cov,
      scribbleCoverage(
        lm([
          [0, 255],
          [255, 255],
        ]),
        lm([
          [0, 0],
          [1, 0],
        ]),
        2,
      ),
    );
    expect(sum.map((c) => [c.scribbled, c.mask, c.pixels])).toEqual([
      [2, 5, 8],
      [2, 3, 8],
    ]);
    expect(sum[0].fraction).toBeCloseTo(0.4, 12);
    expect(sum[1].fraction).toBeCloseTo(1 / 3, 12);
  });
  it('an absent class has NaN fraction; bad input names its argument', () => {
    expect(scribbleCoverage(lm([[0]]), lm([[0]]), 3)[2].fraction).toBeNaN();
    expect(() => scribbleCoverage(lm([[0, 0]]), lm([[0]]), 2)).toThrow("scribbleCoverage: 'label' must be 1×2 like 'scribble', got 1×1.");
    expect(() => scribbleCoverage(lm([[5]]), lm([[0]]), 2)).toThrow(
      "scribbleCoverage: 'scribble' must be class indices in [0, 1] or 255, got 5",
    );
  });
});

describe('scribbleDataset', () => {
  const ds = phantomDataset({ kind: 'rings', count: 8, size: 32, seed: 3 });
  it('skeleton: label is the skeleton scribble, 255 off it; annotations per annotator, later ones parts of the first', () => {
    const sd = scribbleDataset(ds, { annotators: 3, seed: 1 });
    expect([sd.size, sd.numClasses, sd.annotators, sd.method]).toEqual([8, 4, 3, 'skeleton']);
    for (let i = 0; i < sd.size; i++) {
      const s = sd.get(i);
      const truth = ds.get(i).label as LabelMap;
      expect(s.label?.data).toEqual(skeletonScribbles(truth).data);
      expect(s.annotations).toHaveLength(3);
      expect(s.annotations?.[0]).toBe(s.label);
      for (const a of s.annotations ?? []) expect(agrees(a, s.label as LabelMap)).toBe(true);
      expect(sd.get(i)).toBe(s); // cached
    }
    const a1 = sd.get(0).annotations?.[1].data.filter((v) => v !== 255).length ?? 0;
    expect(a1).toBeLessThan(sd.get(0).label?.data.filter((v) => v !== 255).length ?? 0);
  });
  it('random walk: annotators differ, stay inside; a case gets the same scribbles in any subset (seeded by id)', () => {
    const sd = scribbleDataset(ds, { method: 'random-walk', annotators: 2, seed: 5, steps: 100 });
    const s = sd.get(2);
    const truth = ds.get(2).label as LabelMap;
    expect(s.annotations?.[1].data).not.toEqual(s.annotations?.[0].data);
    for (const a of s.annotations ?? []) expect(agrees(a, truth)).toBe(true);
    // default weakSplit of 8 cases: test 1, val 1, mask pool 3, scribbled 3, at other positions than in ds
    const sub = weakSplit(ds, { seed: 1, scribbles: { method: 'random-walk', annotators: 2, seed: 5, steps: 100 } });
    expect(sub.scribbled.size).toBe(3);
    sub.scribbled.ids().forEach((id, j) => {
      expect(sub.scribbled.get(j).annotations?.[1].data).toEqual(sd.get(ds.ids().indexOf(id)).annotations?.[1].data);
    });
  });
  it('mixed supervision: round(0.25 · 8) = 2 cases keep the full mask, chosen by seed', () => {
    const sd = scribbleDataset(ds, { fullMaskFraction: 0.25, annotators: 2, seed: 9 });
    const full = [...Array(8).keys()].filter((i) => sd.isFullMask(i));
    expect(full).toHaveLength(2);
    for (const i of full) {
      expect(sd.get(i).label).toBe(ds.get(i).label);
      expect(sd.get(i).annotations).toEqual([ds.get(i).label, ds.get(i).label]);
    }
    for (let i = 0; i < 8; i++) if (!full.includes(i)) expect(sd.get(i).label?.data.includes(255)).toBe(true);
    const other = scribbleDataset(ds, { fullMaskFraction: 0.25, seed: 10 });
    expect([...Array(8).keys()].filter((i) => other.isFullMask(i))).not.toEqual(full);
  });
  it('lists every bad option', () => {
    expect(() => scribbleDataset(ds, { annotators: 0, fullMaskFraction: 2, background: 'walk' })).toThrow(
      "scribbleDataset: invalid options:\n  - 'annotators' must be an integer ≥ 1, got 0\n  - 'fullMaskFraction' must be a fraction in [0, 1], got 2\n  - 'background' must be one of 'ring', 'skeleton', 'none' with method 'skeleton', got \"walk\"",
    );
  });
});

describe('weakSplit', () => {
  const ds = phantomDataset({ kind: 'nodule', count: 20, size: 16, seed: 1 });
  it('defaults 15/15 % val/test, 35 % mask pool, the rest scribbled: disjoint, covering, seeded', () => {
    const s = weakSplit(ds, { seed: 2 });
    // round(0.15·20) = 3, 3, round(0.35·20) = 7, unlabeled 0, scribbled 20 − 13 = 7
    expect([s.test.size, s.val.size, s.maskPool.size, s.unlabeled.size, s.scribbled.size]).toEqual([3, 3, 7, 0, 7]);
    const all = [s.test, s.val, s.maskPool, s.unlabeled, s.scribbled].flatMap((d) => d.ids());
    expect(new Set(all).size).toBe(20);
    expect(weakSplit(ds, { seed: 2 }).maskPool.ids()).toEqual(s.maskPool.ids());
    expect(weakSplit(ds, { seed: 3 }).maskPool.ids()).not.toEqual(s.maskPool.ids());
    expect(s.scribbled.get(0).label?.data.includes(255)).toBe(true);
  });
  it('counts and fractions; unlabeled images carry no label; leftover cases are unused', () => {
    const s = weakSplit(ds, { val: 2, test: 2, maskPool: 5, unlabeled: 0.25, scribbled: 4, seed: 1 });
    expect([s.val.size, s.test.size, s.maskPool.size, s.unlabeled.size, s.scribbled.size, s.cases.unused.length]).toEqual([
      2, 2, 5, 5, 4, 2,
    ]);
    expect(s.unlabeled.get(0).label).toBeUndefined();
    expect(s.unlabeled.get(0).image).toBe(ds.get(ds.ids().indexOf(s.unlabeled.ids()[0])).image);
  });
  it('groups slices of one case (caseOf): mask-pool images never share a case with scribbled ones', () => {
    const caseOf = (id: string) => `p${Math.floor(Number(id.split('_')[1]) / 2)}`; // 2 slices per patient → 10 cases
    const s = weakSplit(ds, { caseOf, seed: 4 });
    const parts = [s.test, s.val, s.maskPool, s.unlabeled, s.scribbled].map((d) => new Set(d.ids().map(caseOf)));
    for (let a = 0; a < parts.length; a++)
      for (let b = a + 1; b < parts.length; b++) expect([...parts[a]].filter((c) => parts[b].has(c))).toEqual([]);
    // 10 cases: test round(1.5) = 2, val 2, mask pool round(3.5) = 4 → 8 slices, scribbled 2 cases = 4 slices
    expect([s.test.size, s.val.size, s.maskPool.size, s.scribbled.size]).toEqual([4, 4, 8, 4]);
  });
  it('refuses splits that leave nothing to scribble, and bad values', () => {
    expect(() => weakSplit(ds, { val: 8, test: 8, maskPool: 4 })).toThrow(
      'weakSplit: invalid split:\n  - phantom:nodule has 20 cases and the parts (test 8, val 8, maskPool 4, unlabeled 0, scribbled 0) leave none to scribble',
    );
    expect(() => weakSplit(ds, { val: 8, test: 8, scribbled: 5 })).toThrow(
      // maskPool default round(0.35 · 20) = 7: 8 + 8 + 7 + 0 + 5 = 28
      'phantom:nodule has 20 cases but the parts take 28 (test 8, val 8, maskPool 7, unlabeled 0, scribbled 5)',
    );
    expect(() => weakSplit(ds, { val: 1.5 })).toThrow(
      "weakSplit: invalid split:\n  - 'val' must be a fraction in [0, 1) or a whole count of cases, got 1.5",
    );
  });
});
