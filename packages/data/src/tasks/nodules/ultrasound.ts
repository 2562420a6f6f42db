/**
 * B-mode image formation for the nodule task (a linear probe at the top, beams down the columns).
 *
 * 1. Attenuation and shadowing: the round-trip transmission at depth y of column x is
 *    T = exp(−k·Σ_{y′<y} α(x, y′)/size), k ∈ [0.6, 1.2] (so plain tissue loses e^(−k) over the image), its
 *    logarithm blurred laterally by [¼ ½ ¼] twice (the beam width softens shadow edges); time-gain compensation
 *    multiplies by exp(g·y/size), g = k·[0.6, 0.9] (partly compensated: a residual depth fall-off).
 * 2. Fully developed speckle: complex scatterers A·(n₁ + i·n₂), n₁, n₂ ~ N(0, 1) iid per pixel, A = echo·T·TGC,
 *    convolved with a separable Gaussian point-spread function (lateral σ ∈ [0.8, 1.4]u, axial σ ∈ [0.4, 0.7]u,
 *    u = size/64) normalised to Σh² = 1. The envelope |h ∗ z| of a region of constant A is then exactly
 *    Rayleigh with scale A (mean A·√(π/2), E[R²] = 2A²) — Goodman's fully developed speckle — with a grain of a few
 *    pixels elongated laterally.
 * 3. Log compression to a dynamic range D ∈ [40, 55] dB: v = clip((20·log₁₀(R/R₉₉) + D)/D, 0, 1), R₉₉ the 99th
 *    percentile of the envelope.
 * Steps 1–3 run on a grid finer than the output (see {@link bmode}); the result is z-scored as every reader of this
 * package does.
 */
import type { Rng } from '@seg/core';
import { standardizeImage } from '../../normalize.js';

/** A normalised 1D Gaussian kernel with Σh² = 1 (radius ⌈3σ⌉). */
function gaussianKernel(sigma: number): Float64Array {
  const r = Math.max(1, Math.ceil(3 * sigma));
  const k = Float64Array.from({ length: 2 * r + 1 }, (_, i) => Math.exp(-((i - r) ** 2) / (2 * sigma * sigma)));
  const norm = Math.sqrt(k.reduce((s, v) => s + v * v, 0));
  return k.map((v) => v / norm);
}

/** Separable convolution (rows with `kx`, then columns with `ky`), zero outside the image, out of place. */
function convolve(src: Float64Array, h: number, w: number, kx: Float64Array, ky: Float64Array): Float64Array {
  const rx = (kx.length - 1) / 2;
  const ry = (ky.length - 1) / 2;
  const tmp = new Float64Array(h * w);
  const out = new Float64Array(h * w);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let j = -rx; j <= rx; j++) if (x + j >= 0 && x + j < w) s += kx[j + rx] * src[y * w + x + j];
      tmp[y * w + x] = s;
    }
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let j = -ry; j <= ry; j++) if (y + j >= 0 && y + j < h) s += ky[j + ry] * tmp[(y + j) * w + x];
      out[y * w + x] = s;
    }
  return out;
}

/**
 * The speckle envelope |h ∗ (A·(n₁ + i n₂))| of scatter amplitudes `amplitude` (H×W) with a Gaussian PSF of lateral
 * and axial sd `psf` pixels (Σh² = 1): Rayleigh with scale A where A is constant over the PSF's support.
 */
export function speckleEnvelope(rng: Rng, amplitude: Float32Array, h: number, w: number, psf: readonly [number, number]): Float32Array {
  const re = new Float64Array(h * w);
  const im = new Float64Array(h * w);
  for (let i = 0; i < h * w; i++) {
    re[i] = amplitude[i] * rng.normal();
    im[i] = amplitude[i] * rng.normal();
  }
  const kx = gaussianKernel(psf[0]);
  const ky = gaussianKernel(psf[1]);
  const a = convolve(re, h, w, kx, ky);
  const b = convolve(im, h, w, kx, ky);
  const out = new Float32Array(h * w);
  for (let i = 0; i < out.length; i++) out[i] = Math.sqrt(a[i] * a[i] + b[i] * b[i]);
  return out;
}

/** Round-trip transmission with lateral beam blur and partial time-gain compensation (step 1 of the module comment). */
export function transmission(rng: Rng, atten: Float32Array, size: number): Float32Array {
  const k = rng.uniform(0.6, 1.2);
  const gain = k * rng.uniform(0.6, 0.9);
  const logT = new Float64Array(size * size);
  for (let x = 0; x < size; x++) {
    let acc = 0;
    for (let y = 0; y < size; y++) {
      logT[y * size + x] = -k * acc + (gain * y) / size;
      acc += atten[y * size + x] / size;
    }
  }
  const blur = Float64Array.from([0.25, 0.5, 0.25]);
  const blurred = convolve(convolve(logT, size, size, blur, Float64Array.of(1)), size, size, blur, Float64Array.of(1));
  // zero padding darkens the outer columns: renormalise by the blurred weight of a constant image
  const ones = convolve(
    convolve(new Float64Array(size * size).fill(1), size, size, blur, Float64Array.of(1)),
    size,
    size,
    blur,
    Float64Array.of(1),
  );
  const out = new Float32Array(size * size);
  for (let i = 0; i < out.length; i++) out[i] = Math.exp(blurred[i] / ones[i]);
  return out;
}

/** Log compression to dynamic range `dr` dB relative to the 99th percentile, into [0, 1] (step 3). */
export function logCompress(envelope: Float32Array, dr: number): Float32Array {
  const sorted = Float32Array.from(envelope).sort();
  const ref = Math.max(sorted[Math.floor(0.99 * (sorted.length - 1))], 1e-12);
  const out = new Float32Array(envelope.length);
  for (let i = 0; i < out.length; i++) out[i] = Math.min(1, Math.max(0, (20 * Math.log10(Math.max(envelope[i], 1e-12) / ref) + dr) / dr));
  return out;
}

/** Mean of each f×f block: a (size·f)² image down to size². */
function boxDown(src: Float32Array, size: number, f: number): Float32Array {
  const out = new Float32Array(size * size);
  const fine = size * f;
  for (let y = 0; y < fine; y++) for (let x = 0; x < fine; x++) out[Math.floor(y / f) * size + Math.floor(x / f)] += src[y * fine + x];
  for (let i = 0; i < out.length; i++) out[i] /= f * f;
  return out;
}

/**
 * The B-mode image of a scene given on a grid `factor` times finer than `size` (echo and attenuation maps):
 * steps 1–3 of the module comment on the fine grid, then the mean of each factor×factor block (as resizing an
 * exported B-mode image does: the speckle grain shrinks to about a pixel), then a z-score.
 */
export function bmode(rng: Rng, echo: Float32Array, atten: Float32Array, size: number, factor: number): Float32Array {
  const fine = size * factor;
  const u = fine / 64;
  const t = transmission(rng, atten, fine);
  const amplitude = new Float32Array(echo.length);
  for (let i = 0; i < echo.length; i++) amplitude[i] = echo[i] * t[i];
  const psf: [number, number] = [rng.uniform(0.8, 1.4) * u, rng.uniform(0.4, 0.7) * u];
  const compressed = logCompress(speckleEnvelope(rng, amplitude, fine, fine, psf), rng.uniform(40, 55));
  return standardizeImage(boxDown(compressed, size, factor), 1);
}
