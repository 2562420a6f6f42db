/**
 * The thyroid nodule of one case: an irregular star-shaped region in a rotated elliptic frame.
 *
 * With (p, q) the pixel offset from the centre rotated by −φ, the normalised radius is ρ = √((p/rₓ)² + (q/r_y)²) and
 * the angle θ = atan2(q/r_y, p/rₓ); the nodule is ρ ≤ f(θ) with f(θ) = 1 + Σₖ aₖ cos(kθ + φₖ): lobulation
 * k = 2…5 (aₖ ≤ 0.12, 0.08, 0.05, 0.04) and micro-lobulation k = 6…11 (aₖ ≤ 0.03 each), so f ≥ 0.5. Radii:
 * rₓ·r_y = r₀², r₀ ∈ [0.09, 0.2]·size, axis ratio r_y/rₓ ∈ [0.7, 1.5] (≥ 1: "taller than wide"). A second view of
 * the same nodule (another scan plane) keeps its lobulation and composition but swaps to a new axis ratio and angle.
 */
import type { Rng } from '@seg/core';
import { type Harmonics, harmonicRadius, randomHarmonics } from '../fields.js';

const LOBES = [0.12, 0.08, 0.05, 0.04, 0.03, 0.03, 0.03, 0.03, 0.03, 0.03];

export interface NoduleShape {
  cx: number;
  cy: number;
  rx: number;
  ry: number;
  cos: number;
  sin: number;
  harmonics: Harmonics;
}

/** Polar coordinates of pixel centre (x + ½, y + ½) in the nodule's frame: ρ (1 = unperturbed boundary) and θ. */
export function noduleFrame(s: NoduleShape, x: number, y: number): { rho: number; theta: number } {
  const dx = x + 0.5 - s.cx;
  const dy = y + 0.5 - s.cy;
  const p = (dx * s.cos + dy * s.sin) / s.rx;
  const q = (-dx * s.sin + dy * s.cos) / s.ry;
  return { rho: Math.hypot(p, q), theta: Math.atan2(q, p) };
}

/** Signed distance-like depth inside the true boundary in pixels: (f(θ) − ρ)·√(rₓ r_y), > 0 inside. */
export function noduleDepth(s: NoduleShape, x: number, y: number): number {
  const { rho, theta } = noduleFrame(s, x, y);
  return (harmonicRadius(s.harmonics, theta) - rho) * Math.sqrt(s.rx * s.ry);
}

/** The same shape on a grid `factor` times finer or coarser (lengths × factor). */
export function scaleShape(s: NoduleShape, factor: number): NoduleShape {
  return { ...s, cx: s.cx * factor, cy: s.cy * factor, rx: s.rx * factor, ry: s.ry * factor };
}

/** The true mask on a size×size grid: δ ≥ 0 at pixel centres. */
export function noduleMask(s: NoduleShape, size: number): Int32Array {
  const mask = new Int32Array(size * size);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) mask[y * size + x] = noduleDepth(s, x, y) >= 0 ? 1 : 0;
  return mask;
}

/** The lobulation of one nodule (shared by its views). */
export function drawLobulation(rng: Rng): Harmonics {
  return randomHarmonics(rng, LOBES, 2);
}

/**
 * One view of a nodule with lobulation `harmonics`, centred in the parenchyma region: x in [0.35, 0.65]·size, y in
 * [top + r, 0.85·size − r] where `top` is the bottom of the muscle layer.
 */
export function drawView(rng: Rng, harmonics: Harmonics, size: number, top: number): NoduleShape {
  const r0 = rng.uniform(0.09, 0.2) * size;
  const ratio = rng.uniform(0.7, 1.5);
  const rx = r0 / Math.sqrt(ratio);
  const ry = r0 * Math.sqrt(ratio);
  const angle = rng.uniform(-0.35, 0.35);
  const cyLo = Math.min(top + ry, 0.85 * size - ry);
  return {
    cx: rng.uniform(0.35, 0.65) * size,
    cy: rng.uniform(cyLo, Math.max(cyLo, 0.85 * size - ry)),
    rx,
    ry,
    cos: Math.cos(angle),
    sin: Math.sin(angle),
    harmonics,
  };
}
