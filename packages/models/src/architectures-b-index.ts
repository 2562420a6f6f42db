/**
 * PSPNet, DeepLabV3+ and the TransUNet-style hybrid, their backbones and custom layers, and their registry entries
 * (`pspnetEntry`, `deeplabv3plusEntry`, `transunetEntry`) for `registerModel`.
 */
import type * as tf from '@tensorflow/tfjs';
import { type DeepLabV3PlusConfig, deeplabv3plus } from './deeplabv3plus.js';
import { type PSPNetConfig, pspnet } from './pspnet.js';
import type { ModelEntry } from './registry.js';
import { type TransUNetConfig, transunet } from './transunet.js';

export * from './backbones/index.js';
export type { DeepLabBackbone, DeepLabV3PlusConfig, ResolvedDeepLabV3PlusConfig } from './deeplabv3plus.js';
export { DEEPLAB_DEFAULTS, deeplabv3plus, PAPER_ATROUS_RATES, resolveDeepLabV3PlusConfig, scaledAtrousRates } from './deeplabv3plus.js';
export * from './layers/index.js';
export type { PSPNetConfig, ResolvedPSPNetConfig } from './pspnet.js';
export { PSPNET_DEFAULTS, pspnet, resolvePSPNetConfig } from './pspnet.js';
export type { ResolvedTransUNetConfig, TransUNetConfig } from './transunet.js';
export { resolveTransUNetConfig, TRANSUNET_DEFAULTS, transunet } from './transunet.js';

/** countParams() of a freshly built model, which is then disposed. */
function countBy<C>(build: (config: C) => tf.LayersModel): (config: C) => number {
  return (config) => {
    const model = build(config);
    const n = model.countParams();
    model.dispose();
    return n;
  };
}

export const pspnetEntry: ModelEntry = {
  name: 'pspnet',
  description: 'PSPNet: dilated ResNet (basic blocks, OS 8) + pyramid pooling (1, 2, 3, 6 bins), bilinear up (Zhao et al.)',
  create: (config: PSPNetConfig) => pspnet(config),
  paramCount: countBy(pspnet),
};

export const deeplabv3plusEntry: ModelEntry = {
  name: 'deeplabv3plus',
  description: 'DeepLabV3+: aligned-Xception or ResNet backbone, ASPP (atrous + image pooling), low-level decoder (Chen et al.)',
  create: (config: DeepLabV3PlusConfig) => deeplabv3plus(config),
  paramCount: countBy(deeplabv3plus),
};

export const transunetEntry: ModelEntry = {
  name: 'transunet',
  description: 'TransUNet-style: U-Net CNN encoder, pre-norm transformer blocks on bottleneck tokens, U-Net decoder (Chen et al.)',
  create: (config: TransUNetConfig) => transunet(config),
  paramCount: countBy(transunet),
};
