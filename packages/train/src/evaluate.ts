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
  confusionMatrix,
  diceFromConfusion,
  type EmptyPolicy,
  emptyConfusion,
  iouFromConfusion,
  meanOverCases,
  meanOverClasses,
  pixelAccuracyFromConfusion,
  summarize,
} from '@seg/metrics';
import type * as tf from '@tensorflow/tfjs';
import { predictDataset } from './predict.js';

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
}

export interface CaseEvaluation {
  id: string;
  /** Per class (index = class). */
  dice: number[];
  iou: number[];
  /** Mean over (foreground) classes, NaN skipped. */
  meanDice: number;
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
}

/** Predicts every case and scores it against its label. */
export async function evaluateModel(model: tf.LayersModel, dataset: Dataset, options: EvaluateOptions = {}): Promise<EvaluationResult> {
  const {
    batchSize = 4,
    numClasses = dataset.numClasses,
    ignoreIndex = DEFAULT_IGNORE_INDEX,
    empty = 'nan',
    includeBackground = false,
  } = options;
  const classes = { includeBackground };
  const total = emptyConfusion(numClasses);
  const cases: CaseEvaluation[] = [];
  const ious: number[][] = [];
  let index = 0;
  for await (const p of predictDataset(model, dataset, { batchSize })) {
    const truth = dataset.get(index++).label;
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
    cases.push({ id: p.id, dice, iou, meanDice: meanOverClasses(dice, classes) });
    ious.push(iou);
  }
  const first = includeBackground ? 0 : 1;
  const emptyCount = cases.reduce((n, c) => n + c.dice.slice(first).filter(Number.isNaN).length, 0);
  const poolDice = diceFromConfusion(total, { empty });
  return {
    cases,
    perClass: { dice: meanOverCases(cases.map((c) => c.dice)), iou: meanOverCases(ious) },
    meanDice: summarize(cases.map((c) => c.meanDice)).mean,
    meanIou: summarize(ious.map((v) => meanOverClasses(v, classes))).mean,
    datasetDice: meanOverClasses(poolDice, classes),
    datasetPerClass: { dice: poolDice, iou: iouFromConfusion(total, { empty }) },
    pixelAccuracy: pixelAccuracyFromConfusion(total, { empty }),
    emptyCount,
  };
}
