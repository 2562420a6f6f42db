/**
 * The anatomy of one cardiac case (short-axis cine MRI, ACDC-like) and its geometry at a slice.
 * Lengths are fractions of the image side S unless noted; angles in radians, image y down.
 *
 * Case: LV centre (0.5–0.58, 0.44–0.56)·S drifting by ≤ 0.03·S from base to apex; the RV on the side at angle
 * π ± 0.4 (image left); basal cavity radius r_b ∈ [0.075, 0.13], wall t ∈ [0.03, 0.06]; end-systole shrinks the
 * cavity by [0.55, 0.85] and thickens the wall by [1.2, 1.5]. Along the long axis (ℓ = 0 base … 1 apex) the cavity is
 * r(ℓ) = r_b·√max(0, 1 − (ℓ/ℓₐ)^p), ℓₐ ∈ [0.9, 1.05], p ∈ [1.5, 2.5] (apical slices may show myocardium only); the
 * RV's radial semi-axis a(ℓ) = a₀·√max(0, 1 − ℓ/ℓ_RV), a₀ ∈ [0.7, 1.1]·(r_b + t), ℓ_RV ∈ [0.6, 0.9]; its tangential
 * semi-axis is [1.3, 1.7] times the epicardial radius. The endocardium is star-shaped, r(ℓ)·(1 + Σ aₖcos(kθ + φₖ)),
 * k = 2…4, aₖ ≤ 0.06, 0.04, 0.03, in an elliptic frame (axis ratio [0.9, 1.1]); the epicardium lies a wall thickness
 * t·(1 + 0.25·cos(θ − θₜ))·(1 + Σ bₖcos(kθ + ψₖ)) (bₖ ≤ 0.05, 0.03, 0.02) outside it, so the wall is never thinner
 * than 0.675·t (the cavity never touches the RV or the background) and up to 25 % thicker on one side. Two papillary
 * muscles (radius [0.12, 0.2]·r(ℓ)) sit on the free wall opposite the septum at mid-ventricular levels ℓ ∈ [0.25, 0.75].
 * The descending aorta (radius [0.035, 0.05]) lies behind the LV (posterior: image down), epicardial fat pads around the heart.
 */
import type { Rng } from '@seg/core';
import { type Harmonics, harmonicRadius, randomHarmonics } from '../fields.js';

export interface HeartCase {
  centre: [number, number];
  drift: [number, number];
  rvAngle: number;
  rBase: number;
  wall: number;
  systole: { cavity: number; wall: number };
  apex: number;
  power: number;
  rv: { a0: number; end: number; tangential: number; offset: number };
  endo: Harmonics;
  epi: Harmonics;
  axisRatio: number;
  thickAngle: number;
  papillary: { radius: number; angles: [number, number] };
  aorta: { angle: number; distance: number; radius: number };
  /** Epicardial fat: thickness profile (harmonics) around the heart, as a fraction of S. */
  fat: Harmonics;
}

export function drawHeart(rng: Rng): HeartCase {
  const rBase = rng.uniform(0.075, 0.13);
  const wall = rng.uniform(0.03, 0.06);
  const rvAngle = Math.PI + rng.uniform(-0.4, 0.4);
  return {
    centre: [rng.uniform(0.5, 0.58), rng.uniform(0.44, 0.56)],
    drift: [rng.uniform(-0.03, 0.03), rng.uniform(-0.03, 0.03)],
    rvAngle,
    rBase,
    wall,
    systole: { cavity: rng.uniform(0.55, 0.85), wall: rng.uniform(1.2, 1.5) },
    apex: rng.uniform(0.9, 1.05),
    power: rng.uniform(1.5, 2.5),
    rv: {
      a0: rng.uniform(0.7, 1.1) * (rBase + wall),
      end: rng.uniform(0.6, 0.9),
      tangential: rng.uniform(1.3, 1.7),
      offset: rng.uniform(-0.2, 0.2),
    },
    endo: randomHarmonics(rng, [0.06, 0.04, 0.03]),
    epi: randomHarmonics(rng, [0.05, 0.03, 0.02]),
    axisRatio: rng.uniform(0.9, 1.1),
    thickAngle: rng.uniform(0, 2 * Math.PI),
    papillary: {
      radius: rng.uniform(0.12, 0.2),
      angles: [rvAngle + Math.PI - rng.uniform(0.6, 0.9), rvAngle + Math.PI + rng.uniform(0.6, 0.9)],
    },
    aorta: { angle: rvAngle - Math.PI * rng.uniform(0.6, 0.75), distance: rng.uniform(0.09, 0.14), radius: rng.uniform(0.035, 0.05) },
    fat: randomHarmonics(rng, [0.6, 0.4, 0.3], 1),
  };
}

/** The heart at one slice: level ℓ and phase (end-diastole or end-systole), in pixels of a size×size image. */
export interface HeartSlice {
  cx: number;
  cy: number;
  /** Cavity and wall radius (px); cavity 0 at the apex. */
  cavity: number;
  wall: number;
  rv: { cx: number; cy: number; a: number; b: number; angle: number } | undefined;
  papillary: { x: number; y: number; r: number }[];
  aorta: { x: number; y: number; r: number };
  level: number;
}

export function heartSlice(h: HeartCase, level: number, systole: boolean, size: number): HeartSlice {
  const cx = (h.centre[0] + h.drift[0] * level) * size;
  const cy = (h.centre[1] + h.drift[1] * level) * size;
  const shrink = systole ? h.systole.cavity : 1;
  const cavity = h.rBase * shrink * Math.sqrt(Math.max(0, 1 - (level / h.apex) ** h.power)) * size;
  const wall = h.wall * (systole ? h.systole.wall : 1) * size;
  const a = h.rv.a0 * (systole ? 0.5 + 0.5 * shrink : 1) * Math.sqrt(Math.max(0, 1 - level / h.rv.end)) * size;
  const epi = cavity + wall;
  const rvD = epi + a * h.rv.offset;
  const rv =
    a > 0.5
      ? { cx: cx + rvD * Math.cos(h.rvAngle), cy: cy + rvD * Math.sin(h.rvAngle), a, b: h.rv.tangential * epi, angle: h.rvAngle }
      : undefined;
  const papillary =
    level >= 0.25 && level <= 0.75 && cavity > 0
      ? h.papillary.angles.map((t) => {
          const rr = cavity * 0.8 * harmonicRadius(h.endo, t);
          return { x: cx + rr * Math.cos(t), y: cy + rr * Math.sin(t), r: h.papillary.radius * cavity };
        })
      : [];
  const ad = (h.aorta.distance + h.rBase + h.wall) * size;
  const aorta = { x: cx + ad * Math.cos(h.aorta.angle), y: cy + ad * Math.sin(h.aorta.angle), r: h.aorta.radius * size };
  return { cx, cy, cavity, wall, rv, papillary, aorta, level };
}

/** Polar position of (x, y) around the LV in its elliptic frame: normalised by the axis ratio. */
export function lvPolar(h: HeartCase, s: HeartSlice, x: number, y: number): { d: number; theta: number } {
  const dx = x - s.cx;
  const dy = y - s.cy;
  const c = Math.cos(h.thickAngle);
  const si = Math.sin(h.thickAngle);
  const p = (dx * c + dy * si) * Math.sqrt(h.axisRatio);
  const q = (-dx * si + dy * c) / Math.sqrt(h.axisRatio);
  return { d: Math.hypot(p, q), theta: Math.atan2(q, p) + h.thickAngle };
}
