import { describe, expect, it } from 'vitest';
import {
  brierScore,
  calibrationMetrics,
  classwiseEce,
  ece,
  maximumCalibrationError,
  mmcl,
  nll,
  perClassEce,
  reliabilityDiagram,
} from '../src/calibration/index.js';

/** P pixels × C classes from rows of probabilities (shape [P, C]) and a flat label list. */
function pixels(rows: number[][], labels: number[]) {
  return {
    probs: { data: Float64Array.from(rows.flat()), shape: [rows.length, rows[0].length] },
    labels: { data: Int32Array.from(labels), shape: [labels.length] },
  };
}

// Four pixels, two classes, 5 bins: edges 0, .2, .4, .6, .8, 1, bins (lo, hi].
//   a (.9, .1)  label 0: confidence .9  → bin (.8, 1],  correct
//   b (.3, .7)  label 0: confidence .7  → bin (.6, .8], wrong (argmax 1)
//   c (.4, .6)  label 1: confidence .6  → bin (.4, .6] (on the edge: lower bin), correct
//   d (.15,.85) label 1: confidence .85 → bin (.8, 1],  correct
const { probs, labels } = pixels(
  [
    [0.9, 0.1],
    [0.3, 0.7],
    [0.4, 0.6],
    [0.15, 0.85],
  ],
  [0, 0, 1, 1],
);

describe('top-label ECE, MCE and reliability bins (hand count)', () => {
  it('ECE = 2/4·|1 − .875| + 1/4·|0 − .7| + 1/4·|1 − .6| = .0625 + .175 + .1 = .3375', () => {
    expect(ece(probs, labels, { bins: 5 })).toBeCloseTo(0.3375, 12);
  });
  it('MCE = max(.125, .7, .4) = .7', () => {
    expect(maximumCalibrationError(probs, labels, { bins: 5 })).toBeCloseTo(0.7, 12);
  });
  it('reliability bins list edges, counts, mean confidence and accuracy (NaN when empty)', () => {
    const bins = reliabilityDiagram(probs, labels, { bins: 5 });
    expect(bins.map((b) => b.count)).toEqual([0, 0, 1, 1, 2]);
    expect(bins[4]).toEqual({ lo: 0.8, hi: 1, count: 2, meanConfidence: (0.9 + 0.85) / 2, accuracy: 1 });
    expect(bins[3]).toEqual({ lo: 0.6, hi: 0.8, count: 1, meanConfidence: 0.7, accuracy: 0 });
    expect(bins[2].meanConfidence).toBe(0.6);
    expect(bins[0].lo).toBe(0);
    expect(bins[0].meanConfidence).toBeNaN();
    expect(bins[0].accuracy).toBeNaN();
  });
  it('a float32 0.6 is 0.60000002 > 0.6, so it lands in (.6, .8]: bins compare the stored value', () => {
    const f32 = { data: Float32Array.from(probs.data), shape: probs.shape };
    expect(reliabilityDiagram(f32, labels, { bins: 5 }).map((b) => b.count)).toEqual([0, 0, 0, 2, 2]);
    // bin (.6, .8]: confidences .7 (wrong) and .6 (right): acc .5, conf .65 → 2/4·.15; bin (.8, 1] as before 2/4·.125
    expect(ece(f32, labels, { bins: 5 })).toBeCloseTo(0.5 * 0.15 + 0.5 * 0.125, 6);
  });
  it('default 15 bins: each pixel alone in its bin, ECE = mean |correct − confidence|', () => {
    // .9 ∈ (13/15, 14/15], .7 ∈ (10/15, 11/15], .6 ∈ (8/15, 9/15], .85 ∈ (12/15, 13/15]
    expect(ece(probs, labels)).toBeCloseTo((0.1 + 0.7 + 0.4 + 0.15) / 4, 12);
    expect(reliabilityDiagram(probs, labels)).toHaveLength(15);
  });
  it('confidence 1 goes to the last bin and a tie picks the first class', () => {
    const t = pixels(
      [
        [1, 0],
        [0.5, 0.5],
      ],
      [0, 1],
    );
    const bins = reliabilityDiagram(t.probs, t.labels, { bins: 2 });
    // [.5, .5]: confidence .5 → bin (0, .5]; argmax = class 0 (first on ties) ≠ label 1 → wrong
    expect(bins.map((b) => [b.count, b.accuracy])).toEqual([
      [1, 0],
      [1, 1],
    ]);
  });
});

describe('classwise ECE (hand count)', () => {
  // class 0: p = .9 (label 0) in (.8,1]; .3 (label 0) and .4 (label 1) in (.2,.4]; .15 (label 1) in (0,.2]
  //   ECE_0 = 1/4·|1 − .9| + 2/4·|.5 − .35| + 1/4·|0 − .15| = .025 + .075 + .0375 = .1375
  // class 1: p = .1 (no) (0,.2]; .7 (no) (.6,.8]; .6 (yes) (.4,.6]; .85 (yes) (.8,1]
  //   ECE_1 = (.1 + .7 + .4 + .15)/4 = .3375
  it('per class, and the mean over classes with and without background', () => {
    const per = perClassEce(probs, labels, { bins: 5 });
    expect(per[0]).toBeCloseTo(0.1375, 12);
    expect(per[1]).toBeCloseTo(0.3375, 12);
    expect(classwiseEce(probs, labels, { bins: 5 })).toBeCloseTo((0.1375 + 0.3375) / 2, 12);
    expect(classwiseEce(probs, labels, { bins: 5, includeBackground: false })).toBeCloseTo(0.3375, 12);
  });
});

