import { Rng, type Sample } from '@seg/core';
import { batches, inMemoryDataset } from '@seg/data';
import { describe, expect, it } from 'vitest';

/** n samples of 2×3×1; annotator a of sample k labels pixel p with 100·a + 10·k + p (values only need to be traceable). */
function annotated(n: number, annotators: number[]): ReturnType<typeof inMemoryDataset> {
  const samples: Sample[] = Array.from({ length: n }, (_, k) => {
    const maps = Array.from({ length: annotators[k] }, (_, a) => ({
      data: Int32Array.from({ length: 6 }, (_, p) => 100 * a + 10 * k + p),
      shape: [2, 3],
    }));
    return {
      id: `s${k}`,
      image: { data: Float32Array.from({ length: 6 }, (_, p) => 10 * k + p), shape: [2, 3, 1] as const },
      label: { data: Int32Array.from({ length: 6 }, () => 0), shape: [2, 3] },
      annotations: maps,
    };
  });
  return inMemoryDataset(samples, { numClasses: 2, name: 'annotated' });
}

describe('batches with several annotators', () => {
  it('stacks one N×H×W map per annotator in batch order', () => {
    const [b] = [...batches(annotated(2, [2, 2]), { batchSize: 2 })];
    expect(b.annotations).toHaveLength(2);
    // annotator 0: sample 0 → 0..5, sample 1 → 10..15; annotator 1 adds 100.
    expect(Array.from(b.annotations![0])).toEqual([0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15]);
    expect(Array.from(b.annotations![1])).toEqual([100, 101, 102, 103, 104, 105, 110, 111, 112, 113, 114, 115]);
  });

  it('applies the image flip to every annotation (horizontal flip of a 2×3 map reverses each row)', () => {
    const rng = new Rng(1);
    const ds = annotated(1, [2]);
    // 20 draws at p = 1/2 flip at least once (and not always) unless the generator is broken; both must move together.
    const seen = new Set<boolean>();
    for (let i = 0; i < 20; i++) {
      const [b] = [...batches(ds, { batchSize: 1, rng, augment: { flipHorizontal: true } })];
      const flipped = b.images[0] === 2;
      seen.add(flipped);
      const expected = flipped ? [2, 1, 0, 5, 4, 3] : [0, 1, 2, 3, 4, 5];
      expect(Array.from(b.images)).toEqual(expected);
      expect(Array.from(b.annotations![0])).toEqual(expected);
      expect(Array.from(b.annotations![1])).toEqual(expected.map((v) => v + 100));
    }
    expect(seen.size).toBe(2);
  });

  it('one annotation (or none) adds nothing; a differing count names the case', () => {
    expect([...batches(annotated(2, [1, 1]), { batchSize: 2 })][0].annotations).toBeUndefined();
    expect(() => [...batches(annotated(3, [2, 2, 3]), { batchSize: 3 })]).toThrow(
      /batches: 'annotations of 's2' \(index 2\)' must be 2 label maps/,
    );
  });
});
