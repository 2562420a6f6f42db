/**
 * One case of the lesion task, drawn from its own generator: where its lesions are, how its anatomy is posed in
 * the field of view, its contrasts, bias fields and lesion texture, and which axial slices it contributes.
 *
 * Pose: the output grid is a square field of view of side max(brain width, brain depth) + 12 mm centred on the
 * brain (anterior up, RAS x to the right), rotated in-plane by ±8°, scaled by 0.92–1.08 and shifted by ±4 mm per
 * case, so no two cases show the anatomy on the same pixels. Slices: `slices` axial levels evenly spaced over the
 * z-extent of the first lesion's oedema (level k at fraction (k + ½)/slices), so every slice cuts a lesion.
 */
import type { Rng } from '@seg/core';
import { type Field, randomDirection, type SmoothField, smoothField } from '../fields.js';
import type { BrainAnatomy } from './anatomy.js';
import { drawLevels, type Modality } from './contrasts.js';
import { drawLesion, type Lesion, placeIn, worldDirection } from './tumour.js';

export interface LesionCaseDraw {
  slices: number;
  modalities: readonly Modality[];
  massEffect: number;
  multifocal: number;
  highGrade: number;
  contrast: number;
  bias: number;
}

export interface LesionCase {
  lesions: Lesion[];
  /** Output mm (u right, v anterior, from the field-of-view centre) → anatomy voxel: centre + scale·rot(u, v) + shift. */
  pose: { cx: number; cy: number; cos: number; sin: number; scale: number; fov: number };
  /** Anatomy z of each slice. */
  levels: number[];
  /** Per modality: tissue levels (contrasts.ts) and a smooth bias field in field-of-view units (wavelengths 1–2 FOV). */
  contrast: Float64Array[];
  biasFields: SmoothField[];
  /** Log-amplitude b of the bias exp(b·F). */
  biasAmplitude: number;
  /** Lesion heterogeneity: a smooth field, applied as 1 + 0.1·T. */
  texture: Field;
}

const CORE_RADIUS: readonly [number, number] = [8, 20];

/** A random candidate centre at least `minDistance` from every centre in `avoid` (20 draws; else the farthest drawn). */
function pickCentre(rng: Rng, a: BrainAnatomy, avoid: readonly (readonly number[])[], minDistance: number): [number, number, number] {
  const n = a.centres.length / 3;
  let best: [number, number, number] = [a.centres[0], a.centres[1], a.centres[2]];
  let bestGap = -1;
  for (let attempt = 0; attempt < 20 && bestGap < minDistance; attempt++) {
    const k = 3 * rng.int(n);
    const p: [number, number, number] = [a.centres[k], a.centres[k + 1], a.centres[k + 2]];
    const gap = Math.min(Infinity, ...avoid.map((c) => Math.hypot(c[0] - p[0], c[1] - p[1], c[2] - p[2])));
    if (gap > bestGap) [best, bestGap] = [p, gap];
  }
  return best;
}

/** The z-range of a lesion's oedema boundary, sampled along 400 random directions. */
function oedemaZRange(rng: Rng, l: Lesion): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < 400; i++) {
    const [wx, wy, wz] = worldDirection(l, randomDirection(rng, 3)); // local unit vector u, in world coordinates
    const r = placeIn(l, l.centre[0] + wx, l.centre[1] + wy, l.centre[2] + wz).oedema;
    lo = Math.min(lo, l.centre[2] + wz * r);
    hi = Math.max(hi, l.centre[2] + wz * r);
  }
  return [lo, hi];
}

/** Draws every case-level choice of one lesion case (see the module comment). */
export function drawLesionCase(rng: Rng, a: BrainAnatomy, draw: LesionCaseDraw): LesionCase {
  const lesionDraw = { coreRadius: CORE_RADIUS, massEffect: draw.massEffect, highGrade: draw.highGrade };
  const first = drawLesion(rng, pickCentre(rng, a, [], 0), lesionDraw);
  const lesions = [first];
  if (rng.bernoulli(draw.multifocal)) lesions.push(drawLesion(rng, pickCentre(rng, a, [first.centre], 40), lesionDraw));
  const [[x0, x1], [y0, y1]] = a.box;
  const angle = (rng.uniform(-8, 8) * Math.PI) / 180;
  const pose = {
    cx: (x0 + x1) / 2 + rng.uniform(-4, 4),
    cy: (y0 + y1) / 2 + rng.uniform(-4, 4),
    cos: Math.cos(angle),
    sin: Math.sin(angle),
    scale: rng.uniform(0.92, 1.08),
    fov: Math.max(x1 - x0, y1 - y0) + 12,
  };
  const [zlo, zhi] = oedemaZRange(rng, first);
  const levels = Array.from({ length: draw.slices }, (_, k) => zlo + ((k + 0.5) / draw.slices) * (zhi - zlo));
  const contrast = drawLevels(rng, draw.modalities, draw.contrast);
  const biasFields = draw.modalities.map(() => smoothField(rng, { dims: 3, wavelength: [1, 2], terms: 4 }));
  const texture = smoothField(rng, { dims: 3, wavelength: [3, 10], terms: 12 });
  return { lesions, pose, levels, contrast, biasFields, biasAmplitude: draw.bias, texture };
}

/** Anatomy voxel coordinates of output pixel centre (row, col) + sub-pixel offsets, on a size×size grid. */
export function poseToAnatomy(c: LesionCase, size: number, row: number, col: number): [number, number] {
  const { cx, cy, cos, sin, scale, fov } = c.pose;
  const u = ((col + 0.5) / size - 0.5) * fov;
  const v = (0.5 - (row + 0.5) / size) * fov;
  return [cx + scale * (cos * u - sin * v), cy + scale * (sin * u + cos * v)];
}
