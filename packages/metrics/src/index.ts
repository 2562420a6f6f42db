export type { PixelAccuracyOptions } from './accuracy.js';
export { pixelAccuracy, pixelAccuracyFromConfusion } from './accuracy.js';
export type { MeanOverClassesOptions, Summary } from './aggregate.js';
export { datasetDice, datasetIou, meanOverCases, meanOverClasses, summarize, summarizeOverCases } from './aggregate.js';
export * from './boundary/index.js';
export * from './calibration/index.js';
export * from './compare/index.js';
export type { ClassCounts, ConfusionMatrix, ConfusionOptions } from './confusion.js';
export { addConfusion, classCounts, confusionMatrix, emptyConfusion, sumConfusion } from './confusion.js';
export type { EmptyPolicy } from './empty.js';
export { EMPTY_POLICIES } from './empty.js';
export type { LabelLike } from './grid.js';
export type { OverlapOptions } from './overlap.js';
export { dice, diceFromConfusion, iou, iouFromConfusion, jaccard } from './overlap.js';
export type { FromConfusionOptions } from './per-class.js';
export {
  precision,
  precisionFromConfusion,
  recall,
  recallFromConfusion,
  sensitivity,
  sensitivityFromConfusion,
  specificity,
  specificityFromConfusion,
} from './rates.js';
