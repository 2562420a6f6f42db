import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { pngFolderDataset } from '@seg/data';
import { afterAll, describe, expect, it } from 'vitest';
import {
  caseOf,
  caseSplit,
  pngMasksToVolume,
  slabRanges,
  slabSplit,
  volumeDataset,
  volumeToPngFolder,
  writeNifti,
} from '../src/volume/index.js';
import { makeVolume, tempDir } from './volume-helpers.js';

const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Case k: T1 = x + 10y + 100z + k, T2 = −T1, label 10 on x = y (z ≥ 1), 20 at (3, 0, 2). */
function writeCase(k: number): { id: string; images: string[]; label: string } {
  const t1 = makeVolume([4, 4, 3], (x, y, z) => x + 10 * y + 100 * z + k);
  const t2 = makeVolume([4, 4, 3], (x, y, z) => -(x + 10 * y + 100 * z + k));
  const lab = makeVolume([4, 4, 3], (x, y, z) => (x === 3 && y === 0 && z === 2 ? 20 : x === y && z >= 1 ? 10 : 0), true);
  const paths = [`c${k}_t1.nii.gz`, `c${k}_t2.nii`, `c${k}_seg.nii.gz`].map((f) => join(dir, f));
  writeNifti(paths[0], t1);
  writeNifti(paths[1], t2);
  writeNifti(paths[2], lab, { like: t1 });
  return { id: `c${k}`, images: paths.slice(0, 2), label: paths[2] };
}
const cases = [1, 2, 3].map(writeCase);
const remap = { 0: 0, 10: 1, 20: 2 };

describe('volumeDataset', () => {
  it('one sample per slice, ids case/slice, modalities as channels, remapped labels', () => {
    const ds = volumeDataset({ cases, normalize: 'none', remap, classNames: ['bg', 'diag', 'dot'] });
    expect(ds.size).toBe(9);
    expect([ds.height, ds.width, ds.channels, ds.numClasses]).toEqual([4, 4, 2, 3]);
    expect(ds.ids().slice(0, 4)).toEqual(['c1/000', 'c1/001', 'c1/002', 'c2/000']);
    const s = ds.get(ds.ids().indexOf('c2/002'));
    // pixel (row 0, col 3) = voxel (3, 0, 2): T1 = 3 + 200 + 2, T2 = −205, label 20 → 2
    expect([s.image.data[2 * 3], s.image.data[2 * 3 + 1]]).toEqual([205, -205]);
    expect(s.label!.data[3]).toBe(2);
    expect(Array.from(s.label!.data.filter((_, i) => i % 5 === 0))).toEqual([1, 1, 1, 1]); // the diagonal
    expect(ds.cases[1]).toMatchObject({ id: 'c2', sliceShape: [4, 4], indices: [0, 1, 2] });
  });
  it('dropEmpty drops z = 0; size 8 pads/resizes every slice to 8×8', () => {
    const ds = volumeDataset({ cases, remap, dropEmpty: true, size: 8 });
    expect(ds.ids()).toEqual(['c1/001', 'c1/002', 'c2/001', 'c2/002', 'c3/001', 'c3/002']);
    expect([ds.height, ds.width]).toEqual([8, 8]);
  });
  it('errors name the file: a modality on another grid, a label value missing from the table', () => {
    const odd = join(dir, 'odd.nii');
    writeNifti(
      odd,
      makeVolume([4, 4, 2], () => 1),
    );
    expect(() => volumeDataset({ cases: [{ id: 'x', images: [cases[0].images[0], odd] }] })).toThrow(
      `stackModalities: '${odd}' must be a 3D volume of 4×4×3 like ${cases[0].images[0]}, got 4×4×2`,
    );
    expect(() => volumeDataset({ cases, remap: { 0: 0, 10: 1 } })).toThrow(
      `remapLabels: '${cases[0].label}' must be only values listed in the remapping table, got 1 unexpected value: 20 (1 voxels)`,
    );
    expect(() => volumeDataset({ cases: [{ id: 'a/b', images: [] }] })).toThrow("'cases[0].id' must be a non-empty string without '/'");
  });
});

