export type { BackboneFeatures, ConvOptions, ConvSpec } from './common.js';
export { convNorm, separableConv, stridePlan } from './common.js';
export type { ResNetOptions } from './resnet.js';
export { RESNET_DEFAULTS, resnetBackbone, resnetWidths } from './resnet.js';
export type { XceptionOptions } from './xception.js';
export { XCEPTION_DEFAULTS, xceptionBackbone } from './xception.js';
