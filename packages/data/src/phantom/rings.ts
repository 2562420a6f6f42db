/**
 * The 'rings' phantom: a short-axis cardiac-cine-MRI-like slice with ACDC's classes
 * 0 background, 1 right-ventricle cavity (crescent), 2 left-ventricle myocardium (ring), 3 left-ventricle cavity (disc).
 *
 * Geometry (pixels, size S): a body ellipse (air outside); the LV centred near (0.55 S, 0.5 S), cavity radius
 * r_c ∈ [0.07, 0.12]·S, wall thickness t ∈ [0.035, 0.06]·S, both measured in an elliptic metric (axis ratio
 * e ∈ [0.85, 1.15], random rotation) so rings are not perfect circles. The RV is an ellipse placed to the left
 * of the LV (angle π ± 0.5), centred within ±0.2 of its radial semi-axis from the epicardium, so it overlaps the LV; its part outside the epicardium is the crescent.
 * Intensities (bright-blood SSFP look): blood 0.85–1, myocardium 0.15–0.3, body tissue 0.35–0.5, air 0.03;
 * a linear bias field (coil sensitivity, ≤ ±15 %); soft edges (sigmoid, 0.7 px); Rician noise; per-image z-score.
 */
import type { Rng, Sample } from '@seg/core';
import { standardizeImage } from '../normalize.js';
import { addRicianNoise } from './noise.js';

const EDGE = 0.7;
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z / EDGE));

interface Ellipse {
  cx: number;
  cy: number;
  /** semi-axes along the rotated x and y axes */
  a: number;
  b: number;
  cos: number;
  sin: number;
}

function ellipse(cx: number, cy: number, a: number, b: number, angle: number): Ellipse {
  return { cx, cy, a, b, cos: Math.cos(angle), sin: Math.sin(angle) };
}

/** Approximate signed distance to the ellipse boundary in pixels (positive inside). */
function inside(e: Ellipse, x: number, y: number): number {
  const dx = x - e.cx;
  const dy = y - e.cy;
  const p = (dx * e.cos + dy * e.sin) / e.a;
  const q = (-dx * e.sin + dy * e.cos) / e.b;
  return (1 - Math.sqrt(p * p + q * q)) * Math.min(e.a, e.b);
}

/** One rings phantom (image 1 channel, z-scored; labels 0–3), drawn from `rng` only. */
export function ringsSample(rng: Rng, id: string, size: number, noise: number): Sample {
  const s = size;
  const body = ellipse(
    rng.uniform(0.47, 0.53) * s,
    rng.uniform(0.47, 0.53) * s,
    rng.uniform(0.42, 0.48) * s,
    rng.uniform(0.34, 0.42) * s,
    rng.uniform(-0.2, 0.2),
  );
  const lvX = rng.uniform(0.5, 0.6) * s;
  const lvY = rng.uniform(0.42, 0.58) * s;
  const rc = rng.uniform(0.07, 0.12) * s;
  const epi = rc + rng.uniform(0.035, 0.06) * s;
  const axis = rng.uniform(0.85, 1.15);
  const rot = rng.uniform(0, Math.PI);
  const cavity = ellipse(lvX, lvY, rc * axis, rc / axis, rot);
  const outer = ellipse(lvX, lvY, epi * axis, epi / axis, rot);
  const rvAngle = Math.PI + rng.uniform(-0.5, 0.5);
  const rvA = rng.uniform(0.7, 1) * epi; // radial semi-axis
  const rvB = rng.uniform(1.2, 1.6) * epi; // tangential semi-axis: wraps around the septum
  const rvD = epi + rvA * rng.uniform(-0.2, 0.2);
  const rv = ellipse(lvX + rvD * Math.cos(rvAngle), lvY + rvD * Math.sin(rvAngle), rvA, rvB, rvAngle);
  const blood = rng.uniform(0.85, 1);
  const rvBlood = blood * rng.uniform(0.85, 1);
  const myo = rng.uniform(0.15, 0.3);
  const tissue = rng.uniform(0.35, 0.5);
  const biasAngle = rng.uniform(0, 2 * Math.PI);
  const biasAmp = rng.uniform(0, 0.3);
  const image = new Float32Array(s * s);
  const label = new Int32Array(s * s);
  for (let y = 0; y < s; y++) {
    for (let x = 0; x < s; x++) {
      const px = x + 0.5;
      const py = y + 0.5;
      const dCav = inside(cavity, px, py);
      const dEpi = inside(outer, px, py);
      const dRv = inside(rv, px, py);
      let v = 0.03 + (tissue - 0.03) * sigmoid(inside(body, px, py));
      v += (myo - v) * sigmoid(dEpi);
      v += (blood - v) * sigmoid(dCav);
      v += (rvBlood - v) * sigmoid(dRv) * (1 - sigmoid(dEpi));
      const bias = 1 + biasAmp * ((px / s - 0.5) * Math.cos(biasAngle) + (py / s - 0.5) * Math.sin(biasAngle));
      image[y * s + x] = v * bias;
      label[y * s + x] = dCav >= 0 ? 3 : dEpi >= 0 ? 2 : dRv >= 0 ? 1 : 0;
    }
  }
  addRicianNoise(rng, image, noise);
  standardizeImage(image, 1);
  return { id, image: { data: image, shape: [s, s, 1] }, label: { data: label, shape: [s, s] } };
}
