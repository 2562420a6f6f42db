import { registerSegKernels } from '@seg/backend';
import { phantomDataset } from '@seg/data';
import { unet } from '@seg/models';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createMethodStep, getMethod, listMethods } from '../src/index.js';

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
  it('lists supervised and the five adversarial methods; aag declares its own model, data needs and preparation', () => {
    expect(listMethods().map((m) => m.name)).toEqual(['supervised', 'gambling', 'segan', 'ce-adversarial', 'confidence', 'aag']);
    expect(
      listMethods()
        .filter((m) => m.needs.loss)
        .map((m) => m.name),
    ).toEqual(['supervised']);
    expect(getMethod('aag').needs).toEqual({ loss: false, scribbles: true, unpairedMasks: true, unlabeledImages: true });
    expect(getMethod('aag').model).toEqual({ name: 'aag-unet', keys: ['attention'] });
    expect(typeof getMethod('aag').prepareData).toBe('function');
    expect(getMethod('gambling').prepareData).toBeUndefined();
  });

  it('aag prepareData: splits the cases (mask pool 35 % by default), scribbles the rest, keeps them disjoint', () => {
    const rings = phantomDataset({ kind: 'rings', count: 20, size: 32, seed: 2 });
    const prepared = getMethod('aag').prepareData!(rings, {}, 3);
    // round(0.35 · 20) = 7 unpaired masks, 13 scribbled, no unlabeled set
    expect([prepared.train.size, prepared.data.maskPool.size, prepared.data.unlabeled]).toEqual([13, 7, undefined]);
    const ids = new Set(prepared.train.ids());
    expect(prepared.data.maskPool.ids().some((id) => ids.has(id))).toBe(false);
    const label = prepared.train.get(0).label!.data;
    expect(label.some((v) => v === 255) && label.some((v) => v !== 255)).toBe(true);
    expect(prepared.summary).toBe('aag: 13 scribbled (skeleton), 0 unlabeled, 7 unpaired masks');
    expect(() => getMethod('aag').prepareData!(rings, { scribbles: 'dots' }, 3)).toThrow(/aag: 'scribbles'/);
    expect(() => getMethod('aag').prepareData!(rings, { scribbles: 'given' }, 3)).toThrow(/aag: 'maskPool'/);
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
      `createMethodStep: 'name' must be one of 'supervised', 'gambling', 'segan', 'ce-adversarial', 'confidence', 'aag', got "wgan"`,
    );
    expect(() => createMethodStep('gambling', { ...ctx, options: { betaa: 1 } })).toThrow(
      "createMethodStep: unknown option 'betaa' for method 'gambling'. Options of 'gambling': form, beta, lambda, ceWeight, weightGradient, gamblerSteps, depth, filters.",
    );
    expect(() => createMethodStep('gambling', { ...ctx, options: { beta: 'high', gamblerSteps: 0 } })).toThrow(
      "createMethodStep: invalid options for method 'gambling':\n  - method 'gambling': beta: Expected number, received string\n" +
        "  - method 'gambling': gamblerSteps: Number must be greater than or equal to 1.",
    );
    expect(() => createMethodStep('supervised', ctx)).toThrow("method 'supervised' needs the run's loss");
    ctx.segmentor.dispose();
  });
});
