import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyTemperature, fitTemperature, temperatureNll } from '../src/calibration/index.js';
import { crossEntropy } from '../src/index.js';
import { referenceNll, synthetic } from './calibration-helpers.js';
import { ceMeanReference, rows } from './reference.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const C = 4;
const overconfident = synthetic([5, 40, 40, C], 11, () => 3); // 8000 pixels, z = 3·z*
const underconfident = synthetic([5, 40, 40, C], 12, () => 0.5);

describe('fitTemperature', () => {
  it('closed form, 2 classes: logits (0, 4) everywhere, 3 of 4 pixels class 1 → σ(4/T) = 3/4, T = 4 / ln 3', () => {
    const logits = Float32Array.from([0, 4, 0, 4, 0, 4, 0, 4]);
    const labels = Int32Array.from([1, 1, 1, 0]);
    const fit = fitTemperature(logits, labels, { tol: 1e-9 });
    expect(fit.temperature).toBeCloseTo(4 / Math.log(3), 6);
    // NLL at the optimum: −(3/4)·ln(3/4) − (1/4)·ln(1/4), the entropy of the label frequencies.
    expect(fit.nllAfter).toBeCloseTo(-0.75 * Math.log(0.75) - 0.25 * Math.log(0.25), 9);
    expect(fit.atBound).toBe('none');
    expect(fit.converged).toBe(true);
  });

  it('logits scaled by k = 3 and k = 0.5 from calibrated ones: fitted T ≈ k (the proper-scoring-rule optimum)', () => {
    for (const [data, k] of [
      [overconfident, 3],
      [underconfident, 0.5],
    ] as const) {
      const fit = fitTemperature(data.logits, data.labels);
      // 8000 pixels: the sample optimum is within a few percent of the population optimum k.
      expect(Math.abs(fit.temperature / k - 1)).toBeLessThan(0.05);
      expect(fit.nllAfter).toBeLessThan(fit.nllBefore);
      expect(fit.pixels).toBe(8000);
      expect(fit.iterations).toBeLessThan(40);
    }
  });

  it('the fitted T is stationary: mean over pixels of E_p[z] equals mean z_y (dNLL/dβ = 0), checked in plain JS', () => {
    const { logits, labels } = overconfident;
    const { temperature } = fitTemperature(logits, labels, { tol: 1e-9 });
    let expected = 0;
    let observed = 0;
    rows(logits, C).forEach((z, i) => {
      const e = z.map((v) => Math.exp(v / temperature));
      const s = e.reduce((a, b) => a + b, 0);
      expected += z.reduce((acc, v, k) => acc + (e[k] / s) * v, 0);
      observed += z[labels[i]];
    });
    expect(Math.abs(expected - observed) / labels.length).toBeLessThan(1e-6);
  });

  it('NLL before and after match an independent plain-JS NLL and the tf crossEntropy of applyTemperature', () => {
    const { logits, labels, shape } = underconfident;
    const fit = fitTemperature(logits, labels);
    expect(fit.nllBefore).toBeCloseTo(ceMeanReference(rows(logits, C), Array.from(labels)), 9);
    expect(fit.nllAfter).toBeCloseTo(
      referenceNll(logits, labels, C, () => fit.temperature),
      9,
    );
    const z = tf.tensor4d(logits, shape);
    const y = tf.tensor3d(labels, shape.slice(0, 3) as [number, number, number], 'int32');
    const scaled = applyTemperature(z, fit.temperature);
    const ce = crossEntropy()(scaled, y);
    expect(ce.dataSync()[0]).toBeCloseTo(fit.nllAfter, 4); // float32 tf sum vs float64
    tf.dispose([z, y, scaled, ce]);
  });

  it('chunks give exactly the concatenated result (same sums, same order)', () => {
    const { logits, labels } = overconfident;
    const cut = [0, 1000 * C, 5000 * C, logits.length];
    const chunks = [0, 1, 2].map((i) => logits.slice(cut[i], cut[i + 1]));
    const labelChunks = [0, 1, 2].map((i) => labels.slice(cut[i] / C, cut[i + 1] / C));
    expect(fitTemperature(chunks, labelChunks)).toEqual(fitTemperature(logits, labels));
  });

  it('ignored pixels do not count: garbage logits under label 255 change nothing', () => {
    const labels = Int32Array.from(overconfident.labels, (y, i) => (i % 5 === 0 ? 255 : y));
    const garbage = Float32Array.from(overconfident.logits, (v, j) => (Math.floor(j / C) % 5 === 0 ? 100 * v + 50 : v));
    const a = fitTemperature(overconfident.logits, labels);
    const b = fitTemperature(garbage, labels);
    expect(b).toEqual(a);
    expect(a.pixels).toBe(8000 - 1600);
  });

  it('perfectly separable data ends on the lower bound, exactly, and says so', () => {
    const logits = Float32Array.from([0, 5, 5, 0, 0, 5]);
    const labels = Int32Array.from([1, 0, 1]);
    const fit = fitTemperature(logits, labels, { bounds: [0.1, 10] });
    expect(fit.temperature).toBe(0.1);
    expect(fit.atBound).toBe('lower');
    expect(fit.nllAfter).toBeCloseTo(
      referenceNll(logits, labels, 2, () => 0.1),
      12,
    );
  });

  it('names the argument in errors', () => {
    const { logits, labels } = overconfident;
    expect(() => fitTemperature(logits, labels, { bounds: [0, 20] })).toThrow(
      "fitTemperature: 'bounds' must be [lower, upper] with 0 < lower < upper, both finite, got [0,20]. The default [0.05, 20] suits almost every network.",
    );
    expect(() => fitTemperature(logits, labels, { bounds: [5, 1] })).toThrow(
      /^fitTemperature: 'bounds' must be \[lower, upper\] with 0 < lower < upper/,
    );
    expect(() => fitTemperature(logits, new Int32Array(labels.length).fill(255))).toThrow(
      "fitTemperature: 'labels' must be at least one labeled pixel, got every label 255 (ignoreIndex) or no pixels at all. Calibrate on labelled validation data.",
    );
    expect(() => fitTemperature(new Float32Array(0), new Int32Array(0))).toThrow(
      /^fitTemperature: 'logits' must be C ≥ 2 logits per label/,
    );
    expect(() => fitTemperature(logits.subarray(0, 7), labels.subarray(0, 2))).toThrow(
      "fitTemperature: 'logits' must be C ≥ 2 logits per label (length = labels.length × C), got 7 logits for 2 labels.",
    );
    expect(() => fitTemperature([logits], [labels, labels])).toThrow(
      "fitTemperature: 'labels' must be 1 chunks like 'logits', got 2 chunks.",
    );
    expect(() => fitTemperature(Float32Array.from([0, 1]), Int32Array.from([2]))).toThrow(
      /^fitTemperature: 'labels' must be class indices in \[0, 1\] or 255/,
    );
    expect(() => fitTemperature(Float32Array.from([0, Number.NaN]), Int32Array.from([1]))).toThrow(
      /^fitTemperature: 'logits' must be finite values, got NaN/,
    );
    expect(() => temperatureNll(logits, labels, 0)).toThrow("temperatureNll: 'temperature' must be a finite number > 0, got 0.");
  });
});

describe('applyTemperature', () => {
  it('divides every logit by T (hand values) and keeps the argmax', () => {
    const z = tf.tensor4d([2, -1, 4, 0.5], [1, 1, 2, 2]);
    const out = applyTemperature(z, 2);
    expect(Array.from(out.dataSync())).toEqual([1, -0.5, 2, 0.25]);
    expect(Array.from(tf.argMax(out, -1).dataSync())).toEqual([0, 0]);
    tf.dispose([z, out]);
  });

  it('leaks no tensors and rejects bad temperatures by name', () => {
    const z = tf.tensor4d([1, 2, 3, 4], [1, 1, 2, 2]);
    const before = tf.memory().numTensors;
    applyTemperature(z, 1.5).dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(() => applyTemperature(z, -1)).toThrow(
      "applyTemperature: 'temperature' must be a finite number > 0, got -1. Use the temperature fitTemperature returned (calibration.json).",
    );
    expect(() => applyTemperature([1, 2] as unknown as tf.Tensor, 1)).toThrow(
      "applyTemperature: 'logits' must be a tf.Tensor of logits, got object.",
    );
    z.dispose();
  });
});
