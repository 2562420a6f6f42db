import { Rng } from '@seg/core';
import { describe, expect, it } from 'vitest';
import { binIndex } from '../src/calibration/bins.js';
import { CalibrationAccumulator, type CalibrationResult, calibrationMetrics } from '../src/calibration/index.js';

/** Random softmax outputs (float32, as a network gives them) and labels with some 0s and 255s. */
function randomBatch(rng: Rng, shape: number[], c: number) {
  const pixels = shape.reduce((a, b) => a * b, 1);
  const probs = new Float32Array(pixels * c);
  const labels = new Int32Array(pixels);
  for (let i = 0; i < pixels; i++) {
    let sum = 0;
    for (let k = 0; k < c; k++) {
      probs[i * c + k] = Math.exp(3 * rng.normal());
      sum += probs[i * c + k];
    }
    for (let k = 0; k < c; k++) probs[i * c + k] /= sum;
    labels[i] = rng.uniform() < 0.05 ? 255 : rng.int(c);
  }
  return { probs: { data: probs, shape: [...shape, c] }, labels: { data: labels, shape } };
}

/**
 * Independent plain implementation, written like the MbLS/Mukhoti evaluation code: loop over bins
 * and pick members with `conf > lo && conf <= hi` (no confidence is exactly 0 here).
 */
function reference(p: Float32Array, y: Int32Array, c: number, bins: number, fg: boolean) {
  const kept: number[] = [];
  for (let i = 0; i < y.length; i++) if (y[i] !== 255 && !(fg && y[i] === 0)) kept.push(i);
  const n = kept.length;
  const binned = (score: (i: number) => number, hit: (i: number) => boolean) => {
    let err = 0;
    let worst = 0;
    for (let b = 0; b < bins; b++) {
      const members = kept.filter((i) => score(i) > b / bins && score(i) <= (b + 1) / bins);
      if (members.length === 0) continue;
      const conf = members.reduce((s, i) => s + score(i), 0) / members.length;
      const acc = members.filter(hit).length / members.length;
      err += (members.length / n) * Math.abs(acc - conf);
      worst = Math.max(worst, Math.abs(acc - conf));
    }
    return { err, worst };
  };
  const row = (i: number) => Array.from(p.subarray(i * c, i * c + c));
  const top = binned(
    (i) => Math.max(...row(i)),
    (i) => row(i).indexOf(Math.max(...row(i))) === y[i],
  );
  const perClass = Array.from(
    { length: c },
    (_, k) =>
      binned(
        (i) => p[i * c + k],
        (i) => y[i] === k,
      ).err,
  );
  const mean = (f: (i: number) => number) => kept.reduce((s, i) => s + f(i), 0) / n;
  return {
    ece: top.err,
    mce: top.worst,
    classwiseEce: perClass.reduce((a, b) => a + b, 0) / c,
    nll: mean((i) => -Math.log(p[i * c + y[i]])),
    brier: mean((i) => row(i).reduce((s, v, k) => s + (v - (k === y[i] ? 1 : 0)) ** 2, 0)),
    mmcl: mean((i) => Math.max(...row(i))),
    count: n,
  };
}

const FIELDS = ['ece', 'mce', 'classwiseEce', 'nll', 'brier', 'mmcl'] as const;

function expectClose(a: CalibrationResult, b: Record<(typeof FIELDS)[number], number>, digits = 10) {
  for (const f of FIELDS) expect(a[f], f).toBeCloseTo(b[f], digits);
}

describe('CalibrationAccumulator', () => {
  const rng = new Rng(7);
  const chunks = [randomBatch(rng, [2, 6, 5], 3), randomBatch(rng, [1, 4, 4], 3), randomBatch(rng, [3, 3, 2], 3)];
  const flat = (() => {
    const probs = Float32Array.from(chunks.flatMap((ch) => Array.from(ch.probs.data)));
    const labels = Int32Array.from(chunks.flatMap((ch) => Array.from(ch.labels.data)));
    return { probs: { data: probs, shape: [labels.length, 3] }, labels: { data: labels, shape: [labels.length] } };
  })();

  for (const region of ['all', 'foreground'] as const) {
    it(`3 chunks equal one call on all pixels, and the plain reference (${region})`, () => {
      const acc = new CalibrationAccumulator({ bins: 10, region });
      for (const ch of chunks) acc.add(ch.probs, ch.labels);
      const pooled = acc.result();
      const once = calibrationMetrics(flat.probs, flat.labels, { bins: 10, region });
      expectClose(pooled, once, 12);
      expect(pooled.count).toBe(once.count);
      expect(pooled.reliability.map((b) => b.count)).toEqual(once.reliability.map((b) => b.count));
      const ref = reference(flat.probs.data, flat.labels.data, 3, 10, region === 'foreground');
      expectClose(pooled, ref, 10);
      expect(pooled.count).toBe(ref.count);
    });
  }

  it('is not the mean of per-chunk ECEs (bins are pooled)', () => {
    const acc = new CalibrationAccumulator({ bins: 10 });
    const perChunk = chunks.map((ch) => acc.add(ch.probs, ch.labels) && calibrationMetrics(ch.probs, ch.labels, { bins: 10 }));
    const weighted = perChunk.reduce((s, r) => s + r.ece * r.count, 0) / perChunk.reduce((s, r) => s + r.count, 0);
    expect(Math.abs(acc.result().ece - weighted)).toBeGreaterThan(1e-4);
  });

  it('starts empty (NaN, count 0) and a refused batch changes nothing', () => {
    const acc = new CalibrationAccumulator();
    expect(acc.result().count).toBe(0);
    expect(acc.result().ece).toBeNaN();
    expect(acc.result().perClassEce).toEqual([]);
    acc.add(chunks[0].probs, chunks[0].labels);
    const before = acc.result();
    const bad = { data: Float32Array.from(chunks[1].probs.data), shape: chunks[1].probs.shape };
    bad.data[bad.data.length - 1] = Number.NaN; // the last pixel: everything before it was already scanned
    expect(() => acc.add(bad, chunks[1].labels)).toThrow("CalibrationAccumulator.add: 'probs' must be probabilities in [0, 1], got NaN");
    expect(acc.result()).toEqual(before);
    expect(() => acc.add({ data: new Float32Array(8).fill(0.5), shape: [4, 2] }, { data: new Int32Array(4), shape: [4] })).toThrow(
      "CalibrationAccumulator.add: 'probs' must be 3 classes like the earlier batches, got 2.",
    );
  });
});

describe('binIndex: bins (lo, hi], 0 in the first', () => {
  it('edges k/B go to the lower bin; 0 to the first; 1 to the last', () => {
    for (const bins of [1, 5, 10, 15, 20]) {
      expect(binIndex(0, bins)).toBe(0);
      expect(binIndex(1, bins)).toBe(bins - 1);
      for (let k = 1; k < bins; k++) expect(binIndex(k / bins, bins)).toBe(k - 1);
    }
  });
  it('agrees with a linear search over the edges on 10⁴ random values', () => {
    const rng = new Rng(3);
    for (let t = 0; t < 10000; t++) {
      const v = Math.fround(rng.uniform());
      let k = 0;
      while (k < 14 && !(v > k / 15 && v <= (k + 1) / 15)) k++;
      expect(binIndex(v, 15)).toBe(v === 0 ? 0 : k);
    }
  });
});
