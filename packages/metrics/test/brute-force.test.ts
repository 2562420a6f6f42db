import { Rng } from '@seg/core';
import { confusionMatrix, dice, iou, pixelAccuracy, precision, recall, specificity } from '@seg/metrics';
import { describe, expect, it } from 'vitest';

/** Independent reference: set operations on pixel index sets, no confusion matrix. */
function reference(pred: Int32Array, truth: Int32Array, k: number, ignore: number) {
  const P = new Set<number>();
  const G = new Set<number>();
  const all = new Set<number>();
  truth.forEach((t, i) => {
    if (t === ignore) return;
    all.add(i);
    if (pred[i] === k) P.add(i);
    if (t === k) G.add(i);
  });
  const inter = [...P].filter((i) => G.has(i)).length;
  const union = new Set([...P, ...G]).size;
  const notP = [...all].filter((i) => !P.has(i));
  const notG = [...all].filter((i) => !G.has(i));
  const tn = notP.filter((i) => !G.has(i)).length;
  const nan = Number.NaN;
  return {
    dice: P.size + G.size === 0 ? nan : (2 * inter) / (P.size + G.size),
    iou: union === 0 ? nan : inter / union,
    precision: P.size === 0 ? (G.size === 0 ? nan : 0) : inter / P.size,
    recall: G.size === 0 ? (P.size === 0 ? nan : 0) : inter / G.size,
    specificity: notG.length === 0 ? (notP.length === 0 ? nan : 0) : tn / notG.length,
  };
}

describe('cross-check against a brute-force set implementation', () => {
  it('agrees on 200 random label maps (with ignored pixels and absent classes)', () => {
    const rng = new Rng(7);
    for (let trial = 0; trial < 200; trial++) {
      const c = 2 + rng.int(4);
      const h = 1 + rng.int(6);
      const w = 1 + rng.int(6);
      const classesUsed = 1 + rng.int(c); // often leaves some classes absent
      const draw = () => Int32Array.from({ length: h * w }, () => (rng.bernoulli(0.1) ? 255 : rng.int(classesUsed)));
      const truth = draw();
      const pred = Int32Array.from(draw(), (v) => (v === 255 ? 0 : v));
      const p = { data: pred, shape: [h, w] };
      const t = { data: truth, shape: [h, w] };
      const opts = { numClasses: c };
      const got = {
        dice: dice(p, t, opts),
        iou: iou(p, t, opts),
        precision: precision(p, t, opts),
        recall: recall(p, t, opts),
        specificity: specificity(p, t, opts),
      };
      for (let k = 0; k < c; k++) {
        const ref = reference(pred, truth, k, 255);
        for (const name of ['dice', 'iou', 'precision', 'recall', 'specificity'] as const) {
          if (Number.isNaN(ref[name])) expect(got[name][k], `${name} class ${k} trial ${trial}`).toBeNaN();
          else expect(got[name][k], `${name} class ${k} trial ${trial}`).toBeCloseTo(ref[name], 12);
        }
      }
      const kept = [...truth.keys()].filter((i) => truth[i] !== 255);
      const acc = kept.length === 0 ? Number.NaN : kept.filter((i) => pred[i] === truth[i]).length / kept.length;
      if (Number.isNaN(acc)) expect(pixelAccuracy(p, t)).toBeNaN();
      else expect(pixelAccuracy(p, t)).toBeCloseTo(acc, 12);
    }
  });

  it('10⁶ pixels: every 10th shifted to the next class gives Dice ≈ 0.9 per class', () => {
    const rng = new Rng(1);
    const n = 1000 * 1000;
    const truth = Int32Array.from({ length: n }, () => rng.int(4));
    const pred = Int32Array.from(truth, (v, i) => (i % 10 === 0 ? (v + 1) % 4 : v));
    const p = { data: pred, shape: [1000, 1000] };
    const t = { data: truth, shape: [1000, 1000] };
    const d = dice(p, t, { numClasses: 4 });
    // every 10th pixel is shifted to the next class: per class TP = 0.9·n_k, FP = FN = 0.1·n_k → Dice ≈ 0.9
    d.forEach((v) => {
      expect(v).toBeCloseTo(0.9, 2);
    });
    expect(confusionMatrix(p, t, { numClasses: 4 }).counts.reduce((a, b) => a + b, 0)).toBe(n);
  });
});
