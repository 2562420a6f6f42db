/**
 * Synthetic MR contrasts of the lesion task: each modality maps tissue classes to relative intensities.
 *
 * Healthy tissue keeps the real Colin27 detail (partial volume, sulci, deep grey matter): its T1 value t is mapped
 * through the piecewise-linear curve joining (t_CSF, L_CSF), (t_GM, L_GM), (t_WM, L_WM) — the anatomy's k-means
 * tissue anchors and the modality's levels — extended linearly beyond the ends and clipped at 0. So T1 keeps the
 * T1 order (CSF < GM < WM) while T2 and FLAIR reverse grey/white, T2 makes CSF bright and FLAIR suppresses it.
 * Lesion levels follow the usual glioma appearance (BraTS): oedema bright on T2 and FLAIR, necrosis dark on T1 and
 * bright on T2, the enhancing rim bright only after contrast (T1c).
 */
import type { Rng } from '@seg/core';

export type Modality = 't1' | 't1c' | 't2' | 'flair';

export const MODALITIES: readonly Modality[] = ['t1', 't1c', 't2', 'flair'];

/** Levels in the order CSF, GM, WM, oedema, necrosis (or non-enhancing core), enhancing. */
export const CONTRAST_LEVELS: Readonly<Record<Modality, readonly number[]>> = {
  t1: [0.25, 0.62, 0.85, 0.45, 0.25, 0.5],
  t1c: [0.25, 0.62, 0.85, 0.45, 0.25, 1.15],
  t2: [1.0, 0.62, 0.45, 0.9, 1.0, 0.7],
  flair: [0.12, 0.62, 0.48, 0.95, 0.5, 0.75],
};

/** Tissue indices into a level array. */
export const TISSUE = { csf: 0, gm: 1, wm: 2, oedema: 3, necrosis: 4, enhancing: 5 } as const;

/** One case's levels per modality: the table's levels times 1 + jitter·N(0, 1) each (at least 0.05). */
export function drawLevels(rng: Rng, modalities: readonly Modality[], jitter: number): Float64Array[] {
  return modalities.map((m) => Float64Array.from(CONTRAST_LEVELS[m], (v) => Math.max(0.05, v * (1 + jitter * rng.normal()))));
}

/** Healthy intensity of T1 value t: the piecewise-linear map through the tissue anchors (see the module comment). */
export function healthyLevel(levels: ArrayLike<number>, anchors: readonly [number, number, number], t: number): number {
  const [a0, a1, a2] = anchors;
  const v =
    t <= a1 ? levels[0] + ((levels[1] - levels[0]) * (t - a0)) / (a1 - a0) : levels[1] + ((levels[2] - levels[1]) * (t - a1)) / (a2 - a1);
  return Math.max(0, v);
}
