import { phantomDataset } from '@seg/data';
import { unet } from '@seg/models';
import { registerSegKernels } from '@seg/train';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createMethodStep, listMethods } from '../src/index.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  registerSegKernels();
});

const ds = phantomDataset({ kind: 'nodule', count: 2, size: 16, seed: 1 });
const batch = () => ({
  ids: ['a', 'b'],
  images: tf.tensor4d(Float32Array.from([...ds.get(0).image.data, ...ds.get(1).image.data]), [2, 16, 16, 1]),
  labels: tf.tensor3d(Int32Array.from([...(ds.get(0).label?.data ?? []), ...(ds.get(1).label?.data ?? [])]), [2, 16, 16], 'int32'),
});

describe('method registry', () => {
  it('lists the four adversarial methods', () => {
    expect(listMethods().map((m) => m.name)).toEqual(['gambling', 'segan', 'ce-adversarial', 'confidence']);
  });

  const extra: Record<string, string[]> = {
    gambling: ['gambler'],
    segan: ['critic'],
    'ce-adversarial': ['discriminator'],
    confidence: ['confidence'],
  };
  for (const name of Object.keys(extra)) {
    it(`${name}: builds its networks around the segmentor and one step gives finite values`, () => {
      const segmentor = unet({ inputShape: [16, 16, 1], numClasses: 2, depth: 1, filters: 4, seed: 1 });
      const step = createMethodStep(name, {
        segmentor,
        inputShape: [16, 16, 1],
        numClasses: 2,
        seed: 1,
        optimizer: { name: 'adam', lr: 1e-3 },
        options: { depth: name === 'gambling' ? 1 : 2, filters: 4 },
      });
      expect(Object.keys(step.models())).toEqual(['segmentor', ...extra[name]]);
      expect(step.models().segmentor).toBe(segmentor);
      const b = batch();
      const values = step.step(b, { epoch: 0, step: 0, rng: undefined as never });
      for (const v of Object.values(values)) expect(Number.isFinite(v)).toBe(true);
      tf.dispose([b.images, b.labels]);
      for (const m of Object.values(step.models())) m.dispose();
    });
  }

  it('unknown methods and options are named', () => {
    const ctx = {
      segmentor: unet({ inputShape: [16, 16, 1], numClasses: 2, depth: 1, filters: 4 }),
      inputShape: [16, 16, 1] as const,
      numClasses: 2,
      seed: 1,
      optimizer: { name: 'adam' as const, lr: 1e-3 },
    };
    expect(() => createMethodStep('wgan', ctx)).toThrow(
      `createMethodStep: 'name' must be 'supervised' or one of 'gambling', 'segan', 'ce-adversarial', 'confidence', got "wgan"`,
    );
    expect(() => createMethodStep('gambling', { ...ctx, options: { betaa: 1 } })).toThrow(
      "createMethodStep: unknown option 'betaa' for method 'gambling'. Options of 'gambling': form, beta, lambda, ceWeight, weightGradient, gamblerSteps, depth, filters.",
    );
    ctx.segmentor.dispose();
  });
});
