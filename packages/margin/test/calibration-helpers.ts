/**
 * Synthetic calibration data with a known answer. "True" logits z* ~ N(0, sd²) per class; each label is *drawn*
 * from softmax(z*), so softmax(z*) is the true conditional distribution and z* is calibrated by construction. The
 * observed logits are z = k·z*: in expectation the NLL-optimal temperature is exactly k (NLL is a proper scoring
 * rule, minimised by the true distribution softmax(z/k) = softmax(z*)). `scale` gives k per pixel (x = column).
 */
import { Rng } from '@seg/core';

export interface Synthetic {
  /** Observed logits k·z*, flat N×H×W×C. */
  logits: Float32Array;
  /** The calibrated logits z*. */
  trueLogits: Float32Array;
  labels: Int32Array;
  shape: [number, number, number, number];
}

/** Draws an index from softmax(z) with one uniform number. */
function drawClass(z: ArrayLike<number>, u: number): number {
  const m = Math.max(...Array.from(z));
  const e = Array.from(z, (v) => Math.exp(v - m));
  const total = e.reduce((a, b) => a + b, 0);
  let acc = 0;
  for (let k = 0; k < e.length; k++) {
    acc += e[k] / total;
    if (u < acc) return k;
  }
  return e.length - 1;
}

export function synthetic(
  shape: [number, number, number, number],
  seed: number,
  scale: (x: number, width: number) => number,
  sd = 2,
): Synthetic {
  const [n, h, w, c] = shape;
  const rng = new Rng(seed);
  const trueLogits = rng.fillNormal(new Float32Array(n * h * w * c), 0, sd);
  const logits = new Float32Array(trueLogits.length);
  const labels = new Int32Array(n * h * w);
  for (let p = 0; p < labels.length; p++) {
    const row = trueLogits.subarray(p * c, (p + 1) * c);
    labels[p] = drawClass(row, rng.next());
    const k = scale(p % w, w);
    for (let j = 0; j < c; j++) logits[p * c + j] = k * row[j];
  }
  return { logits, trueLogits, labels, shape };
}

/** Mean NLL of softmax(z / t_p) over pixels with label ≠ 255, written out in plain JS (float64). */
export function referenceNll(logits: ArrayLike<number>, labels: ArrayLike<number>, c: number, temperature: (p: number) => number): number {
  let sum = 0;
  let count = 0;
  for (let p = 0; p < labels.length; p++) {
    if (labels[p] === 255) continue;
    const t = temperature(p);
    const z = Array.from({ length: c }, (_, k) => logits[p * c + k] / t);
    const m = Math.max(...z);
    sum += m + Math.log(z.reduce((s, v) => s + Math.exp(v - m), 0)) - z[labels[p]];
    count++;
  }
  return sum / count;
}
