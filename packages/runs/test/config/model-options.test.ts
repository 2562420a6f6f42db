import { describe, expect, it } from 'vitest';
import { modelOptions } from '../../src/config/model-options.js';
import { resolveTrainConfig } from '../../src/config/resolve.js';

describe('modelOptions: the common fields an architecture takes come from its schema', () => {
  const model = resolveTrainConfig({ data: 'x' }).model; // depth 3, filters 16, norm batch, dropout 0, upsampling transpose
  // The table the run layer kept by hand before the entries declared their options (MODEL_FLAGS), written out again:
  // unetpp now also takes dropout and upsampling, which it accepts (config defaults = its own defaults).
  const expected: Record<string, string[]> = {
    unet: ['depth', 'filters', 'norm', 'dropout', 'upsampling'],
    'attention-unet': ['depth', 'filters', 'norm', 'dropout', 'upsampling'],
    unetpp: ['depth', 'filters', 'norm', 'dropout', 'upsampling'],
    segan: ['depth', 'filters'],
    'aag-unet': ['depth', 'filters', 'norm'],
    pspnet: ['norm'],
    deeplabv3plus: ['norm'],
    transunet: ['depth', 'filters', 'norm'],
  };
  for (const [name, keys] of Object.entries(expected)) {
    it(`${name} takes ${keys.join(', ')}`, () => {
      expect(Object.keys(modelOptions(model, name))).toEqual(keys);
    });
  }
  it('--model-opt wins over the common fields, a method option over both', () => {
    const m = { ...model, options: { depth: 2, groups: 4 } };
    expect(modelOptions(m, 'aag-unet', { attention: false })).toEqual({
      depth: 2,
      filters: 16,
      norm: 'batch',
      groups: 4,
      attention: false,
    });
  });
});
