import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type Sample, SegInputError } from '@seg/core';
import { type Dataset, phantomDataset } from '@seg/data';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkBatch } from '../src/tensor-batch.js';
import { Trainer } from '../src/trainer.js';
import { disposeStep, tempDir, tinySupervised } from './fixtures.js';

const quiet = { progress: 'none' as const, log: () => {} };
let root: string;
beforeAll(async () => {
  await tf.setBackend('cpu');
  root = await tempDir('checks');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A phantom dataset whose sample `bad` is altered by `edit` — what a user's own Dataset could hand the trainer. */
function withBadSample(bad: number, edit: (s: Sample) => Sample): Dataset {
  const base = phantomDataset({ kind: 'nodule', count: 4, size: 16, seed: 3 });
  return { ...base, get: (i: number) => (i === bad ? edit(base.get(i)) : base.get(i)), ids: () => base.ids() };
}

describe('checkBatch', () => {
  const batch = {
    ids: ['a', 'b'],
    shape: [2, 1, 2, 1] as const,
    images: new Float32Array([0, 1, 2, Number.NaN]),
    labels: new Int32Array([0, 1, 255, 3]),
  };
  it('names the case and pixel of a NaN: flat index 3 = case b, pixel 1', () => {
    expect(() => checkBatch(batch, 'Trainer.fit')).toThrow(
      "Trainer.fit: 'image 'b'' must be finite pixel values, got NaN at pixel 1. Check the image for missing values or a failed normalisation.",
    );
  });
  it('names the case and pixel of a label ≥ numClasses, and lets 255 (ignored) through', () => {
    const clean = { ...batch, images: new Float32Array(4) };
    expect(() => checkBatch(clean, 'Trainer.fit', 3)).toThrow(
      "Trainer.fit: 'label map 'b'' must be class indices in [0, 2] or 255 (ignored), got 3 at pixel 1. Raise numClasses, or remap the label values.",
    );
    expect(() => checkBatch(clean, 'Trainer.fit', 4)).not.toThrow();
  });
});

describe('Trainer refuses bad data before it reaches the weights', () => {
  it('a NaN pixel in a custom dataset stops fit() with the case named', async () => {
    const train = withBadSample(2, (s) => {
      const data = Float32Array.from(s.image.data);
      data[5] = Number.NaN;
      return { ...s, image: { ...s.image, data } };
    });
    const step = tinySupervised(16, 2);
    const id = train.ids()[2];
    await expect(new Trainer({ step, train, epochs: 1, batchSize: 4, seed: 1, ...quiet }).fit()).rejects.toThrow(
      `'image '${id}'' must be finite pixel values, got NaN at pixel 5`,
    );
    disposeStep(step);
  });

  it('a label value ≥ numClasses stops fit() with the case named', async () => {
    const train = withBadSample(1, (s) => {
      const data = Int32Array.from(s.label!.data);
      data[0] = 7;
      return { ...s, label: { ...s.label!, data } };
    });
    const step = tinySupervised(16, 2);
    await expect(new Trainer({ step, train, epochs: 1, batchSize: 4, seed: 1, ...quiet }).fit()).rejects.toThrow(
      `'label map '${train.ids()[1]}'' must be class indices in [0, 1] or 255 (ignored), got 7 at pixel 0`,
    );
    disposeStep(step);
  });

  it('a loss that becomes NaN ends training with a SegInputError and keeps the last whole checkpoint', async () => {
    const train = phantomDataset({ kind: 'nodule', count: 4, size: 16, seed: 3 });
    const step = tinySupervised(16, 2);
    const runDir = join(root, 'nan');
    await new Trainer({ step, train, epochs: 1, batchSize: 4, seed: 1, runDir, ...quiet }).fit();
    // From epoch 2 on the step reports NaN, as a diverging run would.
    const poisoned = {
      ...step,
      step: (b: Parameters<typeof step.step>[0], c: Parameters<typeof step.step>[1]) => ({ ...step.step(b, c), loss: Number.NaN }),
    };
    const error = await new Trainer({ step: poisoned, train, epochs: 2, batchSize: 4, seed: 1, runDir, resume: true, ...quiet })
      .fit()
      .catch((e) => e);
    expect(error).toBeInstanceOf(SegInputError);
    expect(error.message).toBe(
      "Trainer.fit: 'loss' became NaN at epoch 2, step 1; training stopped. Lower the learning rate or check the data; the last checkpoint is whole and can be resumed.",
    );
    disposeStep(step);
  });
});
