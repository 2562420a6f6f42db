/**
 * Smooth random fields and random closed shapes shared by the task generators, drawn from a seeded {@link Rng}.
 *
 * - {@link smoothField}: f(p) = √(2/N)·Σⱼ cos(kⱼ·p + φⱼ), N plane waves with uniform random directions, wavelengths
 *   uniform in [λmin, λmax] and phases uniform in [0, 2π): mean 0 and variance 1 over the phases (each term has
 *   variance ½), smooth at the scale λmin, defined everywhere (so a 3D field is consistent across the slices of a
 *   case). Bias fields, textures and boundary perturbations are built from it.
 * - {@link harmonicRadius}: a star-shaped boundary r(θ) = r₀·(1 + Σₖ aₖ cos(kθ + φₖ)).
 */
import type { Rng } from '@seg/core';

/** A smooth scalar field over 2D or 3D points (same units as the wavelengths). */
export type Field = (x: number, y: number, z?: number) => number;

/** A {@link smoothField}: callable at any point, and with its plane waves for {@link fieldOnGrid}. */
export type SmoothField = Field & { readonly waves: { kx: Float64Array; ky: Float64Array; kz: Float64Array; phase: Float64Array } };

export interface SmoothFieldOptions {
  /** 2 or 3 dimensions. */
  dims: 2 | 3;
  /** Shortest and longest wavelength, in the units of the points. */
  wavelength: readonly [number, number];
  /** Number of plane waves (default 8); more gives a more Gaussian field. */
  terms?: number;
}

/** A random unit vector in 2D or 3D (uniform direction). */
export function randomDirection(rng: Rng, dims: 2 | 3): number[] {
  if (dims === 2) {
    const a = rng.uniform(0, 2 * Math.PI);
    return [Math.cos(a), Math.sin(a), 0];
  }
  const z = rng.uniform(-1, 1);
  const a = rng.uniform(0, 2 * Math.PI);
  const s = Math.sqrt(1 - z * z);
  return [s * Math.cos(a), s * Math.sin(a), z];
}

/** A zero-mean, unit-variance smooth random field (sum of plane waves, see the module comment). */
export function smoothField(rng: Rng, options: SmoothFieldOptions): SmoothField {
  const { dims, wavelength, terms = 8 } = options;
  const kx = new Float64Array(terms);
  const ky = new Float64Array(terms);
  const kz = new Float64Array(terms);
  const phase = new Float64Array(terms);
  for (let j = 0; j < terms; j++) {
    const [dx, dy, dz] = randomDirection(rng, dims);
    const k = (2 * Math.PI) / rng.uniform(wavelength[0], wavelength[1]);
    kx[j] = k * dx;
    ky[j] = k * dy;
    kz[j] = k * dz;
    phase[j] = rng.uniform(0, 2 * Math.PI);
  }
  const scale = Math.sqrt(2 / terms);
  const f = (x: number, y: number, z = 0) => {
    let s = 0;
    for (let j = 0; j < terms; j++) s += Math.cos(kx[j] * x + ky[j] * y + kz[j] * z + phase[j]);
    return scale * s;
  };
  return Object.assign(f, { waves: { kx, ky, kz, phase } });
}

/** Where {@link fieldOnGrid} samples: x = x0 + dx·i, y = y0 + dy·j (i < w, j < h), at one z. */
export interface GridPlacement {
  x0?: number;
  y0?: number;
  dx?: number;
  dy?: number;
  z?: number;
}

/**
 * The field's values on a w×h grid (row-major), equal to calling it at every node, in O(terms·(w + h)) cosines:
 * cos(a + b) = cos a·cos b − sin a·sin b with a = kₓx + k_z z + φ along the row and b = k_y y down the column.
 */
export function fieldOnGrid(f: SmoothField, w: number, h: number, at: GridPlacement = {}): Float32Array {
  const { x0 = 0, y0 = 0, dx = 1, dy = 1, z = 0 } = at;
  const { kx, ky, kz, phase } = f.waves;
  const out = new Float64Array(w * h);
  const ca = new Float64Array(w);
  const sa = new Float64Array(w);
  for (let j = 0; j < kx.length; j++) {
    for (let i = 0; i < w; i++) {
      const a = kx[j] * (x0 + dx * i) + kz[j] * z + phase[j];
      ca[i] = Math.cos(a);
      sa[i] = Math.sin(a);
    }
    for (let r = 0; r < h; r++) {
      const b = ky[j] * (y0 + dy * r);
      const cb = Math.cos(b);
      const sb = Math.sin(b);
      const row = r * w;
      for (let i = 0; i < w; i++) out[row + i] += ca[i] * cb - sa[i] * sb;
    }
  }
  const scale = Math.sqrt(2 / kx.length);
  const result = new Float32Array(w * h);
  for (let i = 0; i < result.length; i++) result[i] = out[i] * scale;
  return result;
}

/** Harmonics of a star-shaped boundary: amplitude and phase of cos(kθ + φ) for k = firstOrder, firstOrder + 1, …. */
export interface Harmonics {
  firstOrder: number;
  amps: number[];
  phases: number[];
}

/** Random harmonics with amplitudes uniform in [0, maxAmps[i]] and uniform phases. */
export function randomHarmonics(rng: Rng, maxAmps: readonly number[], firstOrder = 2): Harmonics {
  return {
    firstOrder,
    amps: maxAmps.map((m) => rng.uniform(0, m)),
    phases: maxAmps.map(() => rng.uniform(0, 2 * Math.PI)),
  };
}

/** 1 + Σₖ aₖ cos(kθ + φₖ): the relative radius of a star-shaped boundary at angle θ. */
export function harmonicRadius(h: Harmonics, theta: number): number {
  let f = 1;
  for (let j = 0; j < h.amps.length; j++) f += h.amps[j] * Math.cos((h.firstOrder + j) * theta + h.phases[j]);
  return f;
}

/** Logistic step 1 / (1 + e^(−z/width)): soft edges of partial-volume boundaries. */
export function softStep(z: number, width: number): number {
  const t = z / width;
  if (t > 40) return 1; // 1 − e⁻⁴⁰ rounds to 1 in double precision
  if (t < -40) return 0; // below e⁻⁴⁰ ≈ 4e-18
  return 1 / (1 + Math.exp(-t));
}
