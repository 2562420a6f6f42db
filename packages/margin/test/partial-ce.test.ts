import { createLoss, crossEntropy, partialCrossEntropy, wpce } from '@seg/margin';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type Case,
  centralDiff,
  expectAllClose,
  expectIgnoredHonoured,
  expectNoLeaks,
  lossGrad,
  lossValue,
  partValues,
} from './harness.js';
import { randomLogits, rows, softmax } from './reference.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const C = 3;
const I = 255;
// Two images of 2×3 pixels, scribbles: image 0 has classes {0,0,1,I,I,2}, image 1 has {1,1,1,0,I,I}.
const labels = [0, 0, 1, I, I, 2, 1, 1, 1, 0, I, I];
const base: Case = { shape: [2, 2, 3, C], logits: Array.from(randomLogits(12 * C, 7, 2)), labels };

/** Plain-JS WPCE: per image (or per batch) counts → weights, Σ w[y]·ℓ over annotated pixels / #annotated. */
function wpceRef(c: Case, weighting: 'paper' | 'code', counts: 'image' | 'batch', logits = c.logits): number {
  const perImage = c.shape[1] * c.shape[2];
  const n = c.shape[0];
  const countsOf = (pixels: number[]) => {
    const nc = new Array(C).fill(0);
    for (const i of pixels) if (c.labels[i] !== I) nc[c.labels[i]] += 1;
    return nc;
  };
  const all = Array.from({ length: c.labels.length }, (_, i) => i);
  const z = rows(logits, C);
  let sum = 0;
  let annotated = 0;
  for (let img = 0; img < n; img++) {
    const pixels = all.slice(img * perImage, (img + 1) * perImage);
    const nc = countsOf(counts === 'image' ? pixels : all);
    const ntot = nc.reduce((a, b) => a + b, 0);
    for (const i of pixels) {
      const y = c.labels[i];
      if (y === I) continue;
      const w = weighting === 'paper' ? 1 - nc[y] / ntot : ntot / nc[y];
      sum += -w * Math.log(softmax(z[i])[y]);
      annotated += 1;
    }
  }
  return sum / annotated;
}

describe('partialCrossEntropy', () => {
  it('equals cross-entropy restricted to the annotated pixels (mean over the 8 scribbled pixels)', () => {
    const z = rows(base.logits, C);
    let s = 0;
    for (let i = 0; i < labels.length; i++) if (labels[i] !== I) s -= Math.log(softmax(z[i])[labels[i]]);
    expect(lossValue(partialCrossEntropy(), base)).toBeCloseTo(s / 8, 5);
    expect(lossValue(partialCrossEntropy(), base)).toBeCloseTo(lossValue(crossEntropy(), base), 6);
    expectIgnoredHonoured(partialCrossEntropy(), base);
  });
});

describe('wpce', () => {
  it('weights by hand: image 0 counts (2,1,1) of 4 → w = (1/2, 3/4, 3/4); image 1 (1,3,0) of 4 → (3/4, 1/4, 0)', () => {
    // One-pixel-per-class logits at 0 make every ℓ = ln 3, so the loss is ln 3 · Σ w[y] / 8.
    const flat: Case = { ...base, logits: new Array(12 * C).fill(0) };
    // image 0: pixels 0,0 → 1/2 each; 1 → 3/4; 2 → 3/4 : sum 2.5. image 1: three 1s → 1/4 each; one 0 → 3/4 : sum 1.5.
    expect(lossValue(wpce(), flat)).toBeCloseTo((Math.log(3) * (2.5 + 1.5)) / 8, 6);
    // 'code' weights n_tot/n_c: image 0 (2, 4, 4) → 2+2+4+4 = 12; image 1 (4, 4/3) → 3·4/3 + 4 = 8.
    expect(lossValue(wpce({ weighting: 'code' }), flat)).toBeCloseTo((Math.log(3) * 20) / 8, 5);
    // batch counts (3,4,1) of 8 → paper w = (5/8, 1/2, 7/8): 3·5/8 + 4·1/2 + 7/8 = 4.75.
    expect(lossValue(wpce({ counts: 'batch' }), flat)).toBeCloseTo((Math.log(3) * 4.75) / 8, 6);
  });

  it('matches the plain-JS reference on random logits for every weighting and count mode; pce part is the plain PCE', () => {
    for (const weighting of ['paper', 'code'] as const) {
      for (const counts of ['image', 'batch'] as const) {
        expect(lossValue(wpce({ weighting, counts }), base)).toBeCloseTo(wpceRef(base, weighting, counts), 5);
      }
    }
    expect(partValues(wpce(), base).pce).toBeCloseTo(lossValue(partialCrossEntropy(), base), 5);
  });

  it('a scribble with a single class gets weight 0 under the paper weighting (1 − n/n)', () => {
    const one: Case = { shape: [1, 1, 3, C], logits: Array.from(randomLogits(3 * C, 3, 2)), labels: [2, 2, I] };
    expect(lossValue(wpce(), one)).toBe(0);
    expect(lossValue(wpce({ weighting: 'code' }), one)).toBeGreaterThan(0);
  });

  it('gradient matches central differences of the reference; unannotated pixels get none; no leaks', () => {
    const expected = centralDiff((z) => wpceRef(base, 'paper', 'image', z), base.logits);
    const grad = lossGrad(wpce(), base);
    expectAllClose(grad, expected, 1e-3);
    for (const i of [3, 4, 10, 11]) for (let k = 0; k < C; k++) expect(Math.abs(grad[i * C + k])).toBe(0);
    expectIgnoredHonoured(wpce(), base);
    expectNoLeaks(wpce(), base);
  });

  it('is registered with its options; bad options name the function and argument', () => {
    expect(lossValue(createLoss('wpce', { weighting: 'code' }), base)).toBeCloseTo(wpceRef(base, 'code', 'image'), 5);
    expect(lossValue(createLoss('pce'), base)).toBeCloseTo(lossValue(partialCrossEntropy(), base), 6);
    expect(() => wpce({ weighting: 'inverse' as 'paper' })).toThrow(/wpce.*weighting/s);
    expect(() => wpce({ counts: 'dataset' as 'image' })).toThrow(/wpce.*counts/s);
  });
});
