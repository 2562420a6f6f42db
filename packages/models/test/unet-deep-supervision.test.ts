import { SegConfigError } from '@seg/core';
import { type UNetConfig, unet, unetParamCount } from '@seg/models';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const tiny: UNetConfig = { inputShape: [16, 16, 1], numClasses: 3, depth: 3, filters: 2, deepSupervision: true };

describe('unet deepSupervision', () => {
  it('outputs [logits, dec1_logits, dec2_logits] at native sizes H/2^i (nnU-Net)', () => {
    const model = unet({ ...tiny, inputShape: [16, 24, 1] });
    expect(model.outputNames).toEqual(['logits', 'dec1_logits', 'dec2_logits']);
    const x = tf.zeros([2, 16, 24, 1]);
    const ys = model.predict(x) as tf.Tensor[];
    // depth 3: decoder levels 0 (16×24), 1 (8×12), 2 (4×6); the bottleneck (2×3) gets no head.
    expect(ys.map((y) => y.shape)).toEqual([
      [2, 16, 24, 3],
      [2, 8, 12, 3],
      [2, 4, 6, 3],
    ]);
    tf.dispose([x, ...ys]);
    model.dispose();
  });

  it('adds f_i·K + K per head; default false is the unchanged model (1 945 250 at depth 4/16 BN)', () => {
    const model = unet(tiny);
    // Heads 1×1 conv f_1 = 4 → 3 and f_2 = 8 → 3, with bias: (4·3 + 3) + (8·3 + 3) = 15 + 27 = 42.
    const plain = unetParamCount({ ...tiny, deepSupervision: false });
    expect(model.countParams()).toBe(plain + 42);
    expect(unetParamCount(tiny)).toBe(plain + 42);
    model.dispose();
    const base: UNetConfig = { inputShape: [32, 48, 1], numClasses: 2 };
    expect(unetParamCount(base)).toBe(1_945_250);
    expect(unetParamCount({ ...base, deepSupervision: false })).toBe(1_945_250);
    // depth 4/16: heads on f_1..f_3 = 32, 64, 128 → 2 classes: 66 + 130 + 258 = 454.
    expect(unetParamCount({ ...base, deepSupervision: true })).toBe(1_945_250 + 454);
  });

  it('the shared layers keep their initial weights (same names and seeds as without deep supervision)', () => {
    const [a, b] = [unet({ ...tiny, deepSupervision: false }), unet(tiny)];
    expect(a.layers.length).toBe(b.layers.length - 2);
    for (const layer of a.layers) {
      const other = b.getLayer(layer.name).getWeights();
      for (const [k, w] of layer.getWeights().entries()) expect(Array.from(other[k].dataSync())).toEqual(Array.from(w.dataSync()));
    }
    a.dispose();
    b.dispose();
  });

  it('every trainable weight gets a gradient from the summed losses; no leaked tensors', () => {
    const model = unet({ ...tiny, norm: 'group', groups: 2 });
    const x = tf.randomNormal([2, 16, 16, 1], 0, 1, 'float32', 3);
    const before = tf.memory().numTensors;
    const { value, grads } = tf.variableGrads(() => {
      const ys = model.apply(x, { training: true }) as tf.Tensor[];
      return tf.addN(ys.map((y) => tf.mean(tf.square(y)))) as tf.Scalar;
    });
    expect(Object.keys(grads).length).toBe(model.trainableWeights.length);
    for (const [name, g] of Object.entries(grads)) {
      // Every gradient is finite; the heads' kernels (the only path from their loss term) are non-zero.
      expect(Array.from(g.dataSync()).every(Number.isFinite)).toBe(true);
      if (/^dec[12]_logits\/kernel/.test(name)) expect(Array.from(g.dataSync()).some((v) => v !== 0)).toBe(true);
    }
    expect(Object.keys(grads).filter((k) => /^dec[12]_logits\/kernel/.test(k)).length).toBe(2);
    tf.dispose([value, ...Object.values(grads)]);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    model.dispose();
  });

  it('round-trips through toJSON + modelFromJSON + setWeights with identical outputs', async () => {
    const model = unet(tiny);
    const copy = await tf.models.modelFromJSON(model.toJSON(null, false) as tf.io.ModelJSON['modelTopology'] as never);
    copy.setWeights(model.getWeights());
    const x = tf.randomNormal([1, 16, 16, 1], 0, 1, 'float32', 4);
    const [ya, yb] = [model.predict(x) as tf.Tensor[], copy.predict(x) as tf.Tensor[]];
    expect(yb.length).toBe(3);
    for (const [i, y] of ya.entries()) expect(Array.from(yb[i].dataSync())).toEqual(Array.from(y.dataSync()));
    tf.dispose([x, ...ya, ...yb]);
    model.dispose();
    copy.dispose();
  });

  it('refuses a non-boolean deepSupervision, naming the option', () => {
    const bad = { ...tiny, deepSupervision: 'yes' } as unknown as UNetConfig;
    expect(() => unet(bad)).toThrow(SegConfigError);
    expect(() => unet(bad)).toThrow(`unet: invalid U-Net configuration:\n  - 'deepSupervision' must be true or false, got "yes"`);
  });
});
