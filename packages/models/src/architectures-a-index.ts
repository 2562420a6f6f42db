import { attentionUnet, attentionUnetParamCount } from './attention-unet.js';
import type { ModelEntry } from './registry.js';
import { unetpp } from './unetpp.js';
import { unetppParamCount } from './unetpp-config.js';

export { attentionChannels, attentionGate, attentionUnet, attentionUnetParamCount } from './attention-unet.js';
export { ChannelBroadcastMultiply, channelBroadcastMultiply } from './channel-broadcast-multiply.js';
export type { SkipGate } from './unet.js';
export { conv1x1Head, unetGraph } from './unet.js';
export { resolveUNetLike } from './unet-config.js';
export { unetpp, unetppPrune } from './unetpp.js';
export type { UNetPPConfig } from './unetpp-config.js';
export { resolveUNetPPConfig, UNETPP_DEFAULTS, unetppParamCount } from './unetpp-config.js';

/** Registry entry for `attentionUnet` (the lead registers it). */
export const attentionUnetEntry: ModelEntry = {
  name: 'attention-unet',
  description: 'Attention U-Net: U-Net with additive attention gates σ(ψ·ReLU(W_x x + W_g g)) on the skips (Oktay et al.)',
  create: attentionUnet,
  paramCount: attentionUnetParamCount,
};

/** Registry entry for `unetpp` (the lead registers it). */
export const unetppEntry: ModelEntry = {
  name: 'unetpp',
  description: 'UNet++: nested dense skip pathways X^{i,j}, optional deep supervision and pruning (Zhou et al.)',
  create: unetpp,
  paramCount: unetppParamCount,
};
