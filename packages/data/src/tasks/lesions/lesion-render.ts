/**
 * Rendering one lesion case into its axial slices: multi-modal images (channels in the order of `modalities`)
 * and BraTS-like labels 0 background, 1 oedema, 2 necrotic / non-enhancing core, 3 enhancing tumour.
 *
 * At every point: the brain outline is the anatomy's own (the skull is rigid); the healthy tissue there is read at
 * the undisplaced point (tumour.ts, mass effect; T1 below the CSF anchor, i.e. partial volume with the outside, counts
 * as CSF), mapped to each modality (contrasts.ts); then each lesion blends in
 * its oedema (weight σ((r_e − d)/1.5 mm) · max(white-matter-ness, σ((r_c + 3 − d)/1 mm)) · (1 − CSF-ness): oedema
 * spreads along white matter and stops at CSF) and its core (σ((r_c − d)/0.6 mm); necrosis inside r_n), each level
 * times a lesion texture 1 + 0.1·T. White-matter-ness and CSF-ness are logistic steps of the T1 value at the grey/white
 * and CSF/grey midpoints. Labels are evaluated at the pixel centre with the same rules thresholded at ½: core where
 * d ≤ r_c (enhancing if high grade and d > r_n), else oedema where d ≤ r_e, (white matter or d ≤ r_c + 3) and not
 * CSF. Intensities are averaged over s×s sub-samples per pixel (s = round(pixel mm / 1.5), 1…3: partial volume),
 * multiplied by the modality's bias field exp(b·F) (F smooth in scanner coordinates: output pixels and slice level), given Rician noise of σ = noise × the modality's white-matter
 * level, and z-scored per case and channel over the brain pixels of all its slices; outside the brain is 0.
 */
import type { Rng, Sample } from '@seg/core';
import { addRicianNoise } from '../../phantom/noise.js';
import { fieldOnGrid, softStep } from '../fields.js';
import { type BrainAnatomy, sampleT1 } from './anatomy.js';
import { healthyLevel, TISSUE } from './contrasts.js';
import { type LesionCase, poseToAnatomy } from './lesion-case.js';
import { type Lesion, placeIn, undisplace } from './tumour.js';

/** T1 above this is brain (ch2bet.nii.gz is 0 outside the brain). */
const BRAIN = 5;

/** Writes each modality's intensity at anatomy point (x, y, z) into `out`; returns the label, or −1 outside the brain. */
export function evaluatePoint(a: BrainAnatomy, c: LesionCase, x: number, y: number, z: number, out: Float64Array): number {
  const here = sampleT1(a, x, y, z);
  if (here <= BRAIN) return -1;
  const isNear = (l: Lesion) => Math.hypot(x - l.centre[0], y - l.centre[1], z - l.centre[2]) < l.reach;
  if (!c.lesions.some(isNear)) {
    for (let m = 0; m < out.length; m++) out[m] = healthyLevel(c.contrast[m], a.anchors, Math.max(a.anchors[0], here));
    return 0;
  }
  const near = c.lesions.filter(isNear);
  const places = near.map((l) => placeIn(l, x, y, z));
  let p: [number, number, number] = [x, y, z];
  near.forEach((l, k) => {
    p = undisplace(l, p[0], p[1], p[2], k === 0 ? places[0] : undefined); // later lesions see the moved point
  });
  const [csfA, gmA, wmA] = a.anchors;
  const t = Math.max(csfA, sampleT1(a, p[0], p[1], p[2]));
  const wm = softStep(t - (gmA + wmA) / 2, (wmA - gmA) / 8);
  const csf = softStep((csfA + gmA) / 2 - t, (gmA - csfA) / 8);
  for (let m = 0; m < out.length; m++) out[m] = healthyLevel(c.contrast[m], a.anchors, t);
  const tex = 1 + 0.1 * c.texture(x, y, z);
  let label = 0;
  for (let k = 0; k < near.length; k++) {
    const l = near[k];
    const at = places[k];
    const oedema = softStep(at.oedema - at.d, 1.5) * Math.max(wm, softStep(at.core + 3 - at.d, 1)) * (1 - csf);
    const core = softStep(at.core - at.d, 0.6);
    const necrosis = l.highGrade ? softStep(at.necrosis - at.d, 0.6) : 1;
    for (let m = 0; m < out.length; m++) {
      const lv = c.contrast[m];
      const inCore = tex * (lv[TISSUE.necrosis] * necrosis + lv[TISSUE.enhancing] * (1 - necrosis));
      let v = out[m];
      v += (tex * lv[TISSUE.oedema] - v) * oedema;
      out[m] = v + (inCore - v) * core;
    }
    const inside =
      at.d <= at.core
        ? l.highGrade && at.d > at.necrosis
          ? 3
          : 2
        : at.d <= at.oedema && (wm >= 0.5 || at.d <= at.core + 3) && csf < 0.5
          ? 1
          : 0;
    label = Math.max(label, inside);
  }
  return label;
}

