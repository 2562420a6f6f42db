/**
 * Mean max class likelihood (MMCL), as reported by the gambling-adversarial-nets paper (Table 4):
 * "the average likelihood of the most likely class, where the max likelihoods are averaged across the
 * spatial dimensions and different samples":  MMCL = (1/N) Σ_pixels max_c p_c.
 *
 * Labels are optional: without them every pixel counts. With them, pixels labeled `ignoreIndex` are
 * skipped and `region: 'foreground'` keeps ground-truth label ≠ 0. A batch is pooled over its pixels,
 * which equals the mean of per-image means when every image has the same number of counted pixels.
 * Higher is more confident, not better: compare it with accuracy (an over-confident model has
 * MMCL > pixel accuracy).
 */
import { SegInputError } from '@seg/core';
import type { LabelLike } from '../grid.js';
import type { ProbabilityLike } from './input.js';
import { scan, scanSettings } from './scan.js';
import type { ScoreOptions } from './scores.js';

/** Mean over pixels of max_c p_c (labels optional; required for `region: 'foreground'`). */
export function mmcl(probs: ProbabilityLike, labels?: LabelLike, options: ScoreOptions = {}): number {
  const settings = scanSettings(options, false, 'mmcl');
  if (labels === undefined && settings.region === 'foreground') {
    throw new SegInputError({
      fn: 'mmcl',
      arg: 'labels',
      expected: "a label map with region: 'foreground'",
      got: 'undefined',
      hint: "Pass the labels, or use region: 'all'",
    });
  }
  const s = scan(probs, labels, { ...settings, labelsOptional: true }, 'mmcl');
  return s.count === 0 ? Number.NaN : s.conf / s.count;
}
