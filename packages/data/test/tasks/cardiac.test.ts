import { describe, expect, it } from 'vitest';
import { scribbleCoverage } from '../../src/scribbles/coverage.js';
import { scribbleDataset } from '../../src/scribbles/scribble-dataset.js';
import { CARDIAC_CLASSES, cardiacDataset } from '../../src/tasks/cardiac/cardiac.js';
import { checksum, classCounts, problemsOf, touching } from './helpers.js';

const fractions = (counts: number[]) => {
  const total = counts.reduce((a, b) => a + b, 0);
  return counts.map((c) => c / total);
};

describe('cardiacDataset', () => {
  it('is deterministic: two builds give the same bytes, and the checksum derived by running it twice', () => {
    const options = { cases: 2, size: 32, slices: 2, seed: 9 };
    const a = checksum(cardiacDataset(options));
    expect(checksum(cardiacDataset(options))).toBe(a);
    expect(a).toBe('1fb5ee3e'); // derived by running the generator twice (Node 20)
  });

  it('class sizes: background dominates, ACDC classes 0.8–5 % each; extended adds aorta and papillary muscles ≥ 30× apart', () => {
    const acdc = fractions(classCounts(cardiacDataset({ cases: 6, slices: 3, seed: 1 })));
    expect(acdc[0]).toBeGreaterThan(0.88);
    expect(acdc[0]).toBeLessThan(0.96);
    for (const k of [1, 2, 3]) {
      expect(acdc[k]).toBeGreaterThan(0.008);
      expect(acdc[k]).toBeLessThan(0.05);
    }
    const ext = cardiacDataset({ cases: 6, slices: 3, seed: 1, labels: 'extended' });
    expect(ext.classNames).toEqual([...CARDIAC_CLASSES, 'aorta', 'papillary_muscles']);
    const f = fractions(classCounts(ext));
    expect(f[4]).toBeGreaterThan(0.003);
    expect(f[4]).toBeLessThan(0.01);
    expect(f[5]).toBeGreaterThan(0.0002);
    expect(f[5]).toBeLessThan(0.001);
    expect(Math.max(f[1], f[2], f[3]) / f[5]).toBeGreaterThan(30);
  });

  it('anatomy: the myocardium encloses the LV cavity; the cavity is smaller at end-systole (ejection fraction 0.2–0.8)', () => {
    const slices = 5;
    const ds = cardiacDataset({ cases: 5, slices, seed: 3 });
    for (let c = 0; c < 5; c++) {
      let ed = 0;
      let es = 0;
      for (let k = 0; k < 2 * slices; k++) {
        const label = ds.get(c * 2 * slices + k).label?.data as Int32Array;
        expect(touching(label, 64, 64, 3, (j) => label[j] === 0 || label[j] === 1)).toBe(0);
        const cavity = label.reduce((n, v) => n + (v === 3 ? 1 : 0), 0);
        if (k < slices) ed += cavity;
        else es += cavity;
      }
      expect(1 - es / ed).toBeGreaterThan(0.2);
      expect(1 - es / ed).toBeLessThan(0.8);
    }
  });

  it('orders samples case-major: ED levels base → apex, then ES; `first` selects later cases', () => {
    const ds = cardiacDataset({ cases: 2, slices: 3, size: 32, seed: 5 });
    expect(ds.ids()).toEqual([0, 1].flatMap((c) => [0, 1, 2, 3, 4, 5].map((k) => `cardiac_000${c}/0${k}`)));
    const later = cardiacDataset({ cases: 1, first: 1, slices: 3, size: 32, seed: 5 });
    expect(later.get(4).image.data).toEqual(ds.get(10).image.data);
  });

  it('works with the scribble generators: every class present in a mask gets scribbled pixels', () => {
    const ds = cardiacDataset({ cases: 2, slices: 2, seed: 2 });
    const weak = scribbleDataset(ds, { method: 'skeleton', seed: 1 });
    for (let i = 0; i < ds.size; i++) {
      const truth = ds.get(i).label?.data as Int32Array;
      const scribble = weak.get(i).label;
      if (!scribble) throw new Error('no scribble');
      const coverage = scribbleCoverage(scribble, { data: truth, shape: [64, 64] }, ds.numClasses);
      for (let k = 1; k < ds.numClasses; k++) if (truth.includes(k)) expect(coverage[k].scribbled).toBeGreaterThan(0);
    }
  });

  it('names every bad option at once', () => {
    expect(problemsOf(() => cardiacDataset({ phases: 3, labels: 'acdc+' as 'acdc', noise: -1 }))).toEqual([
      "'phases' must be an integer in [1, 2], got 3",
      '\'labels\' must be one of acdc, extended, got "acdc+"',
      "'noise' must be a number in [0, 0.5], got -1",
    ]);
  });
});
