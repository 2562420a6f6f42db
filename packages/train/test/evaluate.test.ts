import type { Sample } from '@seg/core';
import { inMemoryDataset } from '@seg/data';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateModel } from '../src/evaluate.js';
import { predictDataset } from '../src/predict.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A 1×1 convolution with logits (−x, x): class 1 exactly where the pixel is > 0 (ties → class 0). */
function signModel(): tf.LayersModel {
  const model = tf.sequential({ layers: [tf.layers.conv2d({ inputShape: [2, 2, 1], filters: 2, kernelSize: 1, useBias: false })] });
  model.setWeights([tf.tensor4d([-1, 1], [1, 1, 1, 2])]);
  return model;
}

function sample(id: string, image: number[], label: number[]): Sample {
  return { id, image: { data: Float32Array.from(image), shape: [2, 2, 1] }, label: { data: Int32Array.from(label), shape: [2, 2] } };
}

// case a: prediction [1,0,1,0] vs truth [1,1,0,0]; case b: prediction [0,0,0,0] vs truth [0,0,0,0]
const cases = [sample('a', [1, -1, 2, -2], [1, 1, 0, 0]), sample('b', [-1, -1, -1, -1], [0, 0, 0, 0])];

describe('evaluateModel (hand counts)', () => {
  it('per-case, per-class, case-mean, dataset-level Dice/IoU, pixel accuracy, empty count', async () => {
    const model = signModel();
    const before = tf.memory().numTensors;
    const r = await evaluateModel(model, inMemoryDataset(cases, { numClasses: 2 }), { batchSize: 1 });
    expect(tf.memory().numTensors).toBe(before);
    // a: class 0 tp 1 (pixel 3) fp 1 (pixel 1) fn 1 (pixel 2) → Dice 2/4, IoU 1/3; class 1 the same by symmetry
    expect(r.cases[0]).toEqual({ id: 'a', dice: [0.5, 0.5], iou: [1 / 3, 1 / 3], meanDice: 0.5 });
    // b: class 0 perfect; class 1 absent from both → NaN (empty: 'nan')
    expect(r.cases[1].dice).toEqual([1, Number.NaN]);
    expect(r.cases[1].meanDice).toBeNaN();
    expect(r.perClass.dice).toEqual([0.75, 0.5]);
    expect(r.meanDice).toBe(0.5);
    expect(r.meanIou).toBeCloseTo(1 / 3, 12);
    expect(r.emptyCount).toBe(1);
    // pooled class 1: tp 1, fp 1, fn 1 → 0.5; class 0: tp 5, fp 1, fn 1 → 10/12
    expect(r.datasetDice).toBe(0.5);
    expect(r.datasetPerClass.dice[0]).toBeCloseTo(10 / 12, 12);
    // correct pixels: a 2 of 4, b 4 of 4 → 6/8
    expect(r.pixelAccuracy).toBe(0.75);
    model.dispose();
  });

  it("empty: 'zero-one' scores the empty case 1", async () => {
    const model = signModel();
    const r = await evaluateModel(model, inMemoryDataset(cases, { numClasses: 2 }), { empty: 'zero-one' });
    expect(r.cases[1].meanDice).toBe(1);
    expect(r.meanDice).toBe(0.75);
    expect(r.emptyCount).toBe(0);
    model.dispose();
  });

  it('a model whose output does not cover the image is named in the error', async () => {
    const model = tf.sequential({ layers: [tf.layers.conv2d({ inputShape: [2, 2, 1], filters: 2, kernelSize: 2 })] });
    await expect(evaluateModel(model, inMemoryDataset(cases, { numClasses: 2 }))).rejects.toThrow(
      "predictDataset: 'model' must be logits of shape 2×2×2×C for images 2×2×2×1, got 2×1×1×2.",
    );
    model.dispose();
  });
});

describe('predictDataset', () => {
  it('yields cases in order with argmax labels and softmax probabilities; batch size does not matter', async () => {
    const model = signModel();
    const ds = inMemoryDataset(cases, { numClasses: 2 });
    const collect = async (batchSize: number) => {
      const out = [];
      for await (const p of predictDataset(model, ds, { batchSize, probabilities: true })) out.push(p);
      return out;
    };
    const before = tf.memory().numTensors;
    const one = await collect(1);
    const three = await collect(3);
    expect(tf.memory().numTensors).toBe(before);
    expect(one).toEqual(three);
    expect(one.map((p) => p.id)).toEqual(['a', 'b']);
    expect(Array.from(one[0].label.data)).toEqual([1, 0, 1, 0]);
    expect(one[0].probabilities?.shape).toEqual([2, 2, 2]);
    // logits (−x, x) → p1 = σ(2x): pixel 0 has x = 1
    expect(one[0].probabilities?.data[1]).toBeCloseTo(1 / (1 + Math.exp(-2)), 6);
    expect(one[0].probabilities!.data[0] + one[0].probabilities!.data[1]).toBeCloseTo(1, 6);
    model.dispose();
  });

  it('breaking out early leaks nothing', async () => {
    const model = signModel();
    const before = tf.memory().numTensors;
    for await (const p of predictDataset(model, inMemoryDataset(cases, { numClasses: 2 }), { batchSize: 2 })) {
      expect(p.id).toBe('a');
      break;
    }
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});
