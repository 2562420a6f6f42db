export type { DiscriminatorLossParts } from './losses.js';
export { bceWithLogits, criticInput, discriminatorLoss, nonSaturatingLoss, realClassMap, scaledClassMap } from './losses.js';
export type { CeAdversarialStepOptions } from './step.js';
export { ceAdversarialStep } from './step.js';
