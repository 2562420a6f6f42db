import { Rng, SegConfigError } from '@seg/core';
import { describe, expect, it } from 'vitest';
import { LESION_CLASSES, lesionsDataset } from '../../src/tasks/lesions/lesions.js';
import { drawLesion, pushedFrom, undisplace } from '../../src/tasks/lesions/tumour.js';
import { colin27Paths } from '../../src/volume/colin27.js';
import { checksum, problemsOf, touching } from './helpers.js';

/** As in volume-colin27.test.ts: without mricron-data, warn outside CI (nothing checked), fail in CI. */
function haveColin27(what: string): boolean {
  if (colin27Paths()) return true;
  if (process.env.CI) throw new Error(`${what}: the Colin27 files are missing in CI; install them with: apt-get install -y mricron-data`);
  console.warn(`⚠ NOT CHECKED (${what}): mricron-data is not installed (apt-get install mricron-data); this test checked nothing.`);
  return false;
}

describe('mass effect (closed form)', () => {
  it('pushedFrom: r_c(1 − m) at the core boundary, d − m·r_c·e^(−(d − r_c)/λ) outside, increasing, → d far away', () => {
    expect(pushedFrom(10, 10, 0.5, 10)).toBe(5);
    expect(pushedFrom(20, 10, 0.5, 10)).toBeCloseTo(20 - 5 * Math.exp(-1), 12);
    expect(pushedFrom(200, 10, 0.5, 10)).toBeCloseTo(200, 6);
    let last = pushedFrom(10, 10, 0.9, 5);
    for (let d = 10.5; d < 60; d += 0.5) {
      const now = pushedFrom(d, 10, 0.9, 5);
      expect(now).toBeGreaterThan(last);
      last = now;
    }
  });

  it('undisplace moves a point toward the centre along its ray, by the closed-form amount in the local metric', () => {
    const l = drawLesion(new Rng(3), [90, 100, 80], { coreRadius: [12, 12], massEffect: 0.6, highGrade: 1 });
    const p: [number, number, number] = [90 + 25, 100 + 4, 80 - 3];
    const q = undisplace(l, ...p);
    const before = [p[0] - 90, p[1] - 100, p[2] - 80];
    const after = [q[0] - 90, q[1] - 100, q[2] - 80];
    const ratio = Math.hypot(...after) / Math.hypot(...before);
    expect(ratio).toBeLessThan(1);
    // same ray: the offsets are parallel (the local map is linear, so world ratios equal local ratios)
    for (let k = 0; k < 3; k++) expect(after[k]).toBeCloseTo(before[k] * ratio, 9);
    expect(l.mass).toBeGreaterThan(0);
  });
});

describe('lesionsDataset', () => {
  it('is deterministic: two builds give the same bytes, and the checksum derived by running it twice', () => {
    if (!haveColin27('lesions checksum')) return;
    const options = { cases: 2, size: 32, slices: 2, seed: 11 };
    const a = checksum(lesionsDataset(options));
    expect(checksum(lesionsDataset(options))).toBe(a);
    // Derived by running the generator twice (Node 20); changes only when the generator (or V8's libm) changes.
    expect(a).toBe('5315fd3f');
    expect(checksum(lesionsDataset({ ...options, seed: 12 }))).not.toBe(a);
  });

  it('has the BraTS classes, one channel per modality, ids by case, and `first` selects later cases', () => {
    if (!haveColin27('lesions layout')) return;
    const ds = lesionsDataset({ cases: 3, size: 32, slices: 2, modalities: ['t2', 'flair'], seed: 2 });
    expect(ds.classNames).toEqual(LESION_CLASSES);
    expect([ds.size, ds.channels, ds.height, ds.name]).toEqual([6, 2, 32, 'task:lesions']);
    expect(ds.ids()).toEqual([
      'lesions_0000/00',
      'lesions_0000/01',
      'lesions_0001/00',
      'lesions_0001/01',
      'lesions_0002/00',
      'lesions_0002/01',
    ]);
    const later = lesionsDataset({ cases: 1, first: 2, size: 32, slices: 2, modalities: ['t2', 'flair'], seed: 2 });
    expect(later.ids()).toEqual(['lesions_0002/00', 'lesions_0002/01']);
    expect(later.get(1).image.data).toEqual(ds.get(5).image.data);
    expect(later.get(1).label?.data).toEqual(ds.get(5).label?.data);
  });

  it('nests the regions: necrosis is enclosed by the enhancing rim, tumour lies inside the brain', () => {
    if (!haveColin27('lesions nesting')) return;
    // 128² (≈ 1.6 mm pixels) resolves the ≥ 2.4 mm rim; every lesion high grade so every core has a rim
    const ds = lesionsDataset({ cases: 4, size: 128, slices: 4, highGrade: 1, seed: 5 });
    let necrosis = 0;
    for (let i = 0; i < ds.size; i++) {
      const s = ds.get(i);
      const label = s.label?.data as Int32Array;
      const im = s.image.data;
      const c = ds.channels;
      // outside the brain every channel is exactly 0 (skull-stripped), inside almost surely not
      const brainBackground = (j: number) => label[j] === 0 && im[j * c] !== 0;
      expect(touching(label, 128, 128, 2, (j) => label[j] === 1 || brainBackground(j))).toBe(0);
      label.forEach((v, j) => {
        if (v > 0) expect(im[j * c]).not.toBe(0);
        if (v === 2) necrosis++;
      });
    }
    expect(necrosis).toBeGreaterThan(100); // the property was tested on real necrosis
  });

  it('shows the lesions in the usual contrasts: oedema bright on FLAIR, enhancing bright on T1c, necrosis bright on T2', () => {
    if (!haveColin27('lesions contrasts')) return;
    const ds = lesionsDataset({ cases: 6, size: 48, slices: 3, modalities: ['t1c', 't2', 'flair'], highGrade: 1, seed: 8 });
    const sums = Array.from({ length: 4 }, () => [0, 0, 0, 0]); // per class: t1c, t2, flair, count
    for (let i = 0; i < ds.size; i++) {
      const s = ds.get(i);
      s.label?.data.forEach((v, j) => {
        if (s.image.data[3 * j] === 0) return; // outside the brain
        for (let m = 0; m < 3; m++) sums[v][m] += s.image.data[3 * j + m];
        sums[v][3]++;
      });
    }
    const mean = (k: number, m: number) => sums[k][m] / sums[k][3];
    expect(mean(1, 2)).toBeGreaterThan(mean(0, 2) + 1); // FLAIR: oedema vs healthy brain, in z-score units
    expect(mean(3, 0)).toBeGreaterThan(mean(2, 0) + 1); // T1c: enhancing rim vs necrosis
    expect(mean(2, 1)).toBeGreaterThan(mean(0, 1)); // T2: necrosis vs healthy brain
  });

  it('names every bad option at once', () => {
    expect(() => lesionsDataset({ modalities: ['t1', 'dwi' as 't1'], slices: 0, cases: -1 })).toThrow(SegConfigError);
    expect(() => lesionsDataset({ modalities: ['t1'] })).toThrow(
      /'modalities' must be 2–4 distinct values of t1, t1c, t2, flair, got \["t1"\]/,
    );
    expect(problemsOf(() => lesionsDataset({ slices: 0, cases: -1 }))).toEqual([
      "'cases' must be an integer in [1, 100000], got -1",
      "'slices' must be an integer in [1, 64], got 0",
    ]);
  });
});
