import { labelCounts, phantomDataset } from '@seg/data';
import { createLoss } from '@seg/margin';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildLoss } from '../../src/train/loss.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const train = phantomDataset({ kind: 'rings', count: 3, size: 16, seed: 2 });
const value = (loss: ReturnType<typeof createLoss>) =>
  tf.tidy(() => {
    const logits = tf.randomNormal([1, 16, 16, train.numClasses], 0, 1, 'float32', 7) as tf.Tensor4D;
    const labels = tf.tensor3d(train.get(0).label?.data as Int32Array, [1, 16, 16], 'int32');
    return loss(logits, labels).dataSync()[0];
  });

describe('buildLoss', () => {
  it("DMC without counts or offsets gets the training set's class counts (same value as passing labelCounts)", () => {
    const counts = Array.from(labelCounts(train));
    expect(value(buildLoss({ name: 'dmc' }, train))).toBeCloseTo(value(createLoss('dmc', { counts })), 6);
    expect(value(buildLoss({ name: 'dmc' }, train))).not.toBeCloseTo(value(createLoss('dmc', { counts: [1, 1, 1, 1] })), 3);
  });
  it("DMC with offsets 'batch' is left as given", () => {
    expect(value(buildLoss({ name: 'dmc', offsets: 'batch' }, train))).toBeCloseTo(value(createLoss('dmc', { offsets: 'batch' })), 6);
  });
});
