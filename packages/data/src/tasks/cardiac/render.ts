/**
 * Rendering cardiac slices (bright-blood SSFP look). Per case, tissue levels: blood [0.8, 1] (RV × [0.85, 1],
 * flow inhomogeneity ±6 %), myocardium [0.18, 0.32], fat [0.7, 0.95], chest muscle [0.25, 0.4], liver [0.3, 0.45],
 * lung [0.02, 0.08], air 0.02. Painted back to front with 0.5 px logistic edges: body ellipse with a subcutaneous fat
 * rim, two lungs beside the heart, the liver at lower levels (ℓ > 0.45, growing towards the apex), the descending
 * aorta, epicardial fat pads, the LV myocardium, the RV cavity (with dark trabeculations near its free wall), the LV
 * cavity and its papillary muscles (myocardium-dark). Intensities are averaged over 2×2 sub-samples per pixel,
 * multiplied by a smooth coil bias exp(b·F) (one per case), given Rician noise σ = noise·[0.6, 1.4]·blood, and
 * z-scored per case over all its slices. Labels (pixel centre): 1 RV cavity, 2 LV myocardium, 3 LV cavity (with
 * the papillary muscles, as in ACDC) and, with `labels: 'extended'`, 4 descending aorta and 5 papillary muscles.
 */
import type { Rng } from '@seg/core';
import { addRicianNoise } from '../../phantom/noise.js';
import { fieldOnGrid, harmonicRadius, type SmoothField, smoothField, softStep } from '../fields.js';
import { type HeartCase, type HeartSlice, lvPolar } from './heart.js';

export interface CardiacLook {
  blood: number;
  rvBlood: number;
  myo: number;
  fat: number;
  muscle: number;
  liver: number;
  lung: number;
  body: { cx: number; cy: number; a: number; b: number; rim: number };
  lungs: { cx: number; cy: number; a: number; b: number }[];
  /** Flow inhomogeneity and trabeculation fields on the 2×2 sub-sample grid ((2·size)², at x + ¼, x + ¾), bias per pixel. */
  flow: Float32Array;
  trabeculae: Float32Array;
  bias: Float32Array;
  sigma: number;
}

export function drawLook(rng: Rng, size: number, noise: number, bias: number): CardiacLook {
  const blood = rng.uniform(0.8, 1);
  const b = smoothField(rng, { dims: 2, wavelength: [size, 3 * size], terms: 4 });
  const sub = { x0: 0.25, y0: 0.25, dx: 0.5, dy: 0.5 };
  const onSubGrid = (f: SmoothField) => fieldOnGrid(f, 2 * size, 2 * size, sub);
  const biasGrid = fieldOnGrid(b, size, size, { x0: 0.5, y0: 0.5 });
  for (let i = 0; i < biasGrid.length; i++) biasGrid[i] = Math.exp(bias * biasGrid[i]);
  return {
    blood,
    rvBlood: blood * rng.uniform(0.85, 1),
    myo: rng.uniform(0.18, 0.32),
    fat: rng.uniform(0.7, 0.95),
    muscle: rng.uniform(0.25, 0.4),
    liver: rng.uniform(0.3, 0.45),
    lung: rng.uniform(0.02, 0.08),
    body: {
      cx: rng.uniform(0.48, 0.52),
      cy: rng.uniform(0.48, 0.52),
      a: rng.uniform(0.44, 0.48),
      b: rng.uniform(0.36, 0.42),
      rim: rng.uniform(0.02, 0.035),
    },
    lungs: [
      { cx: rng.uniform(0.24, 0.3), cy: rng.uniform(0.44, 0.52), a: rng.uniform(0.12, 0.16), b: rng.uniform(0.2, 0.25) },
      { cx: rng.uniform(0.74, 0.8), cy: rng.uniform(0.44, 0.52), a: rng.uniform(0.1, 0.14), b: rng.uniform(0.18, 0.24) },
    ],
    flow: onSubGrid(smoothField(rng, { dims: 2, wavelength: [0.05 * size, 0.15 * size], terms: 8 })),
    trabeculae: onSubGrid(smoothField(rng, { dims: 2, wavelength: [0.03 * size, 0.08 * size], terms: 12 })),
    bias: biasGrid,
    sigma: noise * rng.uniform(0.6, 1.4) * blood,
  };
}

/** Approximate signed distance (px, > 0 inside) to an axis-aligned ellipse given in fractions of `size`. */
function ellipseDepth(e: { cx: number; cy: number; a: number; b: number }, size: number, x: number, y: number): number {
  const p = (x / size - e.cx) / e.a;
  const q = (y / size - e.cy) / e.b;
  return (1 - Math.hypot(p, q)) * Math.min(e.a, e.b) * size;
}

/**
 * Writes the intensity at (x, y) (pixel units, continuous; `sub` = index into the sub-sample grids, −1 at a pixel
 * centre, where only the label is needed) and returns the label (see the module comment).
 */
