import { Rng, type Sample } from '@seg/core';
import { batches, inMemoryDataset, numBatches, phantomDataset } from '@seg/data';
import { describe, expect, it } from 'vitest';

/** n samples of 2×3×1 whose pixel values encode (sample, pixel): 10·sample + pixel; labels = pixel index. */
function tiny(n: number) {
  const samples: Sample[] = Array.from({ length: n }, (_, k) => ({
    id: `s${k}`,
    image: { data: Float32Array.from({ length: 6 }, (_, p) => 10 * k + p), shape: [2, 3, 1] as const },
    label: { data: Int32Array.from({ length: 6 }, (_, p) => p % 2), shape: [2, 3] },
  }));
  return inMemoryDataset(samples, { numClasses: 2, name: 'tiny' });
}

describe('batches', () => {
  it('numBatches', () => {
    expect([numBatches(10, 4), numBatches(10, 4, true), numBatches(8, 4), numBatches(0, 4)]).toEqual([3, 2, 2, 0]);
  });
  it('without shuffle: dataset order, shapes, last batch smaller, dropLast drops it', () => {
    const all = [...batches(tiny(5), { batchSize: 2 })];
    expect(all.map((b) => b.ids)).toEqual([['s0', 's1'], ['s2', 's3'], ['s4']]);
    expect(all[0].shape).toEqual([2, 2, 3, 1]);
    expect(Array.from(all[2].images)).toEqual([40, 41, 42, 43, 44, 45]);
    expect(Array.from(all[0].labels!)).toEqual([0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1]);
    expect([...batches(tiny(5), { batchSize: 2, dropLast: true })]).toHaveLength(2);
  });
  it('shuffle covers every sample exactly once per epoch; same seed → same order; next epoch differs', () => {
    const ds = tiny(7);
    const epoch = (rng: Rng) => [...batches(ds, { batchSize: 3, shuffle: true, rng })].flatMap((b) => b.ids);
    const rng = new Rng(42);
    const e1 = epoch(rng);
    const e2 = epoch(rng);
    expect([...e1].sort()).toEqual(ds.ids().sort());
    expect([...e2].sort()).toEqual(ds.ids().sort());
    expect(epoch(new Rng(42))).toEqual(e1);
    expect(e2).not.toEqual(e1);
    // the order is exactly rng.permutation(size) drawn from a fresh generator of the same seed
    expect(e1).toEqual(new Rng(42).permutation(7).map((i) => `s${i}`));
  });
  it('uses only the given rng: a restored state reproduces the next epoch', () => {
    const ds = tiny(6);
    const rng = new Rng(1);
    const state = rng.state();
    const opts = { batchSize: 4, shuffle: true, augment: { flipHorizontal: true, crop: [1, 2] as const } };
    const a = [...batches(ds, { ...opts, rng })].map((b) => Array.from(b.images));
    const b = [...batches(ds, { ...opts, rng: Rng.fromState(state) })].map((x) => Array.from(x.images));
    expect(b).toEqual(a);
  });
  it('flips on a hand-made 2×3 image (values 0…5 row-major)', () => {
    const ds = tiny(1); // image [[0,1,2],[3,4,5]]
    const find = (flip: 'flipHorizontal' | 'flipVertical', want: number[]) => {
      // draw until the coin says flip; the transform must then be exactly `want`
      for (let seed = 0; seed < 50; seed++) {
        const out = [...batches(ds, { batchSize: 1, rng: new Rng(seed), augment: { [flip]: true } })][0];
        const img = Array.from(out.images);
        if (img.join() !== '0,1,2,3,4,5') {
          expect(img).toEqual(want);
          expect(Array.from(out.labels!)).toEqual(want.map((v) => v % 2));
          return;
        }
      }
      throw new Error('never flipped');
    };
    find('flipHorizontal', [2, 1, 0, 5, 4, 3]);
    find('flipVertical', [3, 4, 5, 0, 1, 2]);
  });
  it('random crop: image and label cut from the same window, every offset reachable', () => {
    // a 4×4 phantom-free image with value = y·4 + x, label = x
    const sample: Sample = {
      id: 'g',
      image: { data: Float32Array.from({ length: 16 }, (_, i) => i), shape: [4, 4, 1] },
      label: { data: Int32Array.from({ length: 16 }, (_, i) => i % 4), shape: [4, 4] },
    };
    const ds = inMemoryDataset([sample], { numClasses: 4 });
    const rng = new Rng(3);
    const offsets = new Set<string>();
    for (let k = 0; k < 60; k++) {
      const b = [...batches(ds, { batchSize: 1, rng, augment: { crop: [2, 3] } })][0];
      expect(b.shape).toEqual([1, 2, 3, 1]);
      const top = Math.floor(b.images[0] / 4);
      const left = b.images[0] % 4;
      const want = [0, 1, 2, 4, 5, 6].map((d) => top * 4 + left + d);
      expect(Array.from(b.images)).toEqual(want);
      expect(Array.from(b.labels!)).toEqual(want.map((v) => v % 4));
      offsets.add(`${top},${left}`);
    }
    expect(offsets.size).toBe(3 * 2); // tops 0–2, lefts 0–1
  });
  it('unlabelled datasets give batches without labels', () => {
    const ds = inMemoryDataset([{ id: 'u', image: { data: new Float32Array(4), shape: [2, 2, 1] } }], { numClasses: 2 });
    expect([...batches(ds, { batchSize: 2 })][0].labels).toBeUndefined();
  });
  it('works on phantoms (N×H×W×C batches)', () => {
    const b = batches(phantomDataset({ count: 3, size: 16 }), { batchSize: 2 }).next().value!;
    expect(b.shape).toEqual([2, 16, 16, 1]);
    expect(b.images.length).toBe(2 * 16 * 16);
  });
  it('refuses randomness without an rng, bad sizes and crops larger than the images', () => {
    expect(() => batches(tiny(2), { batchSize: 0, shuffle: true, augment: { crop: [3, 3] } })).toThrow(
      [
        'batches: invalid batch options:',
        "  - 'batchSize' must be an integer ≥ 1, got 0",
        "  - 'rng' must be given when shuffling or augmenting (pass the trainer's Rng so a resumed run draws the same batches)",
      ].join('\n'),
    );
    expect(() => batches(tiny(2), { batchSize: 1, rng: new Rng(0), augment: { crop: [3, 3] } })).toThrow(
      "batches: invalid augmentation:\n  - 'augment.crop' 3×3 must fit in the 2×3 images",
    );
  });
});
