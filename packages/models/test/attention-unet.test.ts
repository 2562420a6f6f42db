import { SegInputError } from '@seg/core';
import type { UNetConfig } from '@seg/models';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { attentionGate, attentionUnet, attentionUnetEntry, attentionUnetParamCount } from '../src/index.js';
import { layerSeeds } from '../src/seeds.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const tiny: UNetConfig = { inputShape: [16, 16, 1], numClasses: 2, depth: 2, filters: 4, norm: 'none' };

function weightsOf(model: tf.LayersModel): number[][] {
  return model.getWeights().map((w) => Array.from(w.dataSync()));
}

describe('attentionUnet', () => {
  it.each([
    [{ ...tiny }, [2, 16, 16, 2]],
    [{ ...tiny, inputShape: [16, 32, 3], numClasses: 4, norm: 'group', upsampling: 'nearest' }, [2, 16, 32, 4]],
    [{ ...tiny, depth: 3, filters: 2, inputShape: [8, 24, 2], norm: 'batch' }, [2, 8, 24, 2]],
  ] as [UNetConfig, number[]][])('logits [N,H,W,C]: %j', (config, expected) => {
    const model = attentionUnet(config);
    expect(model.name).toBe('attention_unet');
    const x = tf.zeros([2, ...config.inputShape]);
    const y = model.predict(x) as tf.Tensor;
    expect(y.shape).toEqual(expected);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('hand count: depth 2, 4 filters, no norm, 1 → 2 classes = 7 402 (U-Net) + 94 (gates) = 7 496', () => {
    const conv3 = (cin: number, cout: number) => 9 * cin * cout + cout; // 3×3 conv with bias
    const unetCount =
      conv3(1, 4) +
      conv3(4, 4) +
      conv3(4, 8) +
      conv3(8, 8) +
      conv3(8, 16) +
      conv3(16, 16) + // encoder + bottleneck
      (4 * 16 * 8 + 8) +
      conv3(16, 8) +
      conv3(8, 8) + // dec1: 2×2 transposed conv 16→8, convs
      (4 * 8 * 4 + 4) +
      conv3(8, 4) +
      conv3(4, 4) + // dec0
      (4 * 2 + 2); // 1×1 logits
    expect(unetCount).toBe(7402);
    // Gate at f channels, F = f/2: W_x f·F (no bias) + W_g f·F + F + ψ F + 1. f = 8: 32 + 36 + 5; f = 4: 8 + 10 + 3.
    const gates = 32 + 36 + 5 + (8 + 10 + 3);
    expect(gates).toBe(94);
    const model = attentionUnet(tiny);
    expect(model.countParams()).toBe(unetCount + gates);
    expect(attentionUnetParamCount(tiny)).toBe(unetCount + gates);
    expect(attentionUnetEntry.paramCount(tiny)).toBe(7496);
    model.dispose();
  });

  it.each([
    ['batch', 'transpose', false],
    ['group', 'nearest', true],
  ] as const)('attentionUnetParamCount matches countParams() (norm %s, %s, deep supervision %s)', (norm, upsampling, ds) => {
    const config: UNetConfig = { ...tiny, inputShape: [16, 16, 3], numClasses: 3, filters: 3, depth: 3, norm, upsampling, groups: 3 };
    const model = attentionUnet({ ...config, deepSupervision: ds });
    expect(attentionUnetParamCount({ ...config, deepSupervision: ds })).toBe(model.countParams());
    model.dispose();
  });

  it('the gate computes x ⊙ σ(ψ·ReLU(W_x x + W_g g + b_g) + b_ψ) (plain-JS reference)', () => {
    const x = tf.input({ shape: [1, 2, 2] });
    const g = tf.input({ shape: [1, 2, 2] });
    const gate = tf.model({ inputs: [x, g], outputs: attentionGate(x, g, 0, layerSeeds(0)) });
    const byName = (n: string) => gate.getLayer(`dec0_att_${n}`);
    // F = 1. W_x = [1, −1], W_g = [0.5, 2], b_g = −1, ψ = 3, b_ψ = 0.25.
    byName('theta').setWeights([tf.tensor4d([1, -1], [1, 1, 2, 1])]);
    byName('phi').setWeights([tf.tensor4d([0.5, 2], [1, 1, 2, 1]), tf.tensor1d([-1])]);
    byName('psi').setWeights([tf.tensor4d([3], [1, 1, 1, 1]), tf.tensor1d([0.25])]);
    const xs = [
      [1, 0],
      [2, 3],
    ];
    const gs = [
      [1, 1],
      [0, -1],
    ];
    const y = gate.predict([tf.tensor4d(xs.flat(), [1, 1, 2, 2]), tf.tensor4d(gs.flat(), [1, 1, 2, 2])]) as tf.Tensor;
    const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
    const expected = xs.flatMap((xp, p) => {
      const q = Math.max(0, xp[0] - xp[1] + 0.5 * gs[p][0] + 2 * gs[p][1] - 1);
      const alpha = sigmoid(3 * q + 0.25);
      return xp.map((v) => v * alpha);
    });
    // Pixel 0: q = 1 + 0.5 + 2 − 1 = 2.5, α = σ(7.75); pixel 1: q = ReLU(−1 − 2 − 1) = 0, α = σ(0.25).
    expect(
      Array.from(y.dataSync())
        .map((v, i) => v - expected[i])
        .every((d) => Math.abs(d) < 1e-6),
    ).toBe(true);
    gate.dispose();
  });

  it('same seed → identical weights; shared layers start as unet with that seed', () => {
    const [a, b, c] = [attentionUnet({ ...tiny, seed: 3 }), attentionUnet({ ...tiny, seed: 3 }), attentionUnet({ ...tiny, seed: 4 })];
    expect(weightsOf(a)).toEqual(weightsOf(b));
    expect(weightsOf(a)[0]).not.toEqual(weightsOf(c)[0]);
    for (const m of [a, b, c]) m.dispose();
  });

  it('round-trips through toJSON + modelFromJSON + setWeights (ChannelBroadcastMultiply registered)', async () => {
    const model = attentionUnet({ ...tiny, norm: 'batch' });
    const json = JSON.parse(JSON.stringify(model.toJSON(null, false)));
    expect(JSON.stringify(json)).toContain('"class_name":"ChannelBroadcastMultiply"');
    const copy = await tf.models.modelFromJSON(json);
    copy.setWeights(model.getWeights());
    const x = tf.randomNormal([2, 16, 16, 1], 0, 1, 'float32', 5);
    const [ya, yb] = [model.predict(x) as tf.Tensor, copy.predict(x) as tf.Tensor];
    expect(Array.from(yb.dataSync())).toEqual(Array.from(ya.dataSync()));
    tf.dispose([x, ya, yb]);
    model.dispose();
    copy.dispose();
  });

  it('every trainable weight (gates included) gets a finite gradient; predict and variableGrads leak nothing', () => {
    const model = attentionUnet({ ...tiny, norm: 'batch' });
    const x = tf.randomNormal([2, 16, 16, 1], 0, 1, 'float32', 6);
    const before = tf.memory().numTensors;
    tf.dispose(model.predict(x) as tf.Tensor);
    expect(tf.memory().numTensors).toBe(before);
    const { value, grads } = tf.variableGrads(() => tf.mean(tf.square(model.apply(x, { training: true }) as tf.Tensor)) as tf.Scalar);
    expect(Object.keys(grads).length).toBe(model.trainableWeights.length);
    expect(Object.keys(grads).filter((k) => k.includes('_att_')).length).toBe(2 * 5); // θ; φ, b; ψ, b per level
    for (const g of Object.values(grads)) expect(Array.from(g.dataSync()).every(Number.isFinite)).toBe(true);
    tf.dispose([value, ...Object.values(grads)]);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    model.dispose();
  });

  it('refuses an input size not divisible by 2^depth, naming attentionUnet', () => {
    expect(() => attentionUnet({ ...tiny, inputShape: [18, 16, 1] })).toThrow(SegInputError);
    expect(() => attentionUnet({ ...tiny, inputShape: [18, 16, 1] })).toThrow(
      "attentionUnet: 'inputShape' must be divisible by 4, got 18×16. Crop or pad to 20×16, or lower the depth.",
    );
    expect(() => attentionUnet({ ...tiny, depth: 0 })).toThrow(/^attentionUnet: invalid U-Net configuration:\n {2}- 'depth' must be/);
  });
});
