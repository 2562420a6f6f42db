import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { crossEntropy } from '@seg/margin';
import { unet } from '@seg/models';
import { createOptimizer } from '@seg/train';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confidenceNetwork, imageDiscriminator } from '../../models/src/discriminators-index.js';
import { confidenceStep } from '../src/confidence/index.js';
import { buildStep, disposeStep, runMethod, SIZE, tempDir, useCpu } from './baselines-fixtures.js';

let root: string;
beforeAll(async () => {
  await useCpu();
  root = await tempDir('confidence');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('confidenceStep', () => {
  it('200 steps (50 epochs × 4 batches of 2 phantoms): every logged value finite, no tensor leaked after step 1', async () => {
    const { result, tensorCounts, stepValues } = await runMethod('confidence', 50);
    expect(stepValues).toHaveLength(200);
    expect(Object.keys(stepValues[0])).toEqual([
      'loss',
      'ce',
      'adversarial',
      'weight_mean',
      'confidence_mean',
      'discriminator',
      'discriminator_real',
      'discriminator_fake',
    ]);
    for (const v of stepValues) for (const x of Object.values(v)) expect(Number.isFinite(x)).toBe(true);
    expect(new Set(tensorCounts).size).toBe(1);
    const last = stepValues[199];
    // loss = weighted CE + λ·adversarial, λ = 0.01; weights in [0, 1] with γ = 2
    expect(last.loss).toBeCloseTo(last.ce + 0.01 * last.adversarial, 5);
    expect(last.weight_mean).toBeGreaterThanOrEqual(0);
    expect(last.weight_mean).toBeLessThanOrEqual(1);
    expect(result.history.at(-1)?.val_loss).toBeTypeOf('number');
    expect(result.history.at(-1)?.loss).toBeLessThan(result.history[0].loss);
  });

  it('resume: 2 epochs + a new Trainer resuming to 4 = 4 uninterrupted epochs, both networks bit for bit', async () => {
    const uninterrupted = await runMethod('confidence', 4, join(root, 'A'));
    const dir = join(root, 'B');
    await runMethod('confidence', 2, dir);
    const resumed = await runMethod('confidence', 4, dir, true);
    expect(Object.keys(resumed.weights)).toEqual(['segmentor', 'confidence']);
    expect(resumed.weights).toEqual(uninterrupted.weights);
    expect(resumed.stepValues).toEqual(uninterrupted.stepValues.slice(8));
  });

  it("without the adversarial term (adversarialWeight 0) and γ = 0 the segmentor loss is plain CE; 'weights' normalisation runs", () => {
    const images = tf.tidy(() => tf.randomUniform([2, SIZE, SIZE, 1], 0, 1, 'float32', 4) as tf.Tensor4D);
    const labels = tf.tidy(() => tf.cast(tf.greater(images.squeeze([3]), 0.5), 'int32') as tf.Tensor3D);
    const batch = { ids: ['a', 'b'], images, labels };
    const plain = buildStep('confidence', { adversarialWeight: 0, gamma: 0 });
    const v = plain.validate?.(batch) as Record<string, number>;
    const ce = tf.tidy(() => crossEntropy()(plain.models().segmentor.apply(images) as tf.Tensor4D, labels).dataSync()[0]);
    expect(v.loss).toBeCloseTo(ce, 6); // γ = 0: w = 1, so Σ w·ℓ / |M| is the mean CE (@seg/margin)
    expect(v.weight_mean).toBe(1);
    const byWeights = buildStep('confidence', { normalize: 'weights' });
    byWeights.step(batch);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) for (const x of Object.values(byWeights.step(batch))) expect(Number.isFinite(x)).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([images, labels]);
    disposeStep(plain);
    disposeStep(byWeights);
  });

  it('models and optimizers are named segmentor and confidence', () => {
    const step = buildStep('confidence');
    expect(step.name).toBe('confidence');
    expect(Object.keys(step.optimizers())).toEqual(['segmentor', 'confidence']);
    disposeStep(step);
  });

  it('refuses a bad gamma, normalize, or an image-level critic, naming function and argument', () => {
    const segmentor = unet({ inputShape: [SIZE, SIZE, 1], numClasses: 2, depth: 1, filters: 4 });
    const opt = () => createOptimizer({ name: 'adam', lr: 0.01 });
    const confidence = confidenceNetwork({ inputShape: [SIZE, SIZE, 1], numClasses: 2, depth: 1, filters: 2 });
    const base = { segmentor, confidence, segmentorOptimizer: opt(), confidenceOptimizer: opt() };
    expect(() => confidenceStep({ ...base, gamma: Number.NaN })).toThrow("confidenceStep: 'gamma' must be a finite number ≥ 0, got NaN.");
    // @ts-expect-error: a value outside the union
    expect(() => confidenceStep({ ...base, normalize: 'sum' })).toThrow(/^confidenceStep: 'normalize' must be one of/);
    const image = imageDiscriminator({ inputShape: [SIZE, SIZE, 1], numClasses: 2, depth: 1, filters: 2 });
    expect(() => confidenceStep({ ...base, confidence: image })).toThrow(
      "confidenceStep: 'confidence' must be a model reading 3 channels (image + one per class) and returning N×16×16×1, got one reading N×16×16×3 and returning N×1.",
    );
    for (const m of [segmentor, confidence, image]) m.dispose();
  });
});
