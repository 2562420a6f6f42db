import { Rng } from '@seg/core';
import { DEFAULT_NOISE, phantomDataset } from '@seg/data';
import { describe, expect, it } from 'vitest';
import { gammaSample, speckleField } from '../src/phantom/noise.js';

function bytes(ds: ReturnType<typeof phantomDataset>): Buffer {
  const parts: Buffer[] = [];
  for (let i = 0; i < ds.size; i++) {
    const s = ds.get(i);
    parts.push(Buffer.from(s.image.data.buffer), Buffer.from(s.label!.data.buffer));
  }
  return Buffer.concat(parts);
}

function stats(data: Float32Array): { mean: number; sd: number } {
  let m = 0;
  for (const v of data) m += v;
  m /= data.length;
  let q = 0;
  for (const v of data) q += (v - m) ** 2;
  return { mean: m, sd: Math.sqrt(q / data.length) };
}

describe('phantomDataset', () => {
  for (const kind of ['nodule', 'rings'] as const) {
    it(`${kind}: same seed gives identical bytes, another seed different bytes`, () => {
      const a = bytes(phantomDataset({ kind, count: 4, size: 32, seed: 3 }));
      const b = bytes(phantomDataset({ kind, count: 4, size: 32, seed: 3 }));
      const c = bytes(phantomDataset({ kind, count: 4, size: 32, seed: 4 }));
      expect(a.equals(b)).toBe(true);
      expect(a.equals(c)).toBe(false);
    });
    it(`${kind}: a sample does not depend on which samples were drawn before`, () => {
      const a = phantomDataset({ kind, count: 6, size: 32, seed: 9 });
      const b = phantomDataset({ kind, count: 6, size: 32, seed: 9 });
      for (let i = 0; i < 6; i++) a.get(i);
      expect(Buffer.from(b.get(5).image.data.buffer).equals(Buffer.from(a.get(5).image.data.buffer))).toBe(true);
    });
    it(`${kind}: every image is z-scored (mean 0, population sd 1 up to float32)`, () => {
      const ds = phantomDataset({ kind, count: 8, size: 48, seed: 1 });
      for (let i = 0; i < ds.size; i++) {
        const { mean, sd } = stats(ds.get(i).image.data);
        expect(Math.abs(mean)).toBeLessThan(1e-5);
        expect(sd).toBeCloseTo(1, 4);
      }
    });
  }

  it('nodule: metadata, ids, binary labels with one blob covering 2–20 % of the image', () => {
    const ds = phantomDataset({ count: 16, size: 64, seed: 2 });
    expect([ds.name, ds.size, ds.numClasses, ds.channels, ds.height, ds.width]).toEqual(['phantom:nodule', 16, 2, 1, 64, 64]);
    expect(ds.classNames).toEqual(['background', 'nodule']);
    expect(ds.ids().slice(0, 2)).toEqual(['nodule_0000', 'nodule_0001']);
    for (let i = 0; i < ds.size; i++) {
      const s = ds.get(i);
      expect(s.image.shape).toEqual([64, 64, 1]);
      const fg = s.label!.data.reduce((a, v) => a + v, 0) / (64 * 64);
      // r ∈ [0.7·0.10, 1.3·0.22]·size → area fraction π r² ∈ [0.015, 0.26]
      expect(fg).toBeGreaterThan(0.015);
      expect(fg).toBeLessThan(0.26);
      expect(s.label!.data.every((v) => v === 0 || v === 1)).toBe(true);
    }
  });

  it('nodule: the nodule differs from the tissue around it (mean |z| gap > 0.8 sd on clean images)', () => {
    const ds = phantomDataset({ count: 8, size: 64, seed: 5, noise: 0 });
    for (let i = 0; i < ds.size; i++) {
      const { image, label } = ds.get(i);
      let [fg, nf, bg, nb] = [0, 0, 0, 0];
      label!.data.forEach((v, j) => {
        if (v === 1) [fg, nf] = [fg + image.data[j], nf + 1];
        else [bg, nb] = [bg + image.data[j], nb + 1];
      });
      expect(Math.abs(fg / nf - bg / nb)).toBeGreaterThan(0.8);
    }
  });

  it('rings: every image holds all four classes; LV cavity brighter than myocardium', () => {
    const ds = phantomDataset({ kind: 'rings', count: 12, size: 64, seed: 4, noise: 0 });
    expect(ds.classNames).toEqual(['background', 'right_ventricle', 'myocardium', 'left_ventricle']);
    for (let i = 0; i < ds.size; i++) {
      const { image, label } = ds.get(i);
      const sum = [0, 0, 0, 0];
      const n = [0, 0, 0, 0];
      label!.data.forEach((v, j) => {
        sum[v] += image.data[j];
        n[v]++;
      });
      expect(n.every((k) => k > 0)).toBe(true);
      expect(sum[3] / n[3]).toBeGreaterThan(sum[2] / n[2] + 1);
      expect(sum[1] / n[1]).toBeGreaterThan(sum[2] / n[2] + 1);
    }
  });

  it('default noise per kind, and noise 0 is clean', () => {
    expect(DEFAULT_NOISE).toEqual({ nodule: 0.3, rings: 0.15 });
    // a clean nodule image is smooth: neighbouring pixels differ far less than with speckle
    const roughness = (noise: number) => {
      const d = phantomDataset({ count: 1, size: 64, seed: 1, noise }).get(0).image.data;
      let s = 0;
      for (let i = 1; i < d.length; i++) s += Math.abs(d[i] - d[i - 1]);
      return s / d.length;
    };
    expect(roughness(0)).toBeLessThan(0.2 * roughness(0.3));
  });

  it('validates every option and lists every problem at once', () => {
    // @ts-expect-error: runtime check of invalid options
    expect(() => phantomDataset({ kind: 'heart', count: 0, size: 8.5, seed: 1.5, noise: 2, sizee: 3 })).toThrow(
      [
        'phantomDataset: invalid phantom options:',
        "  - unknown option 'sizee' (known: kind, count, size, seed, noise)",
        "  - 'kind' must be one of 'nodule', 'rings', got \"heart\"",
        "  - 'count' must be an integer in [1, 100000], got 0",
        "  - 'size' must be an integer in [16, 2048], got 8.5",
        `  - 'seed' must be an integer in [${-(2 ** 31)}, ${2 ** 32 - 1}], got 1.5`,
        "  - 'noise' must be a number in [0, 1], got 2",
      ].join('\n'),
    );
    expect(() => phantomDataset({ count: 2, size: 16 }).get(2)).toThrow("phantom:nodule.get: 'index' must be an integer in [0, 1], got 2.");
  });
});

