/** The smallest valid config of every registered model (issue 7), shared by the registry-driven gradient tests. */
export const TINY: Record<string, { size: number; config: Record<string, unknown> }> = {
  unet: { size: 16, config: { depth: 2, filters: 4 } },
  segan: { size: 16, config: { depth: 2, filters: 4 } },
  'attention-unet': { size: 16, config: { depth: 2, filters: 4 } },
  unetpp: { size: 16, config: { depth: 2, filters: 4, deepSupervision: true } },
  pspnet: { size: 32, config: { blocks: [1, 1, 1, 1], width: 4, bins: [1, 2, 4], headChannels: 8 } },
  deeplabv3plus: { size: 32, config: { width: 4, middleBlocks: 1, asppChannels: 8, decoderChannels: 8 } },
  transunet: { size: 16, config: { depth: 2, filters: 4, embedDim: 8, heads: 2, blocks: 1 } },
  'aag-unet': { size: 16, config: { depth: 3, filters: 4 } },
};
