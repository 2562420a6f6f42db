import { SegConfigError } from '@seg/core';
import { createModel, listModels, type UNetConfig } from '@seg/models';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A small valid config per registered model (every model must be listed here: the first test checks it). */
const TINY: Record<string, Record<string, unknown>> = {
  unet: { inputShape: [16, 16, 1], numClasses: 2, depth: 2, filters: 4 },
  segan: { inputShape: [16, 16, 1], numClasses: 2, depth: 2, filters: 4 },
  'attention-unet': { inputShape: [16, 16, 1], numClasses: 3, depth: 2, filters: 4 },
  unetpp: { inputShape: [16, 16, 1], numClasses: 2, depth: 2, filters: 4, deepSupervision: true },
  pspnet: { inputShape: [32, 32, 1], numClasses: 2, blocks: [1, 1, 1, 1], width: 4, bins: [1, 2, 4], headChannels: 8 },
  deeplabv3plus: { inputShape: [32, 32, 1], numClasses: 2, width: 4, middleBlocks: 1, asppChannels: 8, decoderChannels: 8 },
  transunet: { inputShape: [16, 16, 1], numClasses: 2, depth: 2, filters: 4, embedDim: 8, heads: 2, blocks: 1 },
  'aag-unet': { inputShape: [16, 16, 1], numClasses: 3, depth: 3, filters: 4 },
};

describe('model registry', () => {
  it('lists unet with a description and a parameter count equal to the built model', () => {
    const models = listModels();
    expect(models.map((m) => m.name)).toEqual(Object.keys(TINY));
    expect(models[0].description).toMatch(/U-Net/);
    const config: UNetConfig = { inputShape: [16, 16, 1], numClasses: 2, depth: 2, filters: 4 };
    const model = createModel('unet', config);
    expect(models[0].paramCount(config)).toBe(model.countParams());
    expect(model.outputs[0].shape).toEqual([null, 16, 16, 2]);
    model.dispose();
  });

  it('an unknown name lists the valid names', () => {
    expect(() => createModel('unet++', {})).toThrow(SegConfigError);
    expect(() => createModel('unet++', {})).toThrow(
      `createModel: 'name' must be one of ${Object.keys(TINY)
        .map((n) => `'${n}'`)
        .join(', ')}, got "unet++". listModels() describes each.`,
    );
  });

  it('every model: paramCount equals the built model; the first output is full-size logits', () => {
    for (const { name, paramCount } of listModels()) {
      const config = TINY[name];
      const model = createModel(name, config);
      expect(paramCount(config), name).toBe(model.countParams());
      const [h, w] = config.inputShape as number[];
      expect(model.outputs[0].shape, name).toEqual([null, h, w, config.numClasses]);
      model.dispose();
    }
  });

  it('paramCount validates the config like the builder', () => {
    expect(() => listModels()[0].paramCount({ inputShape: [16, 16, 1], numClasses: 1 })).toThrow(
      /^unetParamCount: invalid U-Net configuration:\n {2}- 'numClasses' must be an integer ≥ 2/,
    );
  });
});
