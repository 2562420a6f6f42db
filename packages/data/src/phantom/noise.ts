/**
 * Noise models of the phantoms, all drawn from the seeded {@link Rng} only.
 *
 * - Speckle (ultrasound): multi-look intensity speckle is Gamma(L, 1/L) with mean 1 and coefficient of
 *   variation 1/√L (Goodman, "Speckle phenomena in optics", 2007). Real speckle grains span several pixels, so
 *   we draw iid Gamma(L′, 1/L′) and smooth with the 3×3 binomial kernel (¼[1 2 1])⊗(¼[1 2 1]); smoothing an iid
 *   field scales its sd by √Σw² = 3/8, so L′ = (3/8)²/cv² gives the requested cv after smoothing. The field
 *   stays positive (a weighted mean of positive values).
 * - Rician (MRI magnitude): |s + σ(n₁ + i n₂)| with n₁, n₂ ~ N(0, 1) (Gudbjartsson & Patz, MRM 1995).
 */
import type { Rng } from '@seg/core';

/** Gamma(shape, 1) by Marsaglia & Tsang (ACM TOMS 2000); shape < 1 via G(a+1)·U^{1/a}. */
export function gammaSample(rng: Rng, shape: number): number {
  if (shape < 1) {
    let u = 0;
    while (u === 0) u = rng.next();
    return gammaSample(rng, shape + 1) * u ** (1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = rng.normal();
    const v0 = 1 + c * x;
    if (v0 <= 0) continue;
    const v = v0 * v0 * v0;
    const u = rng.next();
    if (u < 1 - 0.0331 * x ** 4) return d * v;
    if (u > 0 && Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** 3×3 binomial smoothing with edge replication, out of place. */
function binomial3x3(src: Float32Array, h: number, w: number): Float32Array {
  const tmp = new Float32Array(h * w);
  const out = new Float32Array(h * w);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let x = 0; x < w; x++) {
      const l = src[row + (x > 0 ? x - 1 : x)];
      const r = src[row + (x < w - 1 ? x + 1 : x)];
      tmp[row + x] = 0.25 * l + 0.5 * src[row + x] + 0.25 * r;
    }
  }
  for (let y = 0; y < h; y++) {
    const up = (y > 0 ? y - 1 : y) * w;
    const down = (y < h - 1 ? y + 1 : y) * w;
    for (let x = 0; x < w; x++) out[y * w + x] = 0.25 * tmp[up + x] + 0.5 * tmp[y * w + x] + 0.25 * tmp[down + x];
  }
  return out;
}

/** A positive multiplicative speckle field, mean 1, coefficient of variation `cv` (grain ≈ 2 px). */
export function speckleField(rng: Rng, h: number, w: number, cv: number): Float32Array {
  const field = new Float32Array(h * w);
  if (cv === 0) return field.fill(1);
  const shape = (3 / 8) ** 2 / (cv * cv);
  for (let i = 0; i < field.length; i++) field[i] = gammaSample(rng, shape) / shape;
  return binomial3x3(field, h, w);
}

/** Adds Rician noise of scale σ to a magnitude image, in place. */
export function addRicianNoise(rng: Rng, data: Float32Array, sigma: number): Float32Array {
  if (sigma === 0) return data;
  for (let i = 0; i < data.length; i++) {
    const re = data[i] + sigma * rng.normal();
    const im = sigma * rng.normal();
    data[i] = Math.sqrt(re * re + im * im);
  }
  return data;
}
