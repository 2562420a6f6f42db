import { lovaszSoftmax } from '@seg/margin';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type Case,
  centralDiff,
  expectAllClose,
  expectBetterIsLower,
  expectIgnoredHonoured,
  expectNoLeaks,
  lossGrad,
  lossValue,
} from './harness.js';
import { randomLabels, randomLogits, rows, softmax } from './reference.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Berman et al.'s lovasz_grad and lovasz_softmax_flat in plain JS, with weighted set sizes. */
function lovaszFlat(probs: number[][], labels: number[], weights: number[], classes: 'present' | 'all'): number | undefined {
  const c = probs[0]?.length ?? 0;
  const losses: number[] = [];
  for (let k = 0; k < c; k++) {
    const fg = labels.map((y) => (y === k ? 1 : 0));
    const gts = fg.reduce((a, f, i) => a + weights[i] * f, 0);
    if (classes === 'present' && gts === 0) continue;
    const order = probs.map((p, i) => ({ e: Math.abs(fg[i] - p[k]), f: fg[i], w: weights[i] })).sort((a, b) => b.e - a.e);
    let [cumFg, cumBg, previous, loss] = [0, 0, 0, 0];
    for (const { e, f, w } of order) {
      cumFg += w * f;
      cumBg += w * (1 - f);
      const union = gts + cumBg;
      const jaccard = union > 0 ? 1 - (gts - cumFg) / union : 0;
      loss += e * (jaccard - previous);
      previous = jaccard;
    }
    losses.push(loss);
  }
  return losses.length ? losses.reduce((a, b) => a + b, 0) / losses.length : undefined;
}

function lovaszRef(c: Case, o: { aggregate: 'image' | 'batch'; classes?: 'present' | 'all' }, logits = c.logits): number {
  const [n, h, w, k] = c.shape;
  const probs = rows(logits, k).map(softmax);
  const weights = c.labels.map((y, i) => (y === 255 ? 0 : c.weights ? c.weights[i] : 1));
  const groups = o.aggregate === 'batch' ? [[0, n * h * w]] : Array.from({ length: n }, (_, b) => [b * h * w, (b + 1) * h * w]);
  const values = groups
    .filter(([a, b]) => weights.slice(a, b).some((v) => v > 0))
    .map(([a, b]) => lovaszFlat(probs.slice(a, b), c.labels.slice(a, b) as number[], weights.slice(a, b), o.classes ?? 'present') ?? 0);
  return values.length ? values.reduce((x, y) => x + y, 0) / values.length : 0;
}

const C = 3;
const base: Case = { shape: [2, 2, 3, C], logits: Array.from(randomLogits(12 * C, 101, 2)), labels: Array.from(randomLabels(12, C, 102)) };

describe('lovaszSoftmax', () => {
  it('hand value: A = (0, 0) label 0, B = (0, ln 3) label 1 → class 0: ½, class 1: 3/8, mean 7/16', () => {
    // Class 1: errors A ½ (bg), B ¼ (fg) → J = ½ then 1 → ½·½ + ¼·½ = 3/8.
    // Class 0: errors A ½ (fg), B ¼ (bg) → J = 1 then 1 → ½·1 + ¼·0 = ½.
    const pair: Case = { shape: [1, 1, 2, 2], logits: [0, 0, 0, Math.log(3)], labels: [0, 1] };
    expect(lossValue(lovaszSoftmax(), pair)).toBeCloseTo(7 / 16, 6);
    // With labels (0, 0) only class 0 is present: errors B ¾, A ½ (both fg, G = 2) → J = ½ then 1 → ¾·½ + ½·½ = 5/8.
    expect(lossValue(lovaszSoftmax(), { ...pair, labels: [0, 0] })).toBeCloseTo(5 / 8, 6);
    // 'all' adds absent class 1: errors B ¾, A ½ (both bg, G = 0) → J = 1 from the first → its loss is the largest error ¾.
    expect(lossValue(lovaszSoftmax({ classes: 'all' }), { ...pair, labels: [0, 0] })).toBeCloseTo((5 / 8 + 3 / 4) / 2, 6);
  });

  it("matches Berman's algorithm in plain JS (batch, image, all classes, pixel weights)", () => {
    const weights = Array.from({ length: 12 }, (_, i) => 0.5 + (i % 3));
    expect(lossValue(lovaszSoftmax(), base)).toBeCloseTo(lovaszRef(base, { aggregate: 'batch' }), 5);
    expect(lossValue(lovaszSoftmax({ aggregate: 'image' }), base)).toBeCloseTo(lovaszRef(base, { aggregate: 'image' }), 5);
    const all = { aggregate: 'image' as const, classes: 'all' as const };
    expect(lossValue(lovaszSoftmax(all), { ...base, weights })).toBeCloseTo(lovaszRef({ ...base, weights }, all), 5);
  });

  it('an integer pixel weight counts like that many copies of the pixel', () => {
    const weighted: Case = { shape: [1, 1, 3, 2], logits: [0, 0, 0, Math.log(3), 1, -1], labels: [0, 1, 1], weights: [2, 1, 1] };
    const copied: Case = { shape: [1, 1, 4, 2], logits: [0, 0, 0, 0, 0, Math.log(3), 1, -1], labels: [0, 0, 1, 1] };
    expect(lossValue(lovaszSoftmax(), weighted)).toBeCloseTo(lossValue(lovaszSoftmax(), copied), 6);
  });

  it('gradient matches central differences of the reference (piecewise linear in p, no ties here)', () => {
    for (const aggregate of ['batch', 'image'] as const) {
      const expected = centralDiff((z) => lovaszRef(base, { aggregate }, z), base.logits);
      expectAllClose(lossGrad(lovaszSoftmax({ aggregate }), base), expected, 1e-3);
    }
  });

  it('a better prediction gets a lower loss', () => {
    expectBetterIsLower(lovaszSoftmax(), base, C, [0.5, 3, -1]);
  });

  it('ignored pixels: no effect, zero gradient; an image with no labeled pixel is left out of the per-image mean', () => {
    const ignored: Case = { ...base, labels: base.labels.map((y, i) => (i % 4 === 2 ? 255 : y)) };
    expectIgnoredHonoured(lovaszSoftmax(), ignored);
    expectIgnoredHonoured(lovaszSoftmax({ aggregate: 'image' }), ignored);
    const secondEmpty: Case = { ...base, labels: base.labels.map((y, i) => (i >= 6 ? 255 : y)) };
    const firstOnly: Case = { shape: [1, 2, 3, C], logits: base.logits.slice(0, 6 * C), labels: base.labels.slice(0, 6) };
    expect(lossValue(lovaszSoftmax({ aggregate: 'image' }), secondEmpty)).toBeCloseTo(lossValue(lovaszSoftmax(), firstOnly), 6);
    expect(lossValue(lovaszSoftmax(), { ...base, labels: base.labels.map(() => 255) })).toBe(0);
  });

  it('leaks no tensors', () => {
    expectNoLeaks(lovaszSoftmax(), base);
    expectNoLeaks(lovaszSoftmax({ aggregate: 'image', classes: 'all' }), base);
  });

  it('names the argument in option errors', () => {
    expect(() => lovaszSoftmax({ classes: 'some' as 'all' })).toThrow(
      `lovaszSoftmax: 'classes' must be one of 'present', 'all', got "some".`,
    );
  });
});
