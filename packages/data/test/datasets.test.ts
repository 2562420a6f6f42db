import { Rng, type Sample } from '@seg/core';
import { assertSample, inMemoryDataset, labelCounts, openDataset, phantomDataset, splitDataset, subsetDataset } from '@seg/data';
import { describe, expect, it } from 'vitest';

const sample = (id: string, label: number[] | undefined, image = [0, 1, 2, 3]): Sample => ({
  id,
  image: { data: Float32Array.from(image), shape: [2, 2, 1] },
  ...(label ? { label: { data: Int32Array.from(label), shape: [2, 2] } } : {}),
});

describe('splits and subsets', () => {
  const ds = phantomDataset({ count: 20, size: 16, seed: 1 });
  it('sizes, disjointness, coverage; same seed same split; other seed differs', () => {
    const { train, val, test } = splitDataset(ds, { val: 0.2, test: 0.1, seed: 5 });
    expect([train.size, val.size, test.size]).toEqual([14, 4, 2]); // round(0.2·20) = 4, round(0.1·20) = 2
    const all = [...train.ids(), ...val.ids(), ...test.ids()];
    expect(new Set(all).size).toBe(20);
    expect([...all].sort()).toEqual([...ds.ids()].sort());
    expect(splitDataset(ds, { val: 0.2, test: 0.1, seed: 5 }).val.ids()).toEqual(val.ids());
    expect(splitDataset(ds, { val: 0.2, test: 0.1, seed: 6 }).val.ids()).not.toEqual(val.ids());
    expect([train.name, val.name, test.name]).toEqual(['phantom:nodule[train]', 'phantom:nodule[val]', 'phantom:nodule[test]']);
    // subsets keep the dataset's order and hand out the same samples
    const idx = val.ids().map((id) => ds.ids().indexOf(id));
    expect(idx).toEqual([...idx].sort((a, b) => a - b));
    expect(val.get(0)).toBe(ds.get(idx[0]));
  });
  it('defaults: val 0.2, test 0; a tiny fraction still takes one sample', () => {
    const s = splitDataset(ds);
    expect([s.train.size, s.val.size, s.test.size]).toEqual([16, 4, 0]);
    expect(splitDataset(ds, { val: 0.01 }).val.size).toBe(1);
  });
  it('refuses bad fractions and splits leaving nothing to train on', () => {
    expect(() => splitDataset(ds, { val: 1, test: -0.1 })).toThrow(
      "splitDataset: invalid split:\n  - 'val' must be a fraction in [0, 1), got 1\n  - 'test' must be a fraction in [0, 1), got -0.1",
    );
    expect(() => splitDataset(phantomDataset({ count: 2, size: 16 }), { val: 0.5, test: 0.4 })).toThrow(
      'phantom:nodule has 2 samples: 1 for val and 1 for test leave none to train on',
    );
  });
  it('subsetDataset picks, repeats, and checks indices', () => {
    const sub = subsetDataset(ds, [3, 3, 0], 'pick');
    expect(sub.ids()).toEqual(['nodule_0003', 'nodule_0003', 'nodule_0000']);
    expect([sub.name, sub.numClasses, sub.height]).toEqual(['pick', 2, 16]);
    expect(() => subsetDataset(ds, [0, 20])).toThrow("subsetDataset: 'indices[1]' must be an integer in [0, 19], got 20.");
  });
});

describe('labelCounts', () => {
  it('hand count, ignored pixels not counted', () => {
    const d = inMemoryDataset([sample('a', [0, 1, 1, 255]), sample('b', [2, 2, 2, 0])], { numClasses: 3 });
    expect(Array.from(labelCounts(d))).toEqual([2, 2, 3]);
  });
  it('matches a direct count on a phantom', () => {
    const ph = phantomDataset({ kind: 'rings', count: 3, size: 24, seed: 2 });
    const want = [0, 0, 0, 0];
    for (let i = 0; i < ph.size; i++) for (const v of ph.get(i).label!.data) want[v]++;
    expect(Array.from(labelCounts(ph))).toEqual(want);
  });
});

