import { phantomDataset } from '@seg/data';
import { getModel } from '@seg/models';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertInputFits, deepSupervisionOf } from '../../src/train/model.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('deepSupervisionOf follows the model entry', () => {
  const io = { inputShape: [16, 16, 1] as const, numClasses: 2 };
  const policy = (name: string, options: Record<string, unknown>) => {
    const entry = getModel(name);
    const model = entry.create({ ...io, ...options });
    const out = deepSupervisionOf(entry, model);
    model.dispose();
    return out;
  };
  it("U-Net with heads: nnU-Net's weights; without: off", () => {
    expect(policy('unet', { depth: 3, filters: 2, deepSupervision: true })).toBe('nnunet');
    expect(policy('unet', { depth: 3, filters: 2 })).toBe('off');
  });
  it('UNet++ depth 2 with heads: output 0 (their mean) weight 0, each of the 2 heads 1/2', () => {
    expect(policy('unetpp', { depth: 2, filters: 2, deepSupervision: true })).toEqual([0, 0.5, 0.5]);
  });
  it("AAG-UNet's extra outputs are probabilities for the discriminator: off", () => {
    expect(policy('aag-unet', { depth: 2, filters: 2 })).toBe('off');
  });
});

describe('assertInputFits', () => {
  it('PSPNet at output stride 8 with bins up to 6 needs ≥ 48 px: 40×40 is refused before building', () => {
    const data = phantomDataset({ kind: 'nodule', count: 1, size: 40, seed: 1 });
    expect(() => assertInputFits(getModel('pspnet'), {}, data)).toThrow(
      "seg train: '--model' must be images whose height and width are multiples of 8 and at least 48 for 'pspnet' with these options, got 40×40",
    );
    expect(() => assertInputFits(getModel('pspnet'), { bins: [1, 2, 5] }, data)).not.toThrow();
  });
  it('U-Net depth 3 needs multiples of 8; the hint offers a smaller depth', () => {
    const data = phantomDataset({ kind: 'nodule', count: 1, size: 20, seed: 1 });
    expect(() => assertInputFits(getModel('unet'), { depth: 3 }, data)).toThrow(/multiples of 8 for 'unet'.*got 20×20.*smaller --depth/);
    expect(() => assertInputFits(getModel('unet'), { depth: 2 }, data)).not.toThrow();
  });
});
