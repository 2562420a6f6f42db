/**
 * The tissue scene of one thyroid-ultrasound view (transverse neck, transducer at the top): echo amplitude and
 * attenuation per pixel, and the nodule's shape. Image formation (speckle, shadowing, log compression) is in
 * ultrasound.ts. Lengths scale with the image: u = size/64 pixels.
 *
 * Layers from the top: skin (echo 1.4) down to y₁ ∈ [0.05, 0.09]·size, strap muscle (0.55, horizontal striations,
 * attenuation 1.3) down to y₂ = y₁ + [0.10, 0.18]·size, then thyroid parenchyma (1.0, fine texture ±8 %, attenuation
 * 1); both interfaces undulate by ±0.02·size. Beside the gland: the carotid artery on one side (anechoic lumen 0.04
 * with attenuation 0.1 — posterior enhancement —, bright wall 1.7, radius [0.07, 0.11]·size) and, with probability
 * ½, the trachea's air wall on the other side (bright arc 2.8 with attenuation 30 behind it — a full shadow).
 * The nodule (nodule-shape.ts) has echo `echo` (± 10 % texture) blended in over a soft edge σ(δ/edge); optional
 * cystic parts (anechoic, attenuation 0.2), a hypoechoic halo (echo × 0.25 in the outer 2u of the nodule) and
 * calcifications (echo 3.5, radius 0.6–1.2u, attenuation 150: acoustic shadows below them).
 */
import type { Rng } from '@seg/core';
import { fieldOnGrid, type Harmonics, smoothField, softStep } from '../fields.js';
import { drawLobulation, drawView, type NoduleShape, noduleDepth } from './nodule-shape.js';

/** What a nodule is made of; shared by all views of a case. */
export interface NoduleCharacter {
  lobulation: Harmonics;
  /** Echo amplitude relative to the parenchyma. */
  echo: number;
  halo: boolean;
  /** Cystic where a smooth unit-variance field exceeds this level (∞ = solid). */
  cystic: number;
  calcifications: number;
  /** Soft-edge width in units u (ill-defined margins are wider). */
  edge: number;
}

/**
 * Hypoechoic (60 %, ratio [0.2, 0.5], −14 to −6 dB), isoechoic with a halo (20 %, [0.75, 1]) or hyperechoic (20 %,
 * [1.8, 3], +5 to +10 dB);
 * the ratio is raised to the power `contrast` (1 = as drawn, < 1 = lower contrast). Cystic parts with probability
 * 0.25 (where a smooth field exceeds a level in [0.25, 1]: roughly 40–16 % of the nodule), 1–3 calcifications with probability 0.3, edge width [0.5, 2]u.
 */
export function drawCharacter(rng: Rng, contrast: number): NoduleCharacter {
  const kind = rng.next();
  const ratio = kind < 0.6 ? rng.uniform(0.2, 0.5) : kind < 0.8 ? rng.uniform(0.75, 1) : rng.uniform(1.8, 3);
  return {
    lobulation: drawLobulation(rng),
    echo: ratio ** contrast,
    halo: kind >= 0.6 && kind < 0.8,
    cystic: rng.bernoulli(0.25) ? rng.uniform(0.25, 1) : Infinity,
    calcifications: rng.bernoulli(0.3) ? 1 + rng.int(3) : 0,
    edge: rng.uniform(0.5, 2),
  };
}

export interface Scene {
  echo: Float32Array;
  atten: Float32Array;
  shape: NoduleShape;
}

interface Disc {
  x: number;
  y: number;
  r: number;
}

const inDisc = (d: Disc, x: number, y: number) => Math.hypot(x + 0.5 - d.x, y + 0.5 - d.y) - d.r;

function neckLayers(rng: Rng, size: number) {
  const y1 = rng.uniform(0.05, 0.09) * size;
  const y2 = y1 + rng.uniform(0.1, 0.18) * size;
  const wave = smoothField(rng, { dims: 2, wavelength: [0.5 * size, 1.5 * size], terms: 3 });
  const side = rng.bernoulli(0.5) ? 1 : -1;
  const edgeX = (f: number) => (side > 0 ? f * size : (1 - f) * size);
  const carotid: Disc = { x: edgeX(rng.uniform(0.08, 0.18)), y: rng.uniform(0.45, 0.65) * size, r: rng.uniform(0.07, 0.11) * size };
  const trachea: Disc | undefined = rng.bernoulli(0.5)
    ? { x: edgeX(rng.uniform(0.95, 1.05)), y: rng.uniform(0.4, 0.55) * size, r: 0.14 * size }
    : undefined;
  return { y1, y2, wave, carotid, trachea };
}

