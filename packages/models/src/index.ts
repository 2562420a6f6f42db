export * from './aag-index.js';
export { attentionChannels, attentionGate, attentionUnet, attentionUnetEntry, attentionUnetParamCount } from './attention-unet.js';
export * from './backbones/index.js';
export type { BlockOptions } from './blocks.js';
export { convNormRelu, doubleConv, downsample, logitsHead, unetEncoder, upsample } from './blocks.js';
export { ChannelBroadcastMultiply, channelBroadcastMultiply } from './channel-broadcast-multiply.js';
export type { DeepLabBackbone, DeepLabV3PlusConfig, ResolvedDeepLabV3PlusConfig } from './deeplabv3plus.js';
export {
  DEEPLAB_DEFAULTS,
  deeplabv3plus,
  deeplabv3plusEntry,
  PAPER_ATROUS_RATES,
  resolveDeepLabV3PlusConfig,
  scaledAtrousRates,
} from './deeplabv3plus.js';
export * from './discriminators-index.js';
export * from './gambling-index.js';
export type { GroupNormalizationArgs } from './group-normalization.js';
export { GroupNormalization, groupNormalization } from './group-normalization.js';
export * from './layers/index.js';
export type { DeepSupervisionPolicy, InputRequirement, ModelEntry, ModelIO } from './model-entry.js';
export { countParamsBy, defineModel } from './model-entry.js';
export type { PSPNetConfig, ResolvedPSPNetConfig } from './pspnet.js';
export { PSPNET_DEFAULTS, pspnet, pspnetEntry, resolvePSPNetConfig } from './pspnet.js';
export type { ModelInfo } from './registry.js';
export { createModel, getModel, listModels, registerModel } from './registry.js';
export type { LayerSeeds } from './seeds.js';
export { glorotUniformFor, heNormalFor, layerSeeds } from './seeds.js';
export * from './segan-index.js';
export type { ResolvedTransUNetConfig, TransUNetConfig } from './transunet.js';
export { resolveTransUNetConfig, TRANSUNET_DEFAULTS, transunet, transunetEntry } from './transunet.js';
export type { SkipGate } from './unet.js';
export { conv1x1Head, unet, unetEntry, unetGraph } from './unet.js';
export type { NormKind, ResolvedUNetConfig, UNetConfig, UpsamplingKind } from './unet-config.js';
export { resolveUNetConfig, resolveUNetLike, UNET_DEFAULTS, unetOptionsSchema, unetParamCount } from './unet-config.js';
export { unetpp, unetppEntry, unetppPrune } from './unetpp.js';
export type { UNetPPConfig } from './unetpp-config.js';
export { resolveUNetPPConfig, UNETPP_DEFAULTS, unetppParamCount } from './unetpp-config.js';
