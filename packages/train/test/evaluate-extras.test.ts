import type { Sample } from '@seg/core';
import { inMemoryDataset } from '@seg/data';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateModel } from '../src/evaluate.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** 1×1 conv with logits (−x, x): p(class 1) = sigmoid(2x) exactly, argmax = 1 where x > 0. */
function signModel(): tf.LayersModel {
  const model = tf.sequential({ layers: [tf.layers.conv2d({ inputShape: [1, 4, 1], filters: 2, kernelSize: 1, useBias: false })] });
  model.setWeights([tf.tensor4d([-1, 1], [1, 1, 1, 2])]);
  return model;
}

const sample = (id: string, image: number[], label: number[]): Sample => ({
  id,
  image: { data: Float32Array.from(image), shape: [1, 4, 1] },
  label: { data: Int32Array.from(label), shape: [1, 4] },
});
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

describe('evaluateModel: boundary, calibration, worst cases', () => {
  // a: pred [1,1,0,0] vs truth [1,0,0,0]; b: pred [0,0,0,1] vs truth [0,0,0,1]
  const ds = inMemoryDataset([sample('a', [1, 0.5, -1, -2], [1, 0, 0, 0]), sample('b', [-1, -1, -1, 3], [0, 0, 0, 1])], { numClasses: 2 });

  it('calibration: ECE by hand over the 8 pixels (all) and the 2 foreground pixels', async () => {
    const model = signModel();
    const before = tf.memory().numTensors;
    const r = await evaluateModel(model, ds, { calibration: { bins: 2 }, boundary: true, keepWorst: 1 });
    expect(tf.memory().numTensors).toBe(before);
    // confidence per pixel = max(σ(2x), 1 − σ(2x)) = σ(2|x|); correct where argmax = label
    const xs = [1, 0.5, -1, -2, -1, -1, -1, 3];
    const labels = [1, 0, 0, 0, 0, 0, 0, 1];
    const conf = xs.map((x) => sigmoid(2 * Math.abs(x)));
    const correct = xs.map((x, i) => ((x > 0 ? 1 : 0) === labels[i] ? 1 : 0));
    // 2 bins: every confidence is > 0.5 → all in bin (0.5, 1]; ECE = |mean conf − accuracy|
    const ece = Math.abs(conf.reduce((a, b) => a + b) / 8 - correct.reduce((a, b) => a + b) / 8);
    expect(r.calibration?.all.ece).toBeCloseTo(ece, 6);
    expect(r.calibration?.all.count).toBe(8);
    // foreground: pixels 0 and 7 (truth 1), both predicted correctly
    expect(r.calibration?.foreground.count).toBe(2);
    expect(r.calibration?.foreground.ece).toBeCloseTo(Math.abs((conf[0] + conf[7]) / 2 - 1), 6);
  });

  it('boundary metrics per case and class; worst case first', async () => {
    const r = await evaluateModel(signModel(), ds, { boundary: true, keepWorst: 1 });
    // a: pred {0,1} vs truth {0}: directed pred→truth distances 0 and 1 → Hausdorff 1; b identical → 0
    expect(r.cases[0].boundary?.[1].hausdorff).toBe(1);
    expect(r.cases[1].boundary?.[1].hausdorff).toBe(0);
    expect(r.boundary?.hausdorff[1].mean).toBe(0.5);
    expect(Number.isNaN(r.cases[0].boundary?.[0].hausdorff)).toBe(true); // background not computed
    // a's Dice of class 1 = 2·1/(2+1) = 2/3 < b's 1 → a is the worst
    expect(r.worst?.map((w) => [w.id, w.meanDice])).toEqual([['a', 2 / 3]]);
    expect(Array.from(r.worst?.[0].pred.data ?? [])).toEqual([1, 1, 0, 0]);
  });

  it('a logits transform is applied before argmax and softmax', async () => {
    // negate the logits: every prediction flips → class 1 Dice of b becomes 0
    const r = await evaluateModel(signModel(), ds, { logitsTransform: (z) => tf.neg(z) });
    expect(r.cases[1].dice[1]).toBe(0);
  });
});
