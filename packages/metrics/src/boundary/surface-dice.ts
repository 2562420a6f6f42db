/**
 * Normalized surface Dice at tolerance τ (Nikolov et al., "Clinically applicable segmentation of head and
 * neck anatomy for radiotherapy", J Med Internet Res 2021 / arXiv 1809.04430):
 *
 *   NSD = ( |{p ∈ ∂P : d(p, ∂G) ≤ τ}| + |{g ∈ ∂G : d(g, ∂P) ≤ τ}| ) / ( |∂P| + |∂G| )
 *
 * Boundary size is counted in boundary pixels, as MONAI `compute_surface_dice(use_subvoxels=False)`;
 * DeepMind's `surface-distance` weighs surface elements by their area instead (not implemented).
 * Unlike the BF-score, the two directions are pooled, so the longer boundary weighs more.
 * τ in physical units, default 2·min(spacing); `comparison` `'<='` (default, Nikolov and MONAI) or `'<'`.
 * Empty masks: one side empty → 0 (MONAI too), both empty → NaN (`'nan'`, MONAI) or 1.
 */
import type { LabelLike } from '../grid.js';
import { type ToleranceOptions, toleranceOf } from './bf-score.js';
import { evaluatePair, type MetricSpec } from './pair.js';
import { defaultTolerance, surfaceDiceOf } from './reduce.js';

/** The surface-Dice metric spec. Internal. */
export function surfaceDiceSpec(options: ToleranceOptions, fn: string): MetricSpec {
  const { tolerance, comparison } = toleranceOf(options, fn);
  return { kind: 'score', reduce: (d, spacing) => surfaceDiceOf(d, tolerance ?? defaultTolerance(spacing), comparison) };
}

/** Normalized surface Dice (NSD) of two binary masks at tolerance τ, in [0, 1]. */
export function surfaceDice(pred: LabelLike, truth: LabelLike, options: ToleranceOptions = {}): number {
  return evaluatePair(pred, truth, options, 'surfaceDice', surfaceDiceSpec(options, 'surfaceDice'));
}
