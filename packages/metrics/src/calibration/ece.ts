/**
 * Top-label calibration error (Naeini et al. 2015; Guo et al. 2017; MbLS eq. 8). Each counted pixel
 * has a confidence max_c p_c and is correct when argmax_c p_c (first on ties) equals its label.
 * Pixels fall into B equal-width bins (lo, hi] (confidence 0 into the first); per bin,
 * acc_b = correct / n_b and conf_b = mean confidence, and
 *
 *   ECE = Σ_b (n_b / N) · |acc_b − conf_b|,   MCE = max_{b : n_b > 0} |acc_b − conf_b|.
 *
 * `region: 'foreground'` counts only pixels whose ground-truth label is not 0, as the MbLS paper
 * (following Islam & Glocker 2021) reports; `'all'` (default) is the classification definition.
 * Pixels labeled `ignoreIndex` never count. Values are in [0, 1]; NaN when no pixel is counted.
 * A batch N×H×W×C is pooled (one set of bins); call per image for per-case values.
 */
import type { LabelLike } from '../grid.js';
import { expectedError, maximumError, type ReliabilityBin, reliabilityBins } from './bins.js';
import type { CalibrationRegion, ProbabilityLike } from './input.js';
import { scan, scanSettings } from './scan.js';

export interface EceOptions {
  /** Equal-width bins (lo, hi] on [0, 1]. Default 15. */
  bins?: number;
  /** `'all'` (default) or `'foreground'` (ground-truth label ≠ 0). */
  region?: CalibrationRegion;
  /** Label value of unlabeled pixels, skipped. Default 255; −1 counts every pixel. */
  ignoreIndex?: number;
}

function topBins(probs: ProbabilityLike, labels: LabelLike, options: EceOptions, fn: string) {
  const settings = scanSettings(options, false, fn);
  return { sums: scan(probs, labels, settings, fn), bins: settings.bins };
}

/** Expected calibration error of the top label (see the module comment for the formula). */
export function ece(probs: ProbabilityLike, labels: LabelLike, options: EceOptions = {}): number {
  const { sums, bins } = topBins(probs, labels, options, 'ece');
  return expectedError(sums.top, 0, bins);
}

/** Maximum calibration error (Naeini et al. 2015): the largest |acc_b − conf_b| over non-empty bins. */
export function maximumCalibrationError(probs: ProbabilityLike, labels: LabelLike, options: EceOptions = {}): number {
  const { sums, bins } = topBins(probs, labels, options, 'maximumCalibrationError');
  return maximumError(sums.top, 0, bins);
}

/**
 * Reliability-diagram bars (Niculescu-Mizil & Caruana 2005): per bin its edges, pixel count, mean
 * confidence and accuracy (NaN for an empty bin). A calibrated model has accuracy ≈ meanConfidence.
 */
export function reliabilityDiagram(probs: ProbabilityLike, labels: LabelLike, options: EceOptions = {}): ReliabilityBin[] {
  const { sums, bins } = topBins(probs, labels, options, 'reliabilityDiagram');
  return reliabilityBins(sums.top, 0, bins);
}