describe('inMemoryDataset and assertSample', () => {
  it('wraps valid samples', () => {
    const d = inMemoryDataset([sample('a', [0, 1, 0, 1])], { numClasses: 2, name: 'mine', classNames: ['bg', 'fg'] });
    expect([d.name, d.size, d.channels, d.height, d.width, d.classNames]).toEqual(['mine', 1, 1, 2, 2, ['bg', 'fg']]);
  });
  it('refuses mixed sizes, mixed labelling, duplicate ids, labels out of range', () => {
    const big: Sample = { id: 'big', image: { data: new Float32Array(9), shape: [3, 3, 1] } };
    expect(() => inMemoryDataset([sample('a', undefined), big], { numClasses: 2 })).toThrow(
      'inMemoryDataset: big is 3×3×1 but a is 2×2×1; every sample of a dataset must have one size. Resize, crop or pad the samples to one size.',
    );
    expect(() => inMemoryDataset([sample('a', [0, 0, 0, 0]), sample('b', undefined)], { numClasses: 2 })).toThrow(
      'inMemoryDataset: b has no label but a has. Label every sample, or none.',
    );
    expect(() => inMemoryDataset([sample('a', undefined), sample('a', undefined)], { numClasses: 2 })).toThrow(
      'inMemoryDataset: the id a occurs twice.',
    );
    expect(() => inMemoryDataset([sample('a', [0, 3, 0, 0])], { numClasses: 3 })).toThrow(
      "inMemoryDataset: 'a.label' must be class indices in [0, 2] or 255 (ignored), got 3 at flat index 1.",
    );
  });
  it('assertSample: finite pixels, label grid, label type', () => {
    expect(() => assertSample(sample('a', [0, 1, 255, 0]), 2)).not.toThrow();
    expect(() => assertSample(sample('n', undefined, [0, Number.NaN, 0, 0]), 2)).toThrow(
      "assertSample: 'n.image' must be finite values, got NaN at flat index 1. Check the image for missing values or a failed normalisation.",
    );
    const wrongGrid = { ...sample('g', undefined), label: { data: new Int32Array(6), shape: [2, 3] } };
    expect(() => assertSample(wrongGrid, 2)).toThrow("assertSample: 'g.label' must be 2×2 like the image, got 2×3 with 6 values.");
    const floatLabel = { ...sample('f', undefined), label: { data: new Float32Array(4), shape: [2, 2] } } as unknown as Sample;
    expect(() => assertSample(floatLabel, 2)).toThrow("assertSample: 'f.label' must be an Int32Array label map, got Float32Array.");
  });
});

describe('openDataset', () => {
  it('phantom specs with query parameters', () => {
    const ds = openDataset('phantom:rings?count=3&size=32&seed=7&noise=0');
    expect([ds.name, ds.size, ds.height, ds.numClasses]).toEqual(['phantom:rings', 3, 32, 4]);
    const same = phantomDataset({ kind: 'rings', count: 3, size: 32, seed: 7, noise: 0 });
    expect(Array.from(ds.get(2).image.data)).toEqual(Array.from(same.get(2).image.data));
    expect(openDataset('phantom:nodule').size).toBe(64);
  });
  it('lists every problem of a spec', () => {
    expect(() => openDataset('phantom:lungs?count=abc&depth=3')).toThrow(
      [
        "openDataset: cannot open 'phantom:lungs?count=abc&depth=3':",
        "  - unknown phantom 'lungs' (known: nodule, rings)",
        "  - 'count' must be a number, got 'abc'",
        "  - unknown parameter 'depth' (known: count, size, seed, noise)",
      ].join('\n'),
    );
    expect(() => openDataset('phantom:nodule?count=0')).toThrow("'count' must be an integer in [1, 100000], got 0");
    expect(() => openDataset('')).toThrow("openDataset: 'spec' must be 'phantom:nodule', 'phantom:rings' or a folder path, got \"\".");
  });
  it('a numClasses that does not match the phantom is refused', () => {
    expect(() => openDataset('phantom:nodule?count=2&size=16', { numClasses: 4 })).toThrow(
      "openDataset: 'numClasses' must be 2 for phantom:nodule, got 4. Leave numClasses out for phantoms.",
    );
  });
  it('a path goes to pngFolderDataset', () => {
    expect(() => openDataset('/nonexistent/folder')).toThrow("pngFolderDataset: 'dir' must be an existing folder");
  });
});

describe('phantom fork independence from a shared Rng', () => {
  it('creating datasets does not advance any Rng the caller holds', () => {
    const rng = new Rng(1);
    const before = rng.state();
    phantomDataset({ count: 2, size: 16 }).get(1);
    expect(rng.state()).toEqual(before);
  });
});
