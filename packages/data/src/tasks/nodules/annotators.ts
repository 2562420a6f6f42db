/**
 * Simulated annotators of the nodule task: the masks a model is trained on when `labels: 'noisy'`.
 *
 * An annotator clicks K control points on the boundary as they see it and the tool closes a smooth curve through
 * them. In the nodule's frame (nodule-shape.ts) point i sits at angle θᵢ = θ₀ + 2πi/K (θ₀ uniform per annotation) at
 * radius f(θᵢ)·(1 + b) + εᵢ, εᵢ ~ N(0, s²); the curve is the trigonometric interpolant of the K radii (smooth,
 * through every point; fine lobulation with k > K/2 is lost, as with a real contour tool), and the mask is ρ ≤ that
 * curve at pixel centres. Each annotator of the pool has a fixed style drawn from the seed: systematic over/under-
 * segmentation b ∈ [−bias, bias] (area × (1 + b)²), jitter s = jitter·[0.5, 1.5] and K ∈ 8…16 points. Each case is
 * annotated by one annotator of the pool (all its views), drawn per case.
 */
import { Rng } from '@seg/core';
import { harmonicRadius } from '../fields.js';
import { type NoduleShape, noduleFrame } from './nodule-shape.js';

export interface AnnotatorStyle {
  /** Relative over- (> 0) or under-segmentation (< 0) of the radius. */
  bias: number;
  /** Sd of the radial error of each control point, relative to the nodule radius. */
  jitter: number;
  /** Control points per contour (≥ 3). */
  points: number;
}

/** The style of annotator `index` of the pool for `seed` (the same for every case and every `first`). */
export function annotatorStyle(seed: number, index: number, bias: number, jitter: number): AnnotatorStyle {
  const rng = new Rng(seed).fork(`nodules:annotator:${index}`);
  return { bias: rng.uniform(-bias, bias), jitter: jitter * rng.uniform(0.5, 1.5), points: 8 + rng.int(9) };
}

/** Cosine and sine coefficients of the trigonometric interpolant of K equispaced samples (from angle θ₀). */
function trigCoefficients(values: readonly number[]): { a: number[]; b: number[] } {
  const n = values.length;
  const m = Math.floor(n / 2);
  const a: number[] = [];
  const b: number[] = [];
  for (let k = 0; k <= m; k++) {
    let sa = 0;
    let sb = 0;
    values.forEach((v, i) => {
      sa += v * Math.cos((2 * Math.PI * k * i) / n);
      sb += v * Math.sin((2 * Math.PI * k * i) / n);
    });
    const w = k === 0 || (n % 2 === 0 && k === m) ? 1 / n : 2 / n;
    a.push(w * sa);
    b.push(w * sb);
  }
  return { a, b };
}

/** The annotated mask of one view (size×size, 0/1) drawn by an annotator of `style` (see the module comment). */
export function annotate(rng: Rng, shape: NoduleShape, style: AnnotatorStyle, size: number): Int32Array {
  const k = style.points;
  const theta0 = rng.uniform(0, (2 * Math.PI) / k);
  const radii = Array.from({ length: k }, (_, i) => {
    const t = theta0 + (2 * Math.PI * i) / k;
    return Math.max(0.05, harmonicRadius(shape.harmonics, t) * (1 + style.bias) + style.jitter * rng.normal());
  });
  const { a, b } = trigCoefficients(radii);
  const mask = new Int32Array(size * size);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const { rho, theta } = noduleFrame(shape, x, y);
      const s = theta - theta0;
      let r = 0;
      for (let j = 0; j < a.length; j++) r += a[j] * Math.cos(j * s) + b[j] * Math.sin(j * s);
      mask[y * size + x] = rho <= r ? 1 : 0;
    }
  return mask;
}
