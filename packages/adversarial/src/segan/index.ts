export type { ClipPreset } from './clip.js';
export { clipWeights, SEGAN_CLIP } from './clip.js';
export type { MultiScaleL1Options, MultiScaleWeighting } from './losses.js';
export { MULTI_SCALE_WEIGHTINGS, multiScaleL1, seganCodeWeights } from './losses.js';
export type { SeganVariant } from './masking.js';
export { criticInputs, foregroundMaps, maskImages, SEGAN_VARIANTS } from './masking.js';
export { checkSeganNetworks } from './networks.js';
export type { SeganStepOptions } from './step.js';
export { seganOptimizers, seganStep } from './step.js';
