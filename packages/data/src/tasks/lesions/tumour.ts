/**
 * Synthetic brain tumours in 3D (voxel coordinates of the anatomy, 1 mm): nested regions and mass effect.
 *
 * A lesion has a centre c and a local metric q = A·(p − c), A = diag(1/sₓ, 1/s_y, 1/s_z)·Rᵀ (random rotation R,
 * axis scales s ∈ [0.8, 1.25]); d = |q|, u = q/d. Three star-shaped boundaries r(u) = R·(1 + a·F(u)), F a smooth
 * unit-variance random field on the unit sphere (fields.ts; wavelengths 1.5–3.5 radians), a ∈ [0.1, 0.25]:
 * - enhancing/core boundary r_c(u) ≥ 0.5·R_c, R_c ∈ [8, 20] mm (LesionDraw.coreRadius);
 * - necrosis r_n(u) = min(ρ·r_c(u)·(1 + ½a·F_n(u)), r_c(u) − 3), ρ ∈ [0.35, 0.7]: a scaled copy of the core, so the
 *   enhancing rim between them is ≥ 3 local mm thick and nearly parallel-sided;
 *   a low-grade lesion has no enhancing rim (its whole core is non-enhancing, class 2);
 * - oedema r_e(u) = max(R_e·(1 + 1.5a·F_e(u)), r_c(u) + 2), R_e = R_c + [6, 25] mm.
 * Mass effect (the tumour displaces the tissue around it): the healthy tissue seen at local distance d > r_c(u)
 * comes from d₀ = d − m·r_c(u)·exp(−(d − r_c(u))/λ) on the same ray, λ = R_c, m ∈ [0.3, 1]·massEffect. d₀ is
 * increasing in d (d₀′ = 1 + (m·r_c/λ)·e^(…) > 0), equals r_c·(1 − m) at the core boundary and tends to d far away:
 * tissue is pushed outward, the ventricles are compressed, and nothing far from the lesion moves.
 */
import type { Rng } from '@seg/core';
import { type Field, randomDirection, smoothField } from '../fields.js';

export interface Lesion {
  centre: readonly [number, number, number];
  /** Row-major A (world → local) and A⁻¹ (local → world). */
  toLocal: Float64Array;
  toWorld: Float64Array;
  coreRadius: number;
  necrosisFraction: number;
  oedemaRadius: number;
  amp: number;
  shape: { core: Field; necrosis: Field; oedema: Field };
  mass: number;
  highGrade: boolean;
  /**
   * World distance (mm) beyond which the lesion changes nothing: 1.1 × the largest of its oedema reach and its core
   * reach + 6 decay lengths (where the displacement is below m·R_c·e⁻⁶ < 0.05 mm), + 2 mm; sampled over 500 directions.
   */
  reach: number;
}

export interface LesionDraw {
  /** Core (enhancing boundary) radius range in mm. */
  coreRadius: readonly [number, number];
  /** Largest mass-effect strength m (0 = none). */
  massEffect: number;
  /** Probability that the lesion has an enhancing rim. */
  highGrade: number;
}

/** A random rotation matrix (row-major) from a uniform random unit quaternion. */
function randomRotation(rng: Rng): number[] {
  let [w, x, y, z] = [rng.normal(), rng.normal(), rng.normal(), rng.normal()];
  const n = Math.hypot(w, x, y, z) || 1;
  [w, x, y, z] = [w / n, x / n, y / n, z / n];
  // biome-ignore format: a 3×3 matrix, one row per line
  return [
    1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w),
    2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w),
    2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y),
  ];
}