/** Echo and attenuation of the neck without the nodule, per pixel (written into `echo` and `atten`). */
function background(rng: Rng, l: ReturnType<typeof neckLayers>, size: number, echo: Float32Array, atten: Float32Array): void {
  const u = size / 64;
  const tex = smoothField(rng, { dims: 2, wavelength: [3 * u, 8 * u], terms: 16 });
  const fine = fieldOnGrid(tex, size, size);
  const striated = fieldOnGrid(tex, size, size, { dx: 0.2, dy: 2 });
  const shift = fieldOnGrid(l.wave, size, 1);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const i = y * size + x;
      const sh = 0.02 * size * shift[x];
      let e = 1 + 0.08 * fine[i];
      let a = 1;
      const muscle = softStep(l.y2 + sh - y, 0.7) * softStep(y - l.y1 + sh, 0.7);
      e += (0.55 * (1 + 0.2 * striated[i]) - e) * muscle;
      a += 0.3 * muscle;
      e += (1.4 - e) * softStep(l.y1 - sh - y, 0.7);
      const c = inDisc(l.carotid, x, y);
      if (c < 1.5 * u) e = c < 0 ? 0.04 : 1.7;
      if (c < 0) a = 0.1;
      const t = l.trachea ? inDisc(l.trachea, x, y) : 1;
      if (t < 0) {
        e = t > -1.5 * u ? 2.8 : 0.1;
        a = 30;
      }
      echo[i] = e;
      atten[i] = a;
    }
}

/** Renders the scene of one view of a nodule of character `ch` (see the module comment). */
export function drawScene(rng: Rng, size: number, ch: NoduleCharacter): Scene {
  const u = size / 64;
  const layers = neckLayers(rng, size);
  const shape = drawView(rng, ch.lobulation, size, layers.y2);
  const echo = new Float32Array(size * size);
  const atten = new Float32Array(size * size);
  background(rng, layers, size, echo, atten);
  const tex = fieldOnGrid(smoothField(rng, { dims: 2, wavelength: [3 * u, 8 * u], terms: 16 }), size, size);
  const cyst = fieldOnGrid(smoothField(rng, { dims: 2, wavelength: [6 * u, 16 * u], terms: 6 }), size, size);
  const calcs: Disc[] = [];
  for (let k = 0; k < ch.calcifications * 20 && calcs.length < ch.calcifications; k++) {
    const p = { x: rng.uniform(0, size), y: rng.uniform(0, size), r: rng.uniform(0.6, 1.2) * u };
    if (noduleDepth(shape, p.x - 0.5, p.y - 0.5) > 2 * u) calcs.push(p);
  }
  // beyond this box the nodule's weight σ(δ/edge) is below e^-12: f ≤ 1.5, and δ ≤ −12·edge there
  const reach = 1.5 * Math.max(shape.rx, shape.ry) + 12 * ch.edge * u + 1;
  const [x0, x1] = [Math.max(0, Math.floor(shape.cx - reach)), Math.min(size - 1, Math.ceil(shape.cx + reach))];
  const [y0, y1] = [Math.max(0, Math.floor(shape.cy - reach)), Math.min(size - 1, Math.ceil(shape.cy + reach))];
  for (let y = y0; y <= y1; y++)
    for (let x = x0; x <= x1; x++) {
      const i = y * size + x;
      const depth = noduleDepth(shape, x, y);
      const w = softStep(depth, ch.edge * u);
      let inner = ch.echo * (1 + 0.1 * tex[i]);
      if (ch.halo && depth < 2 * u) inner *= 0.25;
      let innerAtten = 1;
      if (depth > u && cyst[i] > ch.cystic) {
        inner = 0.08;
        innerAtten = 0.2;
      }
      for (const d of calcs)
        if (inDisc(d, x, y) < 0) {
          inner = 3.5;
          innerAtten = 150;
        }
      echo[i] += (inner - echo[i]) * w;
      atten[i] += (innerAtten - atten[i]) * w;
    }
  return { echo, atten, shape };
}