/** Renders one axial slice at anatomy level z: intensities (before noise and normalisation), labels, brain mask. */
function renderSlice(a: BrainAnatomy, c: LesionCase, size: number, z: number, channels: number) {
  const image = new Float32Array(size * size * channels);
  const label = new Int32Array(size * size);
  const brain = new Uint8Array(size * size);
  const ss = Math.min(3, Math.max(1, Math.round((c.pose.fov * c.pose.scale) / size / 1.5)));
  const acc = new Float64Array(channels);
  const one = new Float64Array(channels);
  const step = 1 / size; // scanner coordinates in field-of-view units
  const bias = c.biasFields.map((f) => fieldOnGrid(f, size, size, { x0: step / 2, y0: step / 2, dx: step, dy: step, z: z / c.pose.fov }));
  for (let row = 0; row < size; row++)
    for (let col = 0; col < size; col++) {
      const i = row * size + col;
      const [x, y] = poseToAnatomy(c, size, row, col);
      const centre = evaluatePoint(a, c, x, y, z, one);
      if (centre < 0) continue;
      brain[i] = 1;
      label[i] = centre;
      acc.fill(0);
      for (let sy = 0; sy < ss; sy++)
        for (let sx = 0; sx < ss; sx++) {
          const [px, py] = poseToAnatomy(c, size, row + (sy + 0.5) / ss - 0.5, col + (sx + 0.5) / ss - 0.5);
          if (evaluatePoint(a, c, px, py, z, one) < 0) continue;
          for (let m = 0; m < channels; m++) acc[m] += one[m];
        }
      for (let m = 0; m < channels; m++) image[i * channels + m] = (acc[m] / (ss * ss)) * Math.exp(c.biasAmplitude * bias[m][i]);
    }
  return { image, label, brain };
}

/** Z-scores each channel over the brain pixels of all slices together (per volume, as nnU-Net does for MRI). */
function normalizeCase(slices: { image: Float32Array; brain: Uint8Array }[], channels: number): void {
  for (let m = 0; m < channels; m++) {
    let n = 0;
    let sum = 0;
    let sq = 0;
    for (const { image, brain } of slices)
      brain.forEach((inside, i) => {
        if (!inside) return;
        const v = image[i * channels + m];
        n++;
        sum += v;
        sq += v * v;
      });
    const mean = n > 0 ? sum / n : 0;
    const sd = n > 0 ? Math.sqrt(Math.max(sq / n - mean * mean, 0)) : 1;
    const scale = sd > 1e-8 ? 1 / sd : 1;
    for (const { image, brain } of slices)
      brain.forEach((inside, i) => {
        image[i * channels + m] = inside ? (image[i * channels + m] - mean) * scale : 0;
      });
  }
}

/** The case's slices as samples with the given ids (see the module comment). */
export function renderLesionCase(rng: Rng, a: BrainAnatomy, c: LesionCase, size: number, noise: number, ids: readonly string[]): Sample[] {
  const channels = c.contrast.length;
  const slices = c.levels.map((z) => renderSlice(a, c, size, z, channels));
  for (const s of slices)
    for (let m = 0; m < channels; m++) {
      const sigma = noise * c.contrast[m][TISSUE.wm];
      const plane = Float32Array.from({ length: size * size }, (_, i) => s.image[i * channels + m]);
      addRicianNoise(rng, plane, sigma);
      s.brain.forEach((inside, i) => {
        if (inside) s.image[i * channels + m] = plane[i];
      });
    }
  normalizeCase(slices, channels);
  return slices.map((s, k) => ({
    id: ids[k],
    image: { data: s.image, shape: [size, size, channels] },
    label: { data: s.label, shape: [size, size] },
  }));
}
