import { SegConfigError } from '@seg/core';
import { createModel, listModels, type UNetConfig } from '@seg/models';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('model registry', () => {
  it('lists unet with a description and a parameter count equal to the built model', () => {
    const models = listModels();
    expect(models.map((m) => m.name)).toEqual(['unet', 'segan']);
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
      `createModel: 'name' must be one of 'unet', 'segan', got "unet++". listModels() describes each.`,
    );
  });

  it('segan: paramCount equals the built segmentor', () => {
    const segan = listModels().find((m) => m.name === 'segan');
    const config = { inputShape: [16, 16, 1], numClasses: 2, depth: 2, filters: 4 };
    const model = createModel('segan', config);
    expect(segan?.paramCount(config)).toBe(model.countParams());
    model.dispose();
  });

  it('paramCount validates the config like the builder', () => {
    expect(() => listModels()[0].paramCount({ inputShape: [16, 16, 1], numClasses: 1 })).toThrow(
      /^unetParamCount: invalid U-Net configuration:\n {2}- 'numClasses' must be an integer ≥ 2/,
    );
  });
});
