/**
 * The 'nodule' phantom: a thyroid-ultrasound-like image with one irregular nodule (class 1).
 *
 * Tissue echogenicity 1, times a smooth background: a linear gradient (random direction, amplitude
 * 0.05–0.25) and depth attenuation exp(−α·y/H), α ∈ [0.1, 0.5] (the transducer is at the top). The nodule
 * boundary in polar coordinates around a random centre is r(θ) = r₀·(1 + Σ_{k=2..5} a_k cos(kθ + φ_k)),
 * r₀ ∈ [0.10, 0.22]·size, a_k ≤ 0.12, 0.08, 0.06, 0.04 (so r ≥ 0.7·r₀ and the nodule stays inside the image).
 * Its echogenicity is c·tissue: hypoechoic c ∈ [0.3, 0.55] (70 %) or hyperechoic c ∈ [1.7, 2.2], blended
 * through a soft edge sigmoid((r(θ) − d)/e), e ∈ [0.6, 1.5] px. The label is d ≤ r(θ) at pixel centres.
 * Finally multiplicative speckle (noise.ts) and a per-image z-score (normalize.ts).
 */
import type { Rng, Sample } from '@seg/core';
import { standardizeImage } from '../normalize.js';
import { speckleField } from './noise.js';

const HARMONIC_MAX = [0.12, 0.08, 0.06, 0.04]; // k = 2, 3, 4, 5

interface NoduleShape {
  cx: number;
  cy: number;
  r0: number;
  amps: number[];
  cosPhase: number[];
  sinPhase: number[];
  contrast: number;
  edge: number;
}

function drawShape(rng: Rng, size: number): NoduleShape {
  const cx = rng.uniform(0.35, 0.65) * size;
  const cy = rng.uniform(0.35, 0.65) * size;
  const r0 = rng.uniform(0.1, 0.22) * size;
  const amps = HARMONIC_MAX.map((m) => rng.uniform(0, m));
  const phases = HARMONIC_MAX.map(() => rng.uniform(0, 2 * Math.PI));
  const contrast = rng.bernoulli(0.7) ? rng.uniform(0.3, 0.55) : rng.uniform(1.7, 2.2);
  const edge = rng.uniform(0.6, 1.5);
  return { cx, cy, r0, amps, cosPhase: phases.map(Math.cos), sinPhase: phases.map(Math.sin), contrast, edge };
}

/** r(θ) with cos(kθ + φ) = Re(e^{ikθ})·cos φ − Im(e^{ikθ})·sin φ, e^{ikθ} by repeated complex products (no trig per pixel). */
function boundaryRadius(s: NoduleShape, cosT: number, sinT: number): number {
  let re = cosT * cosT - sinT * sinT; // e^{2iθ}
  let im = 2 * cosT * sinT;
  let f = 1;
  for (let j = 0; j < s.amps.length; j++) {
    f += s.amps[j] * (re * s.cosPhase[j] - im * s.sinPhase[j]);
    [re, im] = [re * cosT - im * sinT, re * sinT + im * cosT];
  }
  return s.r0 * f;
}

/** One nodule phantom (image 1 channel, z-scored; label 0/1), drawn from `rng` only. */
export function noduleSample(rng: Rng, id: string, size: number, noise: number): Sample {
  const shape = drawShape(rng, size);
  const gradAngle = rng.uniform(0, 2 * Math.PI);
  const gradAmp = rng.uniform(0.05, 0.25);
  const atten = rng.uniform(0.1, 0.5);
  const gx = Math.cos(gradAngle) * gradAmp;
  const gy = Math.sin(gradAngle) * gradAmp;
  const image = new Float32Array(size * size);
  const label = new Int32Array(size * size);
  for (let y = 0; y < size; y++) {
    const v = (y + 0.5) / size;
    const depth = Math.exp(-atten * v);
    for (let x = 0; x < size; x++) {
      const u = (x + 0.5) / size;
      const dx = x + 0.5 - shape.cx;
      const dy = y + 0.5 - shape.cy;
      const d = Math.sqrt(dx * dx + dy * dy);
      const r = d > 0 ? boundaryRadius(shape, dx / d, dy / d) : shape.r0;
      const inside = 1 / (1 + Math.exp(-(r - d) / shape.edge));
      const tissue = (1 + gx * (u - 0.5) + gy * (v - 0.5)) * depth;
      image[y * size + x] = tissue * (1 + (shape.contrast - 1) * inside);
      label[y * size + x] = d <= r ? 1 : 0;
    }
  }
  const speckle = speckleField(rng, size, size, noise);
  for (let i = 0; i < image.length; i++) image[i] *= speckle[i];
  standardizeImage(image, 1);
  return { id, image: { data: image, shape: [size, size, 1] }, label: { data: label, shape: [size, size] } };
}
