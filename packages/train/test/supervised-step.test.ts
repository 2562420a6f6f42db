import { Rng } from '@seg/core';
import { crossEntropy } from '@seg/margin';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createOptimizer } from '../src/optimizers.js';
import { supervisedStep } from '../src/supervised-step.js';
import type { TensorBatch } from '../src/train-step.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Pixels with a positive value are class 1, the rest class 0: separable by a 1×1 convolution. */
function separableBatch(seed: number, n = 2, size = 8): TensorBatch {
  const rng = new Rng(seed);
  const images = rng.fillNormal(new Float32Array(n * size * size));
  const labels = Int32Array.from(images, (v) => (v > 0 ? 1 : 0));
  return {
    ids: Array.from({ length: n }, (_, i) => `c${i}`),
    images: tf.tensor4d(images, [n, size, size, 1]),
    labels: tf.tensor3d(labels, [n, size, size], 'int32'),
  };
}

function dispose(b: TensorBatch): void {
  tf.dispose([b.images, b.labels]);
}

function bnModel(): tf.LayersModel {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({
        inputShape: [8, 8, 1],
        filters: 2,
        kernelSize: 3,
        padding: 'same',
        kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
      }),
      tf.layers.batchNormalization(),
      tf.layers.conv2d({ filters: 2, kernelSize: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
    ],
  });
}

const ctx = { epoch: 0, step: 0, rng: new Rng(0) };

describe('supervisedStep', () => {
  it('reduces the cross-entropy on a separable problem (1×1 conv, Adam)', () => {
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({
          inputShape: [8, 8, 1],
          filters: 2,
          kernelSize: 1,
          kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }),
        }),
      ],
    });
    const step = supervisedStep({ model, loss: crossEntropy(), optimizer: createOptimizer({ name: 'adam', lr: 0.1 }) });
    const batch = separableBatch(1);
    const losses: number[] = [];
    for (let i = 0; i < 40; i++) losses.push(step.step(batch, ctx).loss);
    dispose(batch);
    expect(losses[0]).toBeGreaterThan(0.3);
    expect(losses[39]).toBeLessThan(losses[0] / 3);
    expect(step.name).toBe('supervised');
    expect(Object.keys(step.models())).toEqual(['segmentor']);
  });

  it('returns { loss, ...parts } as numbers (parts of a combined loss, total as loss)', async () => {
    const { ceDice } = await import('@seg/margin');
    const model = bnModel();
    const step = supervisedStep({ model, loss: ceDice(), optimizer: createOptimizer({ name: 'sgd', lr: 0.01 }), name: 'ce+dice' });
    const batch = separableBatch(2);
    const out = step.step(batch, ctx);
    dispose(batch);
    expect(Object.keys(out)[0]).toBe('loss');
    expect(Object.keys(out).length).toBeGreaterThan(1);
    for (const v of Object.values(out)) expect(Number.isFinite(v)).toBe(true);
    expect(out).not.toHaveProperty('total');
  });

  it('updates the batch-norm moving statistics in training mode', () => {
    const model = bnModel();
    const step = supervisedStep({ model, loss: crossEntropy(), optimizer: createOptimizer({ name: 'adam', lr: 0.01 }) });
    const movingMean = () =>
      Array.from(
        model.weights
          .find((w) => w.name.endsWith('moving_mean'))!
          .read()
          .dataSync(),
      );
    expect(movingMean()).toEqual([0, 0]);
    const batch = separableBatch(3);
    step.step(batch, ctx);
    dispose(batch);
    expect(movingMean().some((v) => v !== 0)).toBe(true);
  });

  it('50 training steps leave tf.memory().numTensors unchanged (after the first step creates the Adam slots)', () => {
    const model = bnModel();
    const step = supervisedStep({ model, loss: crossEntropy(), optimizer: createOptimizer({ name: 'adam', lr: 0.01 }) });
    const batch = separableBatch(4);
    step.step(batch, ctx);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 50; i++) step.step(batch, ctx);
    expect(tf.memory().numTensors).toBe(before);
    dispose(batch);
  });

  it('validate: the loss in inference mode, no update, no leak', () => {
    const model = bnModel();
    const step = supervisedStep({ model, loss: crossEntropy(), optimizer: createOptimizer({ name: 'adam', lr: 0.01 }) });
    const batch = separableBatch(5);
    const weights = model.getWeights().map((w) => Array.from(w.dataSync()));
    const before = tf.memory().numTensors;
    const out = step.validate!(batch);
    expect(tf.memory().numTensors).toBe(before);
    expect(Object.keys(out)).toEqual(['loss']);
    // independent check: CE of the inference-mode logits computed with plain tfjs ops
    const expected = tf.tidy(() => {
      const logits = model.predict(batch.images) as tf.Tensor4D;
      return tf.losses.softmaxCrossEntropy(tf.oneHot(batch.labels, 2), logits).dataSync()[0];
    });
    expect(out.loss).toBeCloseTo(expected, 5);
    expect(model.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(weights);
    dispose(batch);
  });
});
