import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { unet } from '@seg/models';
import { createOptimizer } from '@seg/train';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confidenceNetwork, imageDiscriminator } from '../../models/src/discriminators-index.js';
import { ceAdversarialStep } from '../src/ce-adversarial/index.js';
import { buildStep, disposeStep, runMethod, SIZE, tempDir, useCpu } from './baselines-fixtures.js';

let root: string;
beforeAll(async () => {
  await useCpu();
  root = await tempDir('ce-adv');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('ceAdversarialStep', () => {
  it('200 steps (50 epochs × 4 batches of 2 phantoms): every logged value finite, no tensor leaked after step 1', async () => {
    const { result, tensorCounts, stepValues } = await runMethod('ce-adversarial', 50);
    expect(stepValues).toHaveLength(200);
    expect(Object.keys(stepValues[0])).toEqual(['loss', 'ce', 'adversarial', 'discriminator', 'discriminator_real', 'discriminator_fake']);
    for (const v of stepValues) for (const x of Object.values(v)) expect(Number.isFinite(x)).toBe(true);
    expect(new Set(tensorCounts.slice(1)).size).toBe(1);
    expect(tensorCounts[1]).toBe(tensorCounts[0]);
    // loss = ce + α·adversarial with α = 0.1
    const last = stepValues[199];
    expect(last.loss).toBeCloseTo(last.ce + 0.1 * last.adversarial, 5);
    expect(result.history.at(-1)?.val_loss).toBeTypeOf('number');
    expect(result.history.at(-1)?.ce).toBeLessThan(result.history[0].ce);
  });

  it('resume: 2 epochs + a new Trainer resuming to 4 = 4 uninterrupted epochs, both networks bit for bit', async () => {
    const uninterrupted = await runMethod('ce-adversarial', 4, join(root, 'A'));
    const dir = join(root, 'B');
    await runMethod('ce-adversarial', 2, dir);
    const resumed = await runMethod('ce-adversarial', 4, dir, true);
    expect(Object.keys(resumed.weights)).toEqual(['segmentor', 'discriminator']);
    expect(resumed.weights).toEqual(uninterrupted.weights);
    expect(resumed.stepValues).toEqual(uninterrupted.stepValues.slice(8));
  });

  it("realEncoding 'scaling' trains too (10 steps, finite, no leaks)", () => {
    const step = buildStep('ce-adversarial', { realEncoding: 'scaling', tau: 0.9 });
    const images = tf.tidy(() => tf.randomUniform([2, SIZE, SIZE, 1], 0, 1, 'float32', 4) as tf.Tensor4D);
    const labels = tf.tidy(() => tf.cast(tf.greater(images.squeeze([3]), 0.5), 'int32') as tf.Tensor3D);
    const batch = { ids: ['a', 'b'], images, labels };
    step.step(batch);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 9; i++) for (const v of Object.values(step.step(batch))) expect(Number.isFinite(v)).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([images, labels]);
    disposeStep(step);
  });

  it('models and optimizers are named segmentor and discriminator', () => {
    const step = buildStep('ce-adversarial');
    expect(step.name).toBe('ce-adversarial');
    expect(Object.keys(step.optimizers())).toEqual(['segmentor', 'discriminator']);
    disposeStep(step);
  });

  it('refuses a negative alpha and a discriminator that does not fit, naming function and argument', () => {
    const segmentor = unet({ inputShape: [SIZE, SIZE, 1], numClasses: 2, depth: 1, filters: 4 });
    const opt = () => createOptimizer({ name: 'adam', lr: 0.01 });
    const base = { segmentor, segmentorOptimizer: opt(), discriminatorOptimizer: opt() };
    const disc = imageDiscriminator({ inputShape: [SIZE, SIZE, 1], numClasses: 2, depth: 1, filters: 2 });
    expect(() => ceAdversarialStep({ ...base, discriminator: disc, alpha: -1 })).toThrow(
      "ceAdversarialStep: 'alpha' must be a finite number ≥ 0, got -1.",
    );
    expect(() => ceAdversarialStep({ ...base, discriminator: disc, tau: 0 })).toThrow(
      "ceAdversarialStep: 'tau' must be a number in (0, 1], got 0.",
    );
    const wrong = imageDiscriminator({ inputShape: [SIZE, SIZE, 1], numClasses: 3, depth: 1, filters: 2 });
    expect(() => ceAdversarialStep({ ...base, discriminator: wrong })).toThrow(
      "ceAdversarialStep: 'discriminator' must be a model reading 3 channels (image + one per class) and returning N×1, got one reading N×16×16×4 and returning N×1.",
    );
    const perPixel = confidenceNetwork({ inputShape: [SIZE, SIZE, 1], numClasses: 2, depth: 1, filters: 2 });
    expect(() => ceAdversarialStep({ ...base, discriminator: perPixel })).toThrow(
      /returning N×1, got one reading N×16×16×3 and returning N×16×16×1/,
    );
    for (const m of [segmentor, disc, wrong, perPixel]) m.dispose();
  });
});