export function cardiacPoint(
  h: HeartCase,
  s: HeartSlice,
  look: CardiacLook,
  size: number,
  extended: boolean,
  x: number,
  y: number,
  sub: number,
  out: { v: number },
): number {
  const edge = (depth: number) => softStep(depth, 0.5);
  const paint = (v: number, level: number, w: number) => v + (level - v) * w;
  const body = ellipseDepth(look.body, size, x, y);
  let v = paint(0.02, look.muscle, edge(body));
  v = paint(v, look.fat, edge(body) * edge(look.body.rim * size - body));
  for (const l of look.lungs) v = paint(v, look.lung, edge(ellipseDepth(l, size, x, y)));
  if (s.level > 0.45) {
    const grow = (s.level - 0.45) / 0.55;
    v = paint(v, look.liver, edge(ellipseDepth({ cx: 0.27, cy: 0.78, a: 0.22 * grow + 0.02, b: 0.16 * grow + 0.02 }, size, x, y)));
  }
  const aorta = s.aorta.r - Math.hypot(x - s.aorta.x, y - s.aorta.y);
  v = paint(v, look.blood, edge(aorta));
  const { d, theta } = lvPolar(h, s, x, y);
  // beyond these radii the wall, the fat pads (≤ 0.052·S), the RV and their soft edges are absent: skip them
  const farFromRv = !s.rv || Math.hypot(x - s.rv.cx, y - s.rv.cy) > Math.max(s.rv.a, s.rv.b) + 4;
  if (d > 1.4 * (s.cavity + 1.25 * s.wall) + 0.06 * size + 4 && farFromRv) {
    out.v = v;
    return extended && aorta >= 0 ? 4 : 0;
  }
  const endoR = s.cavity * harmonicRadius(h.endo, theta);
  const endo = s.cavity > 0 ? endoR - d : -Infinity;
  const epi = endoR + s.wall * (1 + 0.25 * Math.cos(theta - h.thickAngle)) * harmonicRadius(h.epi, theta) - d;
  let rv = -Infinity;
  if (s.rv) {
    const dx = x - s.rv.cx;
    const dy = y - s.rv.cy;
    const p = (dx * Math.cos(s.rv.angle) + dy * Math.sin(s.rv.angle)) / s.rv.a;
    const q = (-dx * Math.sin(s.rv.angle) + dy * Math.cos(s.rv.angle)) / s.rv.b;
    rv = (1 - Math.hypot(p, q)) * Math.min(s.rv.a, s.rv.b);
  }
  const fatPad = Math.max(0, 0.04 * size * (harmonicRadius(h.fat, theta) - 1));
  v = paint(v, look.fat, edge(epi + fatPad) * (1 - edge(rv)));
  v = paint(v, look.myo, edge(epi));
  const trab = sub >= 0 && look.trabeculae[sub] > 1.2 && rv < 0.3 * (s.rv?.a ?? 0) ? look.myo : look.rvBlood;
  v = paint(v, trab, edge(rv) * (1 - edge(epi)));
  v = paint(v, look.blood * (1 + 0.06 * (sub >= 0 ? look.flow[sub] : 0)), edge(endo));
  let pap = -Infinity;
  for (const p of s.papillary) pap = Math.max(pap, p.r - Math.hypot(x - p.x, y - p.y));
  out.v = paint(v, look.myo, edge(pap) * edge(endo + 1));
  if (extended && pap >= 0 && endo >= -1) return 5;
  if (endo >= 0) return 3;
  if (epi >= 0) return 2;
  if (rv >= 0) return 1;
  if (extended && aorta >= 0) return 4;
  return 0;
}

/** One slice: intensities (2×2 sub-samples, bias applied, before noise) and labels. */
export function renderCardiacSlice(h: HeartCase, s: HeartSlice, look: CardiacLook, size: number, extended: boolean) {
  const image = new Float32Array(size * size);
  const label = new Int32Array(size * size);
  const out = { v: 0 };
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      label[y * size + x] = cardiacPoint(h, s, look, size, extended, x + 0.5, y + 0.5, -1, out);
      let acc = 0;
      for (let k = 0; k < 4; k++) {
        const sx = 2 * x + (k & 1);
        const sy = 2 * y + (k >> 1);
        cardiacPoint(h, s, look, size, extended, sx / 2 + 0.25, sy / 2 + 0.25, sy * 2 * size + sx, out);
        acc += out.v;
      }
      image[y * size + x] = (acc / 4) * look.bias[y * size + x];
    }
  return { image, label };
}

/** Rician noise on every slice, then one z-score over all pixels of the case. */
export function finishCase(rng: Rng, images: Float32Array[], sigma: number): void {
  for (const im of images) addRicianNoise(rng, im, sigma);
  let n = 0;
  let sum = 0;
  let sq = 0;
  for (const im of images)
    for (const v of im) {
      n++;
      sum += v;
      sq += v * v;
    }
  const mean = sum / n;
  const sd = Math.sqrt(Math.max(sq / n - mean * mean, 1e-16));
  for (const im of images) for (let i = 0; i < im.length; i++) im[i] = (im[i] - mean) / sd;
}