describe('caseSplit: slices of one case never land in two splits', () => {
  const many = volumeDataset({ cases: [...Array(10).keys()].map((k) => ({ id: `p${k}`, images: [makeVolume([2, 2, 3], (x) => x + k)] })) });
  const casesOf = (d: { ids(): string[] }) => new Set(d.ids().map(caseOf));
  it('val 0.2, test 0.2 of 10 cases: 2 + 2 + 6 cases, disjoint, covering all 30 slices', () => {
    const { train, val, test } = caseSplit(many, { val: 0.2, test: 0.2, seed: 3 });
    expect([casesOf(train).size, casesOf(val).size, casesOf(test).size]).toEqual([6, 2, 2]);
    expect(train.size + val.size + test.size).toBe(30);
    for (const a of casesOf(val)) expect(casesOf(train).has(a) || casesOf(test).has(a)).toBe(false);
    for (const a of casesOf(test)) expect(casesOf(train).has(a)).toBe(false);
  });
  it('5 folds: every non-test case is in val exactly once; the test cases never move', () => {
    const seen = new Map<string, number>();
    const tests = new Set<string>();
    for (let fold = 0; fold < 5; fold++) {
      const { train, val, test } = caseSplit(many, { folds: 5, fold, test: 0.1, seed: 1 });
      for (const c of casesOf(val)) seen.set(c, (seen.get(c) ?? 0) + 1);
      for (const c of casesOf(test)) tests.add(c);
      expect(train.size + val.size + test.size).toBe(30);
    }
    expect(tests.size).toBe(1);
    expect([...seen.values()]).toEqual(Array(9).fill(1));
  });
  it('too few cases is a config error', () => {
    const one = volumeDataset({ cases: [{ id: 'solo', images: [makeVolume([2, 2, 3], () => 0)] }] });
    expect(() => caseSplit(one)).toThrow(
      'caseSplit: invalid split:\n  - volumes has 1 case: too few for val 0.2 and test 0 with one case left to train on (use slabSplit for a single volume)',
    );
  });
});

describe('slabSplit', () => {
  it('20 slices, [0.6, 0.2, 0.2], gap 2: usable 16 → val round(3.2) = 3, test 3, train 10, gaps 10–11 and 15–16', () => {
    const want = { train: [[0, 10]], val: [[12, 15]], test: [[17, 20]] };
    expect(slabRanges(20, { gap: 2 })).toEqual(want);
    expect(
      slabSplit(
        makeVolume([1, 1, 20], () => 0),
        { gap: 2 },
      ),
    ).toEqual(want);
  });
  it("layout ['train', 'test', 'train', 'val']: 3 gaps of 2 leave 14; val 3, test 3, train 8 as 4 + 4", () => {
    // 0–3 train | 4–5 gap | 6–8 test | 9–10 gap | 11–14 train | 15–16 gap | 17–19 val
    expect(slabRanges(20, { gap: 2, layout: ['train', 'test', 'train', 'val'] })).toEqual({
      train: [
        [0, 4],
        [11, 15],
      ],
      val: [[17, 20]],
      test: [[6, 9]],
    });
  });
  it('on a slice dataset the ranges run over the present slice indices (2…19 when 0 and 1 are empty)', () => {
    const label = makeVolume([2, 2, 20], (_x, _y, z) => (z >= 2 ? 1 : 0), true);
    const ds = volumeDataset({ cases: [{ id: 'vol', images: [makeVolume([2, 2, 20], (x) => x)], label }], dropEmpty: true });
    const { train, val, test } = slabSplit(ds, { gap: 2 });
    // 18 slices, usable 14: val round(2.8) = 3, test 3, train 8 → 2–9 | gap 10–11 | 12–14 | gap 15–16 | 17–19
    const idx = (d: { ids(): string[] }) => d.ids().map((id) => Number(id.slice(4)));
    expect(idx(train)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    expect(idx(val)).toEqual([12, 13, 14]);
    expect(idx(test)).toEqual([17, 18, 19]);
  });
  it('gaps that eat the volume, or a layout without a split, are config errors', () => {
    expect(() => slabRanges(5, { gap: 3 })).toThrow(
      'slabSplit: invalid slab split:\n  - 5 slices leave -1 after 2 gap(s) of 3: too few for the slabs',
    );
    expect(() => slabRanges(5, { layout: ['train', 'val'] })).toThrow(
      `'layout' must list 'train', 'val' and 'test' (repeats allowed), got ["train","val"]`,
    );
  });
});

describe('NIfTI ↔ PNG slice folders', () => {
  it('volume → images/ + masks/ that pngFolderDataset reads → masks stacked back = the label volume', async () => {
    const t1 = makeVolume([4, 3, 5], (x, y, z) => x + y + z);
    const label = makeVolume([4, 3, 5], (x, y, z) => (x + y + z) % 3, true);
    const out = join(dir, 'png');
    expect(await volumeToPngFolder(t1, out, { label, prefix: 'ct' })).toBe(5);
    const ds = pngFolderDataset(out);
    expect(ds.ids()).toEqual(['ct_000', 'ct_001', 'ct_002', 'ct_003', 'ct_004']);
    expect([ds.height, ds.width, ds.numClasses]).toEqual([3, 4, 3]);
    const back = pngMasksToVolume(out, t1);
    expect(back.data).toEqual(label.data);
    expect(back.affine).toEqual(t1.affine);
  });
});
