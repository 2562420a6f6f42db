import { crossEntropy, svls, svlsKernel } from '@seg/margin';
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
  partValues,
  weightedMean,
} from './harness.js';
import { randomLabels, randomLogits, rows, softmax } from './reference.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** The authors' get_svls_filter_2d step by step: Gaussian/(2πσ²), /sum, centre ← 1 − centre, /neighbours, /sum. */
function authorsKernel(sigma: number, k: number): number[] {
  const c = (k - 1) / 2;
  let g: number[] = [];
  for (let y = 0; y < k; y++)
    for (let x = 0; x < k; x++) g.push(Math.exp(-((x - c) ** 2 + (y - c) ** 2) / (2 * sigma ** 2)) / (2 * Math.PI * sigma ** 2));
  const total = g.reduce((a, b) => a + b, 0);
  g = g.map((v) => v / total);
  const centre = c * k + c;
  const neighbours = 1 - g[centre];
  g[centre] = neighbours;
  g = g.map((v) => v / neighbours);
  const sum = g.reduce((a, b) => a + b, 0);
  return g.map((v) => v / sum);
}

/** SVLS in plain JS: replicate padding by clamping, targets Σ K·onehot / Σ K·[labeled], CE, weighted mean. */
function svlsRef(c: Case, sigma: number, k: number, logits = c.logits): number {
  const [n, h, w, classes] = c.shape;
  const kernel = authorsKernel(sigma, k);
  const r = (k - 1) / 2;
  const clamp = (v: number, hi: number) => Math.min(Math.max(v, 0), hi - 1);
  const perPixel = rows(logits, classes).map((z, i) => {
    const [b, y, x] = [Math.floor(i / (h * w)), Math.floor((i % (h * w)) / w), i % w];
    const t = new Array(classes).fill(0);
    let cover = 0;
    for (let dy = -r; dy <= r; dy++) {
      for (let dx = -r; dx <= r; dx++) {
        const label = c.labels[(b * h + clamp(y + dy, h)) * w + clamp(x + dx, w)];
        const weight = kernel[(dy + r) * k + (dx + r)];
        if (label === 255) continue;
        t[label] += weight;
        cover += weight;
      }
    }
    const p = softmax(z);
    return -t.reduce((s, tk, kk) => s + (tk / cover) * Math.log(p[kk]), 0);
  });
  expect(n * h * w).toBe(perPixel.length);
  return weightedMean(perPixel, c.labels, c.weights);
}

const C = 3;
const base: Case = { shape: [2, 3, 4, C], logits: Array.from(randomLogits(24 * C, 71, 2)), labels: Array.from(randomLabels(24, C, 72)) };

describe('svlsKernel', () => {
  it('σ = 1, 3×3: centre ½, edge e^−½ / (2·(4e^−½ + 4e^−1)), corner e^−1 / (same); equals the authors’ steps', () => {
    const d = 2 * (4 * Math.exp(-0.5) + 4 * Math.exp(-1));
    const [e, k] = [Math.exp(-0.5) / d, Math.exp(-1) / d];
    expectAllClose(svlsKernel(1, 3), [k, e, k, e, 0.5, e, k, e, k], 1e-12);
    expectAllClose(svlsKernel(0.7, 5), authorsKernel(0.7, 5), 1e-12);
    expect(svlsKernel(2, 5).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });
});

describe('svls', () => {
  it('hand value: 3×3 image, only the centre is class 1 and confident (p = ¼, ¾) → its target is (½, ½)', () => {
    const logits = Array.from({ length: 9 }, (_, i) => (i === 4 ? [0, Math.log(3)] : [0, 0])).flat();
    const c: Case = { shape: [1, 3, 3, 2], logits, labels: [0, 0, 0, 0, 1, 0, 0, 0, 0] };
    // Centre: −(½ ln ¼ + ½ ln ¾); the 8 others have p = (½, ½): ln 2 each whatever their target.
    const expected = (8 * Math.log(2) - 0.5 * (Math.log(0.25) + Math.log(0.75))) / 9;
    expect(lossValue(svls(), c)).toBeCloseTo(expected, 6);
    expect(partValues(svls(), c).ce).toBeCloseTo((8 * Math.log(2) - Math.log(0.75)) / 9, 6);
  });

  it('a uniform label map gives one-hot targets: SVLS = CE', () => {
    const uniform: Case = { ...base, labels: base.labels.map(() => 2) };
    expect(lossValue(svls({ sigma: 2, kernelSize: 5 }), uniform)).toBeCloseTo(lossValue(crossEntropy(), uniform), 5);
  });

  it('matches the plain-JS reference (3×3 and 5×5 kernels, replicate border, pixel weights)', () => {
    const weights = Array.from({ length: 24 }, (_, i) => (i % 5) * 0.5);
    expect(lossValue(svls(), base)).toBeCloseTo(svlsRef(base, 1, 3), 5);
    expect(lossValue(svls({ sigma: 1.5, kernelSize: 5 }), { ...base, weights })).toBeCloseTo(svlsRef({ ...base, weights }, 1.5, 5), 5);
  });

  it('gradient is softmax − soft target (central differences of the reference)', () => {
    const expected = centralDiff((z) => svlsRef(base, 1, 3, z), base.logits);
    expectAllClose(lossGrad(svls(), base), expected, 1e-3);
  });

  it('a better prediction gets a lower loss', () => {
    expectBetterIsLower(svls(), base, C, [0.3, 1.5, -1]);
  });

  it('ignored pixels: no effect, zero gradient; ignored neighbours are left out of the targets', () => {
    const ignored: Case = { ...base, labels: base.labels.map((y, i) => (i % 4 === 1 ? 255 : y)) };
    expectIgnoredHonoured(svls(), ignored);
    expect(lossValue(svls(), ignored)).toBeCloseTo(svlsRef(ignored, 1, 3), 5);
  });

  it('leaks no tensors', () => {
    expectNoLeaks(svls({ kernelSize: 5 }), base);
  });

  it('names the argument in option errors', () => {
    expect(() => svls({ kernelSize: 4 })).toThrow("svls: 'kernelSize' must be an odd integer ≥ 3, got 4.");
    expect(() => svls({ sigma: 0 })).toThrow("svls: 'sigma' must be a finite number > 0, got 0.");
  });
});
