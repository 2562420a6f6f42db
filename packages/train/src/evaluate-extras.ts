/**
 * The optional parts of an evaluation: boundary metrics per case and class, calibration over all pixels and over
 * foreground pixels (ground truth ≠ 0), and the worst cases kept for overlays. Each part is collected case by case so
 * an evaluation never holds more than one batch of probabilities.
 */
import type { ImageArray, LabelMap, ProbabilityMap } from '@seg/core';
import {
  type BoundaryMetrics,
  type BoundaryMetricsOptions,
  boundaryMetricsPerClass,
  CalibrationAccumulator,
  type CalibrationResult,
  type DistanceEmptyPolicy,
  type Summary,
  summarizeOverCases,
} from '@seg/metrics';

export type BoundaryField = Exclude<keyof BoundaryMetrics, 'emptySide'>;
export const BOUNDARY_FIELDS: readonly BoundaryField[] = ['hausdorff', 'hd95', 'asd', 'assd', 'bfScore', 'surfaceDice'];

export interface BoundaryEvalOptions extends BoundaryMetricsOptions {
  /** Physical size of a pixel per axis (default 1 for each). */
  spacing?: readonly number[];
  /** Empty-mask policy of the distance metrics (default 'nan'). */
  empty?: DistanceEmptyPolicy;
}

export interface CalibrationEvalOptions {
  /** Equal-width confidence bins (lo, hi] (default 15). */
  bins?: number;
}

export interface WorstCase {
  id: string;
  meanDice: number;
  image: ImageArray;
  truth: LabelMap;
  pred: LabelMap;
}

/** Per-class boundary metrics of one case. */
export function caseBoundary(
  pred: LabelMap,
  truth: LabelMap,
  numClasses: number,
  ignoreIndex: number,
  includeBackground: boolean,
  options: BoundaryEvalOptions,
): BoundaryMetrics[] {
  return boundaryMetricsPerClass(pred, truth, { ...options, numClasses, ignoreIndex, includeBackground });
}

/** Summaries over cases of every boundary field, per class. */
export function summarizeBoundary(perCase: readonly BoundaryMetrics[][]): Record<BoundaryField, Summary[]> {
  const out = {} as Record<BoundaryField, Summary[]>;
  for (const f of BOUNDARY_FIELDS) out[f] = summarizeOverCases(perCase.map((classes) => classes.map((m) => m[f])));
  return out;
}

/** Calibration accumulated over all labelled pixels and over foreground pixels. */
export class CalibrationPair {
  private readonly all: CalibrationAccumulator;
  private readonly fg: CalibrationAccumulator;
  constructor(options: CalibrationEvalOptions, ignoreIndex: number) {
    this.all = new CalibrationAccumulator({ bins: options.bins, ignoreIndex, region: 'all' });
    this.fg = new CalibrationAccumulator({ bins: options.bins, ignoreIndex, region: 'foreground' });
  }
  add(probs: ProbabilityMap, truth: LabelMap): void {
    this.all.add(probs, truth);
    this.fg.add(probs, truth);
  }
  result(): { all: CalibrationResult; foreground: CalibrationResult } {
    return { all: this.all.result(), foreground: this.fg.result() };
  }
}

/** Keeps the k cases with the lowest mean Dice (NaN counts as worst). */
export class WorstCases {
  private readonly kept: WorstCase[] = [];
  constructor(private readonly k: number) {}
  offer(c: WorstCase): void {
    if (this.k <= 0) return;
    const score = (x: WorstCase) => (Number.isNaN(x.meanDice) ? -1 : x.meanDice);
    this.kept.push(c);
    this.kept.sort((a, b) => score(a) - score(b));
    if (this.kept.length > this.k) this.kept.pop();
  }
  result(): WorstCase[] {
    return [...this.kept];
  }
}