/** Draws one lesion centred at `centre` (voxel coordinates). */
export function drawLesion(rng: Rng, centre: readonly [number, number, number], draw: LesionDraw): Lesion {
  const rot = randomRotation(rng);
  const s = [rng.uniform(0.8, 1.25), rng.uniform(0.8, 1.25), rng.uniform(0.8, 1.25)];
  const toLocal = new Float64Array(9);
  const toWorld = new Float64Array(9);
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++) {
      toLocal[3 * i + j] = rot[3 * j + i] / s[i]; // (diag(1/s)·Rᵀ)_ij
      toWorld[3 * i + j] = rot[3 * i + j] * s[j]; // (R·diag(s))_ij
    }
  const field = () => smoothField(rng, { dims: 3, wavelength: [1.5, 3.5], terms: 6 });
  const coreRadius = rng.uniform(draw.coreRadius[0], draw.coreRadius[1]);
  const lesion: Lesion = {
    centre,
    toLocal,
    toWorld,
    coreRadius,
    necrosisFraction: rng.uniform(0.35, 0.7),
    oedemaRadius: coreRadius + rng.uniform(6, 25),
    amp: rng.uniform(0.1, 0.25),
    shape: { core: field(), necrosis: field(), oedema: field() },
    mass: rng.uniform(0.3, 1) * draw.massEffect,
    highGrade: rng.bernoulli(draw.highGrade),
    reach: Infinity,
  };
  const scale = Math.max(...s);
  let far = 0;
  for (let i = 0; i < 500; i++) {
    const [wx, wy, wz] = worldDirection(lesion, randomDirection(rng, 3));
    const at = placeIn(lesion, centre[0] + wx, centre[1] + wy, centre[2] + wz);
    const len = Math.hypot(wx, wy, wz);
    far = Math.max(far, at.oedema * len, at.core * len + 6 * coreRadius * scale);
  }
  lesion.reach = 1.1 * far + 2;
  return lesion;
}

/** The world offset of local vector q (A⁻¹·q). */
export function worldDirection(l: Lesion, q: readonly number[]): [number, number, number] {
  const w = l.toWorld;
  return [w[0] * q[0] + w[1] * q[1] + w[2] * q[2], w[3] * q[0] + w[4] * q[1] + w[5] * q[2], w[6] * q[0] + w[7] * q[1] + w[8] * q[2]];
}

/** Where a point lies relative to a lesion: local distance and the three boundary radii along its ray. */
export interface LesionPlace {
  d: number;
  core: number;
  necrosis: number;
  oedema: number;
  /** The local vector q = A·(p − c). */
  q: [number, number, number];
}

/** The local distance of (x, y, z) from the lesion and the radii of its three boundaries in that direction. */
export function placeIn(l: Lesion, x: number, y: number, z: number): LesionPlace {
  const dx = x - l.centre[0];
  const dy = y - l.centre[1];
  const dz = z - l.centre[2];
  const a = l.toLocal;
  const q: [number, number, number] = [
    a[0] * dx + a[1] * dy + a[2] * dz,
    a[3] * dx + a[4] * dy + a[5] * dz,
    a[6] * dx + a[7] * dy + a[8] * dz,
  ];
  const d = Math.hypot(q[0], q[1], q[2]);
  const [ux, uy, uz] = d > 1e-9 ? [q[0] / d, q[1] / d, q[2] / d] : [0, 0, 1];
  const core = l.coreRadius * Math.max(0.5, 1 + l.amp * l.shape.core(ux, uy, uz));
  const nec = l.necrosisFraction * core * Math.max(0.6, 1 + 0.5 * l.amp * l.shape.necrosis(ux, uy, uz));
  const necrosis = Math.max(0, Math.min(nec, core - 3));
  const oedema = Math.max(l.oedemaRadius * (1 + 1.5 * l.amp * l.shape.oedema(ux, uy, uz)), core + 2);
  return { d, core, necrosis, oedema, q };
}

/** The local distance d₀ the tissue seen at distance d (outside the core of radius `core`) comes from. */
export function pushedFrom(d: number, core: number, mass: number, decay: number): number {
  if (d <= core) return d * (1 - mass);
  return d - mass * core * Math.exp(-(d - core) / decay);
}

/** Backward mass-effect map: the point of the healthy anatomy that the displaced tissue at (x, y, z) came from. */
export function undisplace(l: Lesion, x: number, y: number, z: number, at: LesionPlace = placeIn(l, x, y, z)): [number, number, number] {
  if (l.mass === 0 || at.d < 1e-9) return [x, y, z];
  const f = pushedFrom(at.d, at.core, l.mass, l.coreRadius) / at.d;
  const [wx, wy, wz] = worldDirection(l, [at.q[0] * f, at.q[1] * f, at.q[2] * f]);
  return [l.centre[0] + wx, l.centre[1] + wy, l.centre[2] + wz];
}