describe('noise models', () => {
  it('gamma sampler: mean = shape and variance = shape (closed form), for shape < 1 and ≥ 1', () => {
    const rng = new Rng(3);
    for (const shape of [0.4, 1.5, 6]) {
      const n = 40000;
      const xs = Array.from({ length: n }, () => gammaSample(rng, shape));
      const m = xs.reduce((a, v) => a + v, 0) / n;
      const v = xs.reduce((a, x) => a + (x - m) ** 2, 0) / n;
      expect(m).toBeCloseTo(shape, 1);
      expect(v / shape).toBeGreaterThan(0.93);
      expect(v / shape).toBeLessThan(1.07);
    }
  });
  it('speckle field: positive, mean 1, coefficient of variation = requested (after 3×3 smoothing)', () => {
    const f = speckleField(new Rng(5), 256, 256, 0.3);
    let m = 0;
    let min = Number.POSITIVE_INFINITY;
    for (const v of f) [m, min] = [m + v, Math.min(min, v)];
    m /= f.length;
    let q = 0;
    for (const v of f) q += (v - m) ** 2;
    expect(min).toBeGreaterThan(0);
    expect(m).toBeCloseTo(1, 2);
    expect(Math.sqrt(q / f.length) / m).toBeCloseTo(0.3, 1.7); // |cv − 0.3| < 0.01 (edge rows are slightly noisier)
    expect(Array.from(speckleField(new Rng(5), 4, 4, 0))).toEqual(new Array(16).fill(1));
  });
});