describe('NLL, Brier, MMCL (closed form)', () => {
  it('NLL = −mean ln p_label', () => {
    expect(nll(probs, labels)).toBeCloseTo(-(Math.log(0.9) + Math.log(0.3) + Math.log(0.6) + Math.log(0.85)) / 4, 12);
  });
  it('NLL clamps p_label = 0 at 1e-12: −ln 1e-12 = 27.631…', () => {
    const z = pixels([[1, 0]], [1]);
    expect(nll(z.probs, z.labels)).toBeCloseTo(12 * Math.LN10, 9);
  });
  it('Brier = mean Σ_c (p_c − onehot_c)² = (.02 + .98 + .32 + .045)/4, not divided by C', () => {
    expect(brierScore(probs, labels)).toBeCloseTo(1.365 / 4, 12);
  });
  it('MMCL = mean max_c p_c = (.9 + .7 + .6 + .85)/4, labels optional', () => {
    expect(mmcl(probs, labels)).toBeCloseTo(0.7625, 12);
    expect(mmcl(probs)).toBeCloseTo(0.7625, 12);
    expect(mmcl(probs, labels, { region: 'foreground' })).toBeCloseTo((0.6 + 0.85) / 2, 12);
  });
  it('calibrationMetrics returns every number of the one-shot functions', () => {
    const all = calibrationMetrics(probs, labels, { bins: 5 });
    expect(all.ece).toBeCloseTo(0.3375, 12);
    expect(all.mce).toBeCloseTo(0.7, 12);
    expect(all.classwiseEce).toBeCloseTo(0.2375, 12);
    expect(all.brier).toBeCloseTo(0.34125, 12);
    expect(all.mmcl).toBeCloseTo(0.7625, 12);
    expect(all.count).toBe(4);
    expect(all.reliability).toEqual(reliabilityDiagram(probs, labels, { bins: 5 }));
  });
});

describe('perfect calibration and perfect predictions', () => {
  it('confidence .75 with 3 of 4 right: ECE 0, classwise ECE 0', () => {
    const p = pixels(
      [
        [0.75, 0.25],
        [0.75, 0.25],
        [0.75, 0.25],
        [0.75, 0.25],
      ],
      [0, 0, 0, 1],
    );
    expect(ece(p.probs, p.labels)).toBe(0);
    expect(classwiseEce(p.probs, p.labels)).toBe(0); // class 0: .75 vs 3/4; class 1: .25 vs 1/4
  });
  it('one-hot and right: ECE 0, NLL 0, Brier 0, MMCL 1', () => {
    const p = pixels(
      [
        [1, 0, 0],
        [0, 0, 1],
      ],
      [0, 2],
    );
    const r = calibrationMetrics(p.probs, p.labels);
    expect([r.ece, r.mce, r.classwiseEce, r.nll, r.brier, r.mmcl]).toEqual([0, 0, 0, 0, 0, 1]);
  });
});

describe('regions and ignored pixels', () => {
  it("'foreground' keeps label ≠ 0: c and d only → 1/2·.4 + 1/2·.15 = .275", () => {
    expect(ece(probs, labels, { bins: 5, region: 'foreground' })).toBeCloseTo(0.275, 12);
    expect(ece(probs, labels, { bins: 5, region: 'all' })).toBeCloseTo(0.3375, 12);
    expect(nll(probs, labels, { region: 'foreground' })).toBeCloseTo(-(Math.log(0.6) + Math.log(0.85)) / 2, 12);
  });
  it('pixels labeled 255 are skipped; with no counted pixel every metric is NaN', () => {
    const withIgnored = pixels(
      [
        [0.9, 0.1],
        [0.3, 0.7],
        [0.4, 0.6],
        [0.15, 0.85],
        [0.5, 0.5],
      ],
      [0, 0, 1, 1, 255],
    );
    expect(ece(withIgnored.probs, withIgnored.labels, { bins: 5 })).toBeCloseTo(0.3375, 12);
    const bg = pixels([[0.9, 0.1]], [0]);
    const r = calibrationMetrics(bg.probs, bg.labels, { region: 'foreground' });
    expect(r.count).toBe(0);
    for (const v of [r.ece, r.mce, r.classwiseEce, r.nll, r.brier, r.mmcl]) expect(v).toBeNaN();
  });
  it('works on N×H×W×C batches and D×H×W×C volumes (the grid is flattened)', () => {
    const batch = { data: probs.data, shape: [1, 2, 2, 2] };
    const lab = { data: labels.data, shape: [1, 2, 2] };
    expect(ece(batch, lab, { bins: 5 })).toBeCloseTo(0.3375, 12);
    const vol = { data: probs.data, shape: [2, 1, 2, 2] };
    expect(brierScore(vol, { data: labels.data, shape: [2, 1, 2] })).toBeCloseTo(0.34125, 12);
  });
});
