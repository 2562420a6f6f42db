/**
 * Shared checks for the loss tests: run a loss on plain arrays, compare with a plain-JS reference, central
 * differences over that reference, the ignoreIndex contract and the leak contract.
 */
import type { SegLoss } from '@seg/margin';
import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';

/** A tiny problem: logits flat N×H×W×C, labels flat N×H×W (255 = ignored), optional pixel weights. */
export interface Case {
  shape: [number, number, number, number];
  logits: readonly number[];
  labels: readonly number[];
  weights?: readonly number[];
}

function tensors(c: Case) {
  const [n, h, w, k] = c.shape;
  return {
    logits: tf.tensor4d(Float32Array.from(c.logits), [n, h, w, k]),
    labels: tf.tensor3d(Int32Array.from(c.labels), [n, h, w], 'int32'),
    weights: c.weights ? tf.tensor3d(Float32Array.from(c.weights), [n, h, w]) : undefined,
  };
}

/** The loss value (scalar reductions) on a case. */
export function lossValue(loss: SegLoss, c: Case): number {
  const t = tensors(c);
  const out = loss(t.logits, t.labels, t.weights);
  const v = out.dataSync()[0];
  tf.dispose([out, t.logits, t.labels, ...(t.weights ? [t.weights] : [])]);
  return v;
}

/** Every part of `parts()` as numbers. */
export function partValues(loss: SegLoss, c: Case): Record<string, number> {
  const t = tensors(c);
  const parts = loss.parts(t.logits, t.labels, t.weights);
  const out = Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, v.dataSync()[0]]));
  tf.dispose([...Object.values(parts), t.logits, t.labels, ...(t.weights ? [t.weights] : [])]);
  return out;
}

/** tf.grad of the loss with respect to the logits, flat. */
export function lossGrad(loss: SegLoss, c: Case, pick: (l: SegLoss) => SegLoss = (l) => l): Float32Array {
  const t = tensors(c);
  const g = tf.grad((z: tf.Tensor4D) => pick(loss)(z, t.labels, t.weights))(t.logits);
  const out = g.dataSync() as Float32Array;
  tf.dispose([g, t.logits, t.labels, ...(t.weights ? [t.weights] : [])]);
  return out;
}

/** Central differences (f(z + h·e_j) − f(z − h·e_j)) / 2h of a plain-JS function of the flat logits, in float64. */
export function centralDiff(f: (logits: number[]) => number, logits: readonly number[], h = 1e-4): number[] {
  return logits.map((_, j) => {
    const up = [...logits];
    const down = [...logits];
    up[j] += h;
    down[j] -= h;
    return (f(up) - f(down)) / (2 * h);
  });
}

/** |a − e| ≤ tol·max(1, |e|) elementwise. */
export function expectAllClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-4): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const bound = tol * Math.max(1, Math.abs(expected[i]));
    if (!(Math.abs(actual[i] - expected[i]) <= bound)) {
      throw new Error(`index ${i}: got ${actual[i]}, expected ${expected[i]} (tolerance ${bound})`);
    }
  }
}

/**
 * The ignoreIndex contract: with the same labels, scrambling the logits of ignored pixels changes neither the value
 * nor the gradient of the labeled pixels, and the gradient at ignored pixels is exactly 0.
 */
export function expectIgnoredHonoured(loss: SegLoss, c: Case, ignoreIndex = 255): void {
  const k = c.shape[3];
  const ignored = (j: number) => c.labels[Math.floor(j / k)] === ignoreIndex;
  expect(c.labels.some((y) => y === ignoreIndex)).toBe(true);
  const scrambled: Case = { ...c, logits: c.logits.map((z, j) => (ignored(j) ? 7 * Math.sin(13 * j) + 3 : z)) };
  expect(lossValue(loss, scrambled)).toBeCloseTo(lossValue(loss, c), 5);
  const [g1, g2] = [lossGrad(loss, c), lossGrad(loss, scrambled)];
  for (let j = 0; j < g1.length; j++) {
    if (ignored(j)) expect([Math.abs(g1[j]), Math.abs(g2[j])]).toEqual([0, 0]);
    else expect(g2[j]).toBeCloseTo(g1[j], 5);
  }
}

/** Call, parts() and gradient leave tf.memory().numTensors unchanged. */
export function expectNoLeaks(loss: SegLoss, c: Case): void {
  const t = tensors(c);
  const before = tf.memory().numTensors;
  loss(t.logits, t.labels, t.weights).dispose();
  tf.dispose(Object.values(loss.parts(t.logits, t.labels, t.weights)));
  tf.grad((z: tf.Tensor4D) => loss(z, t.labels, t.weights))(t.logits).dispose();
  expect(tf.memory().numTensors).toBe(before);
  tf.dispose([t.logits, t.labels, ...(t.weights ? [t.weights] : [])]);
}

/** Logits that favour the label by `scale` (+scale on the label's class, −scale elsewhere). */
export function towardsLabels(labels: readonly number[], numClasses: number, scale: number): number[] {
  return labels.flatMap((y) => Array.from({ length: numClasses }, (_, k) => (k === y ? scale : -scale)));
}

/** Weighted mean Σ w·ℓ / Σ w over labeled pixels (the 'mean' reduction), from per-pixel values. */
export function weightedMean(
  perPixel: readonly number[],
  labels: readonly number[],
  weights?: readonly number[],
  ignoreIndex = 255,
): number {
  let num = 0;
  let den = 0;
  perPixel.forEach((v, i) => {
    if (labels[i] === ignoreIndex) return;
    const w = weights ? weights[i] : 1;
    num += w * v;
    den += w;
  });
  return den > 0 ? num / den : 0;
}

/**
 * The ordering every loss meets: logits `towardsLabels` at the scales [weak, strong, wrong] (wrong < 0 favours other
 * classes) score strong < weak < wrong.
 */
export function expectBetterIsLower(loss: SegLoss, base: Case, numClasses: number, scales: readonly [number, number, number]): void {
  const [weak, strong, wrong] = scales.map((s) => lossValue(loss, { ...base, logits: towardsLabels(base.labels, numClasses, s) }));
  expect(strong).toBeLessThan(weak);
  expect(weak).toBeLessThan(wrong);
}
