/**
 * Evaluation of a segmentor on a labelled dataset with `@seg/metrics`: one confusion matrix per case gives its
 * per-class Dice and IoU; the matrices are also summed for dataset-level ("pooled") Dice and pixel accuracy.
 *
 * Means follow the metrics package: class means skip background (unless `includeBackground`) and NaN; case means
 * skip NaN. A class absent from both prediction and truth gives NaN under `empty: 'nan'` (default) — those values
 * are left out of every mean and counted in `emptyCount`, never silently dropped.
 */
import { DEFAULT_IGNORE_INDEX, SegInputError } from '@seg/core';
import type { Dataset } from '@seg/data';
import {
  addConfusion,
  type BoundaryMetrics,
  type CalibrationResult,
  confusionMatrix,
  diceFromConfusion,
  type EmptyPolicy,
  emptyConfusion,
  iouFromConfusion,
  meanOverCases,
  meanOverClasses,
  pixelAccuracyFromConfusion,
  type Summary,
  summarize,
  summarizeOverCases,
} from '@seg/metrics';
import type * as tf from '@tensorflow/tfjs';
import {
  type BoundaryEvalOptions,
  type BoundaryField,
  type CalibrationEvalOptions,
  CalibrationPair,
  caseBoundary,
  summarizeBoundary,
  type WorstCase,
  WorstCases,
} from './evaluate-extras.js';
import { type LogitsTransform, predictDataset } from './predict.js';

export interface EvaluateOptions {
  /** Cases per forward pass (default 4). */
  batchSize?: number;
  /** Classes including background (default: the dataset's). */
  numClasses?: number;
  /** Truth label that is skipped (default 255). */
  ignoreIndex?: number;
  /** Value for a class absent from both prediction and truth (default 'nan'). */
  empty?: EmptyPolicy;
  /** Include class 0 in the class means (default false). */
  includeBackground?: boolean;
  /** Boundary metrics per case and class (Hausdorff, HD95, ASD, ASSD, BF-score, surface Dice); off by default. */
  boundary?: boolean | BoundaryEvalOptions;
  /** Calibration (ECE, classwise ECE, MCE, MMCL, NLL, Brier, reliability bins), all and foreground pixels; off by default. */
  calibration?: boolean | CalibrationEvalOptions;
  /** Keep the k cases with the lowest mean Dice (image, truth, prediction) for overlays (default 0). */
  keepWorst?: number;
  /** Applied to the logits before argmax/softmax (post-hoc calibration). */
  logitsTransform?: LogitsTransform;
}

export interface CaseEvaluation {
  id: string;
  /** Per class (index = class). */
  dice: number[];
  iou: number[];
  /** Mean over (foreground) classes, NaN skipped. */
  meanDice: number;
  /** Per class, when boundary metrics were asked for (class 0 NaN unless includeBackground). */
  boundary?: BoundaryMetrics[];
}

export interface EvaluationResult {
  cases: CaseEvaluation[];
  /** Per-class mean over cases (NaN skipped). */
  perClass: { dice: number[]; iou: number[] };
  /** Mean over cases of each case's class-mean Dice / IoU. */
  meanDice: number;
  meanIou: number;
  /** Class-mean of the Dice of the pooled confusion matrix. */
  datasetDice: number;
  /** Per-class Dice and IoU of the pooled confusion matrix. */
  datasetPerClass: { dice: number[]; iou: number[] };
  /** Correct pixels / counted pixels over the whole dataset. */
  pixelAccuracy: number;
  /** How many (case, class) Dice values in the means were NaN (class absent from prediction and truth) and skipped. */
  emptyCount: number;
  /** Per-class summaries (mean, sd, median, count, nanCount) over cases of Dice and IoU. */
  summary: { dice: Summary[]; iou: Summary[] };
  /** Per-class summaries over cases of each boundary metric (when asked for). */
  boundary?: Record<BoundaryField, Summary[]>;
  /** Dataset-level calibration over all labelled pixels and over foreground pixels (when asked for). */
  calibration?: { all: CalibrationResult; foreground: CalibrationResult };
  /** The lowest-Dice cases with their images and masks (when keepWorst > 0). */
  worst?: WorstCase[];
}

/** Predicts every case and scores it against its label. */
export async function evaluateModel(model: tf.LayersModel, dataset: Dataset, options: EvaluateOptions = {}): Promise<EvaluationResult> {
  const {
    batchSize = 4,
    numClasses = dataset.numClasses,
    ignoreIndex = DEFAULT_IGNORE_INDEX,
    empty = 'nan',
    includeBackground = false,
    keepWorst = 0,
  } = options;
  const classes = { includeBackground };
  const boundary = options.boundary ? (options.boundary === true ? {} : options.boundary) : undefined;
  const calibration = options.calibration
    ? new CalibrationPair(options.calibration === true ? {} : options.calibration, ignoreIndex)
    : undefined;
  const worst = new WorstCases(keepWorst);
  const total = emptyConfusion(numClasses);
  const cases: CaseEvaluation[] = [];
  const ious: number[][] = [];
  let index = 0;
  const predictions = predictDataset(model, dataset, {
    batchSize,
    probabilities: calibration !== undefined,
    logitsTransform: options.logitsTransform,
  });
  for await (const p of predictions) {
    const sample = dataset.get(index++);
    const truth = sample.label;
    if (truth === undefined) {
      throw new SegInputError({
        fn: 'evaluateModel',
        arg: 'dataset',
        expected: 'labelled cases',
        got: `case '${p.id}' without a label`,
        hint: 'Evaluate on a labelled dataset',
      });
    }
    const cm = confusionMatrix(p.label, truth, { numClasses, ignoreIndex });
    addConfusion(total, cm);
    const dice = diceFromConfusion(cm, { empty });
    const iou = iouFromConfusion(cm, { empty });
    const c: CaseEvaluation = { id: p.id, dice, iou, meanDice: meanOverClasses(dice, classes) };
    if (boundary) c.boundary = caseBoundary(p.label, truth, numClasses, ignoreIndex, includeBackground, boundary);
    if (calibration && p.probabilities) calibration.add(p.probabilities, truth);
    worst.offer({ id: p.id, meanDice: c.meanDice, image: sample.image, truth, pred: p.label });
    cases.push(c);
    ious.push(iou);
  }
  const first = includeBackground ? 0 : 1;
  const emptyCount = cases.reduce((n, c) => n + c.dice.slice(first).filter(Number.isNaN).length, 0);
  const poolDice = diceFromConfusion(total, { empty });
  const result: EvaluationResult = {
    cases,
    perClass: { dice: meanOverCases(cases.map((c) => c.dice)), iou: meanOverCases(ious) },
    meanDice: summarize(cases.map((c) => c.meanDice)).mean,
    meanIou: summarize(ious.map((v) => meanOverClasses(v, classes))).mean,
    datasetDice: meanOverClasses(poolDice, classes),
    datasetPerClass: { dice: poolDice, iou: iouFromConfusion(total, { empty }) },
    pixelAccuracy: pixelAccuracyFromConfusion(total, { empty }),
    emptyCount,
    summary: { dice: summarizeOverCases(cases.map((c) => c.dice)), iou: summarizeOverCases(ious) },
  };
  if (boundary) result.boundary = summarizeBoundary(cases.map((c) => c.boundary ?? []));
  if (calibration) result.calibration = calibration.result();
  if (keepWorst > 0) result.worst = worst.result();
  return result;
}
