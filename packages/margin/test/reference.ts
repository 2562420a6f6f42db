/**
 * Plain-JS reference implementations (no tfjs) that the loss tests compare against.
 * Pixels are flattened in N×H×W order; logits are rows of C numbers.
 */
import { Rng } from '@seg/core';
import { expect } from 'vitest';

export function logSumExp(z: readonly number[]): number {
  const m = Math.max(...z);
  return m + Math.log(z.reduce((s, v) => s + Math.exp(v - m), 0));
}

export function softmax(z: readonly number[]): number[] {
  const lse = logSumExp(z);
  return z.map((v) => Math.exp(v - lse));
}

/** Rows of `c` logits from a flat N×H×W×C array. */
export function rows(flat: ArrayLike<number>, c: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < flat.length; i += c) out.push(Array.from({ length: c }, (_, k) => flat[i + k]));
  return out;
}

export interface CeReferenceOptions {
  classWeights?: readonly number[];
  pixelWeights?: readonly number[];
  ignoreIndex?: number;
}

/** PyTorch's CrossEntropyLoss(weight, ignore_index, reduction='mean') written out: Σ v·w[y]·ℓ / Σ v·w[y]. */
export function ceMeanReference(logits: number[][], labels: readonly number[], options: CeReferenceOptions = {}): number {
  const { classWeights, pixelWeights, ignoreIndex = 255 } = options;
  let num = 0;
  let den = 0;
  labels.forEach((y, i) => {
    if (y === ignoreIndex) return;
    const w = (classWeights ? classWeights[y] : 1) * (pixelWeights ? pixelWeights[i] : 1);
    num += w * (logSumExp(logits[i]) - logits[i][y]);
    den += w;
  });
  return den > 0 ? num / den : 0;
}

/** Deterministic N(0, sd²) logits, flattened. */
export function randomLogits(size: number, seed: number, sd = 2): Float32Array {
  return new Rng(seed).fillNormal(new Float32Array(size), 0, sd);
}

/** Deterministic labels in [0, c). */
export function randomLabels(size: number, c: number, seed: number): Int32Array {
  const rng = new Rng(seed);
  return Int32Array.from({ length: size }, () => rng.int(c));
}

/** Per-row sums for region losses: rows are images ('image') or the whole batch ('batch'); w = 0 on ignored pixels. */
export interface RowSums {
  tp: number[];
  fp: number[];
  fn: number[];
  truth: number[];
  predicted: number[];
}

/** TP/FP/FN/Σg/Σp per row and class from flat logits (N×H×W×C) and labels, with softmax probabilities. */
export function regionSumsRef(
  logits: readonly number[],
  labels: readonly number[],
  shape: readonly [number, number, number, number],
  aggregate: 'image' | 'batch',
  weights?: readonly number[],
): RowSums[] {
  const [n, h, w, c] = shape;
  const out: RowSums[] = [];
  const zero = () => new Array(c).fill(0);
  rows(logits, c).forEach((z, i) => {
    const r = aggregate === 'image' ? Math.floor(i / (h * w)) : 0;
    out[r] ??= { tp: zero(), fp: zero(), fn: zero(), truth: zero(), predicted: zero() };
    if (labels[i] === 255) return;
    const wi = weights ? weights[i] : 1;
    softmax(z).forEach((p, k) => {
      const g = labels[i] === k ? 1 : 0;
      out[r].tp[k] += wi * p * g;
      out[r].fp[k] += wi * p * (1 - g);
      out[r].fn[k] += wi * (1 - p) * g;
      out[r].truth[k] += wi * g;
      out[r].predicted[k] += wi * p;
    });
  });
  expect(out.length).toBe(aggregate === 'image' ? n : 1);
  return out;
}
