/**
 * Dataset-level calibration over many images without holding their pixels: {@link CalibrationAccumulator}
 * keeps only bin sums (3 numbers per bin for the top label and per class) and four running sums, so
 * `add` per evaluation batch and `result()` at the end give the same numbers as one call on every
 * pixel at once (pixels pooled over images, not a mean of per-image values).
 *
 * Note: the MbLS code computes ECE per batch and averages the batch values weighted by pixel count;
 * that is not the pooled ECE (bins are not shared across batches). Call {@link ece} per case for
 * per-case values and weight them by `count` if you need that number.
 */
import { SegInputError } from '@seg/core';
import type { LabelLike } from '../grid.js';
import { expectedError, maximumError, type ReliabilityBin, reliabilityBins } from './bins.js';
import type { CalibrationRegion, ProbabilityLike } from './input.js';
import { type ScanSettings, type ScanSums, scan, scanSettings } from './scan.js';

export interface CalibrationOptions {
  /** Equal-width confidence bins (lo, hi] on [0, 1]. Default 15 (MbLS, Guo et al. 2017). */
  bins?: number;
  /** `'all'` labeled pixels (default) or `'foreground'`: ground-truth label ≠ 0 only (MbLS, SVLS). */
  region?: CalibrationRegion;
  /** Label value of unlabeled pixels, skipped. Default 255; −1 counts every pixel. */
  ignoreIndex?: number;
  /** Include class 0 in the classwise-ECE mean over classes. Default true (Kull et al. 2019, MbLS code). */
  includeBackground?: boolean;
}

/** Every calibration number of one set of pixels. NaN where no pixel was counted. */
export interface CalibrationResult {
  /** Expected calibration error of the top label: Σ_b n_b/N · |acc_b − conf_b|. */
  ece: number;
  /** Maximum calibration error: max over non-empty bins of |acc_b − conf_b|. */
  mce: number;
  /** Mean over classes of {@link perClassEce} (class 0 per `includeBackground`). */
  classwiseEce: number;
  /** ECE of p_c against 1[label = c], per class (index = class). */
  perClassEce: number[];
  /** Mean max class likelihood: mean over pixels of max_c p_c. */
  mmcl: number;
  /** Mean −ln max(p_label, 1e-12). */
  nll: number;
  /** Mean Σ_c (p_c − 1[c = label])², not divided by C (range [0, 2]). */
  brier: number;
  /** Pixels counted. */
  count: number;
  /** Top-label reliability-diagram bars. */
  reliability: ReliabilityBin[];
}

function emptySums(bins: number): ScanSums {
  return { numClasses: 0, count: 0, conf: 0, nll: 0, brier: 0, top: new Float64Array(3 * bins), perClass: new Float64Array(0) };
}

/** Turns pooled sums into metrics. Internal. */
export function summarizeSums(sums: ScanSums, bins: number, includeBackground: boolean): CalibrationResult {
  const { count, numClasses } = sums;
  const perClassEce = Array.from({ length: numClasses }, (_, c) =>
    sums.perClass.length === 0 ? Number.NaN : expectedError(sums.perClass, 3 * bins * c, bins),
  );
  const picked = perClassEce.slice(includeBackground ? 0 : 1);
  const classwiseEce = picked.length === 0 ? Number.NaN : picked.reduce((a, b) => a + b, 0) / picked.length;
  const mean = (s: number) => (count === 0 ? Number.NaN : s / count);
  return {
    ece: expectedError(sums.top, 0, bins),
    mce: maximumError(sums.top, 0, bins),
    classwiseEce,
    perClassEce,
    mmcl: mean(sums.conf),
    nll: mean(sums.nll),
    brier: mean(sums.brier),
    count,
    reliability: reliabilityBins(sums.top, 0, bins),
  };
}

/**
 * Accumulates calibration statistics batch by batch; `result()` equals {@link calibrationMetrics} on
 * all pixels at once. A failed `add` (bad input) leaves the accumulator unchanged.
 *
 * ```ts
 * const acc = new CalibrationAccumulator({ region: 'foreground' });
 * for (const { probs, labels } of batches) acc.add(probs, labels); // N×H×W×C and N×H×W
 * const { ece, classwiseEce, reliability } = acc.result();
 * ```
 */
export class CalibrationAccumulator {
  private readonly settings: ScanSettings;
  private readonly includeBackground: boolean;
  private sums: ScanSums;

  constructor(options: CalibrationOptions = {}) {
    const { includeBackground = true } = options ?? {};
    this.settings = scanSettings(options, true, 'CalibrationAccumulator');
    assertBoolean(includeBackground, 'CalibrationAccumulator');
    this.includeBackground = includeBackground;
    this.sums = emptySums(this.settings.bins);
  }

  /** Pixels counted so far. */
  get count(): number {
    return this.sums.count;
  }

  /** Adds one image or batch: `probs` …×C, `labels` on the same grid without the class axis. */
  add(probs: ProbabilityLike, labels: LabelLike): this {
    const fn = 'CalibrationAccumulator.add';
    const part = scan(probs, labels, this.settings, fn);
    const total = this.sums;
    if (total.numClasses === 0) {
      this.sums = part;
      return this;
    }
    if (part.numClasses !== total.numClasses) {
      throw new SegInputError({
        fn,
        arg: 'probs',
        expected: `${total.numClasses} classes like the earlier batches`,
        got: `${part.numClasses}`,
        hint: 'Accumulate the outputs of one model on one task only',
      });
    }
    total.count += part.count;
    total.conf += part.conf;
    total.nll += part.nll;
    total.brier += part.brier;
    for (let i = 0; i < total.top.length; i++) total.top[i] += part.top[i];
    for (let i = 0; i < total.perClass.length; i++) total.perClass[i] += part.perClass[i];
    return this;
  }

  /** The metrics of every pixel added so far (NaN and count 0 before the first labeled pixel). */
  result(): CalibrationResult {
    return summarizeSums(this.sums, this.settings.bins, this.includeBackground);
  }
}

/** Every calibration metric of one image or batch in one pass (pixels pooled over the batch). */
export function calibrationMetrics(probs: ProbabilityLike, labels: LabelLike, options: CalibrationOptions = {}): CalibrationResult {
  const { includeBackground = true } = options ?? {};
  const settings = scanSettings(options, true, 'calibrationMetrics');
  assertBoolean(includeBackground, 'calibrationMetrics');
  return summarizeSums(scan(probs, labels, settings, 'calibrationMetrics'), settings.bins, includeBackground);
}

/** Internal: `includeBackground` is a boolean. */
export function assertBoolean(value: unknown, fn: string, arg = 'includeBackground'): asserts value is boolean {
  if (typeof value !== 'boolean') throw new SegInputError({ fn, arg, expected: 'a boolean', got: typeof value });
}
