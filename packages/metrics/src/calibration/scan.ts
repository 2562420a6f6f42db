/**
 * One pass over P pixels × C classes that checks the input and collects every calibration sum:
 * top-label confidence bins, per-class probability bins, Σ max p, Σ −log p_label, Σ Brier. Internal:
 * the public entries are the metric functions and {@link CalibrationAccumulator}.
 */
import { DEFAULT_IGNORE_INDEX } from '@seg/core';
import type { LabelLike } from '../grid.js';
import { binIndex } from './bins.js';
import {
  assertCalibrationOptions,
  assertLabelGrid,
  assertProbabilities,
  badLabel,
  badProbability,
  badSum,
  type CalibrationRegion,
  type ProbabilityLike,
  SUM_TOLERANCE,
} from './input.js';

/** Probabilities below this are clamped before the log in NLL: a pixel adds at most −ln 1e-12 ≈ 27.63. */
export const NLL_CLAMP = 1e-12;

export interface ScanSettings {
  bins: number;
  region: CalibrationRegion;
  ignoreIndex: number;
  /** Also bin every class's probability (classwise ECE). */
  classwise: boolean;
  /** Labels may be left out (MMCL); otherwise a missing label map is an error. */
  labelsOptional?: boolean;
}

export interface ScanSums {
  numClasses: number;
  /** Pixels counted (labeled, and in the region). */
  count: number;
  /** Σ max_c p_c. */
  conf: number;
  /** Σ −ln max(p_label, 1e-12). */
  nll: number;
  /** Σ Σ_c (p_c − 1[c = label])². */
  brier: number;
  /** Top-label bins: count, Σ confidence, Σ correct (3 per bin). */
  top: Float64Array;
  /** Per class c at offset 3·bins·c: count, Σ p_c, Σ 1[label = c] (3 per bin); empty unless classwise. */
  perClass: Float64Array;
}

/** Default settings with the options checked; `fn` names the public function in errors. */
export function scanSettings(
  options: { bins?: number; region?: CalibrationRegion; ignoreIndex?: number },
  classwise: boolean,
  fn: string,
): ScanSettings {
  const { bins = 15, region = 'all', ignoreIndex = DEFAULT_IGNORE_INDEX } = options ?? {};
  assertCalibrationOptions(bins, region, ignoreIndex, fn);
  return { bins, region, ignoreIndex, classwise };
}

/** Checks `probs` (and `labels` when given) and sums everything over the kept pixels. */
export function scan(probs: ProbabilityLike, labels: LabelLike | undefined, s: ScanSettings, fn: string): ScanSums {
  const c = assertProbabilities(probs, fn);
  if (labels !== undefined || !s.labelsOptional) assertLabelGrid(probs, labels, fn);
  const { bins, region, ignoreIndex, classwise } = s;
  const p = probs.data;
  const lab = labels?.data;
  const grid = probs.shape.slice(0, -1);
  const pixels = p.length / c;
  const top = new Float64Array(3 * bins);
  const perClass = new Float64Array(classwise ? 3 * bins * c : 0);
  let count = 0;
  let conf = 0;
  let nll = 0;
  let brier = 0;
  for (let i = 0; i < pixels; i++) {
    const o = i * c;
    let y = -1;
    let keep = true;
    if (lab !== undefined) {
      y = lab[i];
      if (y === ignoreIndex) keep = false;
      else if (!(y >= 0 && y < c && Math.floor(y) === y)) throw badLabel(fn, y, i, c, ignoreIndex);
      else if (region === 'foreground' && y === 0) keep = false;
    }
    let sum = 0;
    let sq = 0;
    let max = -1;
    let arg = 0;
    for (let k = 0; k < c; k++) {
      const v = p[o + k];
      if (!(v >= 0 && v <= 1 + SUM_TOLERANCE)) throw badProbability(fn, v, i, k, grid);
      sum += v;
      sq += v * v;
      if (v > max) {
        max = v;
        arg = k;
      }
    }
    if (Math.abs(sum - 1) > SUM_TOLERANCE) throw badSum(fn, sum, i, grid);
    if (!keep) continue;
    count++;
    conf += max;
    const b = 3 * binIndex(max, bins);
    top[b]++;
    top[b + 1] += max;
    if (y < 0) continue; // no labels: only confidence sums (MMCL)
    if (arg === y) top[b + 2]++;
    const py = p[o + y];
    nll -= Math.log(Math.max(py, NLL_CLAMP));
    brier += sq - 2 * py + 1;
    if (!classwise) continue;
    for (let k = 0; k < c; k++) {
      const v = p[o + k];
      const q = 3 * (bins * k + binIndex(v, bins));
      perClass[q]++;
      perClass[q + 1] += v;
      if (k === y) perClass[q + 2]++;
    }
  }
  return { numClasses: c, count, conf, nll, brier, top, perClass };
}
