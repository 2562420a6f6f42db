export type { ConfidenceNormalize } from './losses.js';
export {
  confidenceNetworkLoss,
  confidenceWeightedCE,
  confidenceWeights,
  labelledMask,
  maskedMean,
  pixelLogits,
  pixelNonSaturatingLoss,
  stopGradient,
} from './losses.js';
export type { ConfidenceStepOptions } from './step.js';
export { confidenceStep } from './step.js';
