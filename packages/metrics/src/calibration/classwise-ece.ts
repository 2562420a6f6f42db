/**
 * Classwise ECE (Kull et al. 2019; Mukhoti et al. 2020; MbLS eq. 9): for every class c, bin all counted
 * pixels by p_c (bins (lo, hi] as for {@link ece}) and compare, per bin, the mean p_c with the fraction
 * of pixels whose label is c:
 *
 *   ECE_c = Σ_b (n_{c,b} / N) · |acc_{c,b} − conf_{c,b}|,   CECE = (1/K) Σ_c ECE_c.
 *
 * The paper's wording ("samples from the i-th class in the j-th bin") is read as in its code
 * (Mukhoti's `ClasswiseECELoss`): every counted pixel enters every class's bins. Differences from
 * that code: we average over all K = C classes of `probs` (the code uses max(label) + 1, which drops
 * classes above the largest label present), and a probability of exactly 0 goes into the first bin.
 * `includeBackground: false` leaves class 0 out of the mean. `region: 'foreground'` as in {@link ece}
 * (MbLS reports foreground CECE; class 0 then measures background probability on foreground pixels).
 */
import type { LabelLike } from '../grid.js';
import { assertBoolean, summarizeSums } from './accumulator.js';
import type { EceOptions } from './ece.js';
import type { ProbabilityLike } from './input.js';
import { scan, scanSettings } from './scan.js';

export interface ClasswiseEceOptions extends EceOptions {
  /** Include class 0 in the mean over classes. Default true. */
  includeBackground?: boolean;
}

/** ECE_c of every class (index = class); NaN when no pixel is counted. */
export function perClassEce(probs: ProbabilityLike, labels: LabelLike, options: ClasswiseEceOptions = {}): number[] {
  const settings = scanSettings(options, true, 'perClassEce');
  return summarizeSums(scan(probs, labels, settings, 'perClassEce'), settings.bins, true).perClassEce;
}

/** Mean over classes of the per-class ECE (class 0 per `includeBackground`). */
export function classwiseEce(probs: ProbabilityLike, labels: LabelLike, options: ClasswiseEceOptions = {}): number {
  const { includeBackground = true } = options ?? {};
  const settings = scanSettings(options, true, 'classwiseEce');
  assertBoolean(includeBackground, 'classwiseEce');
  return summarizeSums(scan(probs, labels, settings, 'classwiseEce'), settings.bins, includeBackground).classwiseEce;
}
