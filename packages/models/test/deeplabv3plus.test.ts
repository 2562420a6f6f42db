import { SegConfigError, SegInputError } from '@seg/core';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  AtrousConv2D,
  type DeepLabV3PlusConfig,
  deeplabv3plus,
  deeplabv3plusEntry,
  resolveDeepLabV3PlusConfig,
  scaledAtrousRates,
} from '../src/index.js';
import { expectAllGradients, expectRoundTrip, weightsOf } from './arch-b-helpers.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const tinyX: DeepLabV3PlusConfig = {
  inputShape: [32, 32, 1],
  numClasses: 2,
  width: 2,
  middleBlocks: 1,
  asppChannels: 8,
  lowLevelChannels: 4,
  decoderChannels: 8,
};
const tinyR: DeepLabV3PlusConfig = { ...tinyX, backbone: 'resnet', blocks: [1, 1, 1, 1], width: 4 };

describe('deeplabv3plus', () => {
  it.each([
    [tinyX, [2, 32, 32, 2]],
    [tinyR, [2, 32, 32, 2]],
    [{ ...tinyR, inputShape: [16, 48, 3], numClasses: 4, outputStride: 8, norm: 'group', groups: 2 }, [2, 16, 48, 4]],
  ] as [DeepLabV3PlusConfig, number[]][])('logits at the input size: %j', (config, expected) => {
    const model = deeplabv3plus(config);
    const x = tf.zeros([2, ...config.inputShape]);
    const y = model.predict(x) as tf.Tensor;
    expect(y.shape).toEqual(expected);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('scales the paper rates [6, 12, 18] with the feature size: round(r · min(H, W) / OS / 33), at least 1', () => {
    // 128², OS 16: feature 8, 8/33 = 0.242 → 1.45, 2.91, 4.36 → [1, 3, 4]. 256²: 16/33 → 2.9, 5.8, 8.7 → [3, 6, 9].
    expect(scaledAtrousRates(128, 128, 16)).toEqual([1, 3, 4]);
    expect(scaledAtrousRates(256, 512, 16)).toEqual([3, 6, 9]);
    // 513² at OS 16 is the paper's own setting (33² features): [6, 12, 18] back. OS 8 doubles them.
    expect(scaledAtrousRates(528, 528, 16)).toEqual([6, 12, 18]);
    expect(scaledAtrousRates(528, 528, 8)).toEqual([12, 24, 36]);
    expect(resolveDeepLabV3PlusConfig({ inputShape: [64, 64, 1], numClasses: 2 })).toMatchObject({ atrousRates: [1, 1, 2], width: 8 });
    const model = deeplabv3plus({ ...tinyX, atrousRates: [1, 2, 3] });
    const rates = ['aspp_r1', 'aspp_r2', 'aspp_r3'].map((n) => model.getLayer(n)).map((l) => (l instanceof AtrousConv2D ? l.dilation : 1));
    expect(rates).toEqual([1, 2, 3]);
    model.dispose();
  });

  it('resnet backbone, tiny config without norm: parameter count (hand count)', () => {
    // Backbone [1,1,1,1], width 4, OS 16 (3×3 conv: 9·cin·cout + cout; 1×1: cin·cout + cout):
    //   stem 1→4: 40; s0 4→4: 148+148+20 = 316; s1 4→8: 296+584+40 = 920;
    //   s2 8→16: 9·8·16+16 = 1168, 9·16·16+16 = 2320, proj 8·16+16 = 144: 3632;
    //   s3 16→32 (dilated, stride 1, new width → projection): 9·16·32+32 = 4640, 9·32·32+32 = 9248, 16·32+32 = 544: 14432.
    const backbone = 40 + 316 + 920 + 3632 + 14432;
    // ASPP (8 channels): 1×1 32→8: 264; three 3×3 32→8: 3·2312; pooling 1×1 32→8: 264; projection 1×1 40→8: 328.
    const aspp = 264 + 3 * 2312 + 264 + 328;
    // Decoder: low-level 1×1 4→4: 20; 3×3 (8+4)→8: 872; 3×3 8→8: 584; logits 1×1 8→2: 18.
    const decoder = 20 + 872 + 584 + 18; // 19 340 + 7 792 + 1 494
    expect(backbone + aspp + decoder).toBe(28_626);
    expect(deeplabv3plusEntry.paramCount({ ...tinyR, norm: 'none' })).toBe(28_626);
  });

  it('same seed → identical weights, another seed → different', () => {
    const [a, b, c] = [deeplabv3plus({ ...tinyX, seed: 4 }), deeplabv3plus({ ...tinyX, seed: 4 }), deeplabv3plus({ ...tinyX, seed: 5 })];
    expect(weightsOf(a)).toEqual(weightsOf(b));
    expect(weightsOf(a)[0]).not.toEqual(weightsOf(c)[0]);
    for (const m of [a, b, c]) m.dispose();
  });

  it.each([
    ['xception', tinyX],
    ['resnet', tinyR],
  ] as const)('%s: round trip identical, every trainable weight gets a gradient, no leaks', async (_, config) => {
    const model = deeplabv3plus(config);
    const x = tf.randomNormal([2, 32, 32, 1], 0, 1, 'float32', 7);
    await expectRoundTrip(model, x);
    // Xception at 32²: ∂L/∂β of the exit projection's norm is 0 exactly (see backbones.test.ts).
    expectAllGradients(model, x, /^xception_exit1_proj_norm\/beta/);
    x.dispose();
    model.dispose();
  });

  it('refuses input sizes not divisible by the output stride, and bad configs', () => {
    expect(() => deeplabv3plus({ ...tinyX, inputShape: [40, 32, 1] })).toThrow(SegInputError);
    expect(() => deeplabv3plus({ ...tinyX, inputShape: [40, 32, 1] })).toThrow(
      "deeplabv3plus: 'inputShape' must be divisible by 16, got 40×32. Crop or pad to a multiple of the output stride 16.",
    );
    const bad = { ...tinyX, backbone: 'vgg', atrousRates: [0] } as unknown as DeepLabV3PlusConfig;
    expect(() => deeplabv3plus(bad)).toThrow(SegConfigError);
    expect(() => deeplabv3plus(bad)).toThrow(
      'deeplabv3plus: invalid DeepLabV3+ configuration:\n' +
        `  - 'backbone' must be one of 'xception', 'resnet', got "vgg"\n` +
        "  - 'atrousRates' must be a non-empty array of integers ≥ 1, got [0].",
    );
  });
});
