import { Rng } from '@seg/core';
import { describe, expect, it } from 'vitest';
import { annotate, annotatorStyle } from '../../src/tasks/nodules/annotators.js';
import { type NoduleShape, noduleMask } from '../../src/tasks/nodules/nodule-shape.js';
import { nodulesDataset } from '../../src/tasks/nodules/nodules.js';
import { speckleEnvelope, transmission } from '../../src/tasks/nodules/ultrasound.js';
import { binaryDice, checksum, problemsOf } from './helpers.js';

/** A nodule with lobulation up to k = 11, in an ellipse 12 × 9 px centred in a 64² image. */
const SHAPE: NoduleShape = {
  cx: 32,
  cy: 32,
  rx: 12,
  ry: 9,
  cos: Math.cos(0.3),
  sin: Math.sin(0.3),
  harmonics: {
    firstOrder: 2,
    amps: [0.1, 0.06, 0.04, 0.03, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02],
    phases: [0, 1, 2, 3, 4, 5, 0.5, 1.5, 2.5, 3.5],
  },
};

const area = (m: Int32Array) => m.reduce((s, v) => s + v, 0);

describe('Rayleigh speckle', () => {
  it('the envelope of constant scatter amplitude A has Rayleigh moments: E[R] = A√(π/2), E[R²] = 2A², E[R²]/E[R]² = 4/π', () => {
    let mean = 0;
    let second = 0;
    for (let seed = 0; seed < 4; seed++) {
      const env = speckleEnvelope(new Rng(seed), new Float32Array(96 * 96).fill(2), 96, 96, [1.4, 0.7]);
      let s = 0;
      let s2 = 0;
      let n = 0;
      for (
        let y = 8;
        y < 88;
        y++ // away from the zero-padded borders (kernel radius ⌈3σ⌉ = 5)
      )
        for (let x = 8; x < 88; x++) {
          const v = env[y * 96 + x];
          s += v;
          s2 += v * v;
          n++;
        }
      mean += s / n / 4;
      second += s2 / n / 4;
    }
    // ≈ 4·80²/(2π·1.4·0.7) ≈ 4000 independent grains: relative sd of the mean ≈ 0.5/√4000 < 1 %
    expect(Math.abs(mean / (2 * Math.sqrt(Math.PI / 2)) - 1)).toBeLessThan(0.03);
    expect(Math.abs(second / 8 - 1)).toBeLessThan(0.05);
    expect(Math.abs(second / mean ** 2 / (4 / Math.PI) - 1)).toBeLessThan(0.02);
  });

  it('a strongly attenuating block casts a shadow: transmission below it drops by exp(−k·Σα/size), k ∈ [0.6, 1.2]', () => {
    const size = 64;
    const atten = new Float32Array(size * size).fill(1);
    for (let y = 10; y < 13; y++) for (let x = 20; x < 41; x++) atten[y * size + x] = 51; // 3 rows of α = 1 + 50
    const t = transmission(new Rng(2), atten, size);
    // column 30 is ≥ 10 columns from the block's edges (the lateral blur reaches 2); column 5 sees no block
    const ratio = t[50 * size + 30] / t[50 * size + 5];
    const extra = (3 * 50) / size;
    expect(ratio).toBeGreaterThanOrEqual(Math.exp(-1.2 * extra) * 0.999);
    expect(ratio).toBeLessThanOrEqual(Math.exp(-0.6 * extra) * 1.001);
    expect(t[5 * size + 30]).toBeCloseTo(t[5 * size + 5], 6); // above the block: no shadow
  });
});

describe('simulated annotators', () => {
  it('without jitter and with 24 points (> 2 × the highest lobulation order) reproduce the clean mask', () => {
    const clean = noduleMask(SHAPE, 64);
    const drawn = annotate(new Rng(1), SHAPE, { bias: 0, jitter: 0, points: 24 }, 64);
    expect(binaryDice(drawn, clean)).toBeGreaterThan(0.995);
  });

  it('over/under-segmentation b scales the area by (1 + b)² (star shape scaled radially)', () => {
    const clean = area(noduleMask(SHAPE, 64));
    for (const b of [-0.2, 0.15]) {
      const drawn = area(annotate(new Rng(1), SHAPE, { bias: b, jitter: 0, points: 24 }, 64));
      expect(drawn / clean).toBeGreaterThan((1 + b) ** 2 * 0.95);
      expect(drawn / clean).toBeLessThan((1 + b) ** 2 * 1.05);
    }
  });

  it('the pool is fixed by the seed: styles within the documented ranges', () => {
    const s = annotatorStyle(7, 1, 0.15, 0.06);
    expect(annotatorStyle(7, 1, 0.15, 0.06)).toEqual(s);
    expect(Math.abs(s.bias)).toBeLessThanOrEqual(0.15);
    expect(s.jitter).toBeGreaterThanOrEqual(0.03);
    expect(s.jitter).toBeLessThanOrEqual(0.09);
    expect(s.points).toBeGreaterThanOrEqual(8);
    expect(s.points).toBeLessThanOrEqual(16);
  });
});

describe('nodulesDataset', () => {
  it('is deterministic: two builds give the same bytes, and the checksum derived by running it twice', () => {
    const options = { cases: 3, size: 32, seed: 4 };
    const a = checksum(nodulesDataset(options));
    expect(checksum(nodulesDataset(options))).toBe(a);
    expect(a).toBe('760a6117'); // derived by running the generator twice (Node 20)
  });

  it('noisy masks differ from the clean ones by the documented amount (mean Dice 0.85–0.93), on the same images', () => {
    const clean = nodulesDataset({ cases: 24, size: 48, seed: 1 });
    const noisy = nodulesDataset({ cases: 24, size: 48, seed: 1, labels: 'noisy' });
    expect(noisy.name).toBe('task:nodules:noisy');
    let sum = 0;
    for (let i = 0; i < clean.size; i++) {
      expect(noisy.get(i).image.data).toEqual(clean.get(i).image.data);
      sum += binaryDice(noisy.get(i).label?.data ?? [], clean.get(i).label?.data ?? []);
    }
    expect(sum / clean.size).toBeGreaterThan(0.85);
    expect(sum / clean.size).toBeLessThan(0.93);
  });

  it('groups views by case, and `first` gives the same cases as a longer set', () => {
    const ds = nodulesDataset({ cases: 3, views: 2, size: 32, seed: 6 });
    expect(ds.ids().slice(0, 3)).toEqual(['nodules_0000/00', 'nodules_0000/01', 'nodules_0001/00']);
    const later = nodulesDataset({ cases: 1, first: 2, views: 2, size: 32, seed: 6 });
    expect(later.get(0).id).toBe('nodules_0002/00');
    expect(later.get(0).image.data).toEqual(ds.get(4).image.data);
  });

  it('names every bad option at once', () => {
    expect(problemsOf(() => nodulesDataset({ labels: 'soft' as 'clean', views: 9 }))).toEqual([
      "'views' must be an integer in [1, 8], got 9",
      '\'labels\' must be one of clean, noisy, got "soft"',
    ]);
  });
});
