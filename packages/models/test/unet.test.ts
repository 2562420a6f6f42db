import { SegConfigError, SegInputError } from '@seg/core';
import { type UNetConfig, unet, unetParamCount } from '@seg/models';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const tiny: UNetConfig = { inputShape: [16, 16, 1], numClasses: 2, depth: 2, filters: 4 };

function weightsOf(model: tf.LayersModel): Float32Array[] {
  return model.getWeights().map((w) => w.dataSync() as Float32Array);
}

describe('unet', () => {
  it.each([
    [{ ...tiny }, [2, 16, 16, 2]],
    [{ ...tiny, inputShape: [16, 32, 3], numClasses: 4, norm: 'group', upsampling: 'nearest' }, [2, 16, 32, 4]],
    [{ ...tiny, depth: 1, norm: 'none', dropout: 0.5 }, [2, 16, 16, 2]],
    [{ ...tiny, depth: 3, filters: 2, inputShape: [8, 24, 2] }, [2, 8, 24, 2]],
  ] as [UNetConfig, number[]][])('logits keep the input size: %j', (config, expected) => {
    const model = unet(config);
    const x = tf.zeros([2, ...config.inputShape]);
    const y = model.predict(x) as tf.Tensor;
    expect(y.shape).toEqual(expected);
    expect(model.outputs[0].shape).toEqual([null, ...expected.slice(1)]);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('has stable, readable layer names', () => {
    const model = unet({ ...tiny, depth: 1, upsampling: 'nearest' });
    expect(model.name).toBe('unet');
    expect(model.layers.map((l) => l.name)).toEqual([
      'image',
      ...['conv1', 'norm1', 'relu1', 'conv2', 'norm2', 'relu2'].map((r) => `enc0_${r}`),
      'enc0_pool',
      ...['conv1', 'norm1', 'relu1', 'conv2', 'norm2', 'relu2'].map((r) => `bottleneck_${r}`),
      'dec0_upsample',
      'dec0_up',
      'dec0_concat',
      ...['conv1', 'norm1', 'relu1', 'conv2', 'norm2', 'relu2'].map((r) => `dec0_${r}`),
      'logits',
    ]);
    model.dispose();
  });

  it('same seed → identical weights; another seed → different kernels', () => {
    const [a, b, c] = [unet({ ...tiny, seed: 7 }), unet({ ...tiny, seed: 7 }), unet({ ...tiny, seed: 8 })];
    const [wa, wb, wc] = [weightsOf(a), weightsOf(b), weightsOf(c)];
    expect(wa.length).toBe(wb.length);
    for (const [i, w] of wa.entries()) expect(Array.from(w)).toEqual(Array.from(wb[i]));
    expect(Array.from(wa[0])).not.toEqual(Array.from(wc[0]));
    // Within one model, two layers of the same shape get different seeds.
    const kernel = (prefix: string) => a.getWeights().find((w) => w.name.startsWith(`${prefix}/kernel`))!;
    const [enc, dec] = [kernel('enc0_conv2'), kernel('dec0_conv2')];
    expect(enc.shape).toEqual(dec.shape);
    expect(Array.from(enc.dataSync())).not.toEqual(Array.from(dec.dataSync()));
    for (const m of [a, b, c]) m.dispose();
  });

  it('depth 4, 16 filters, 1 channel, 2 classes: 1 940 834 parameters without norm (hand count)', () => {
    // 3×3 conv cin→cout with bias: 9·cin·cout + cout.
    const conv3 = (cin: number, cout: number) => 9 * cin * cout + cout;
    const encoder =
      conv3(1, 16) + conv3(16, 16) + conv3(16, 32) + conv3(32, 32) + conv3(32, 64) + conv3(64, 64) + conv3(64, 128) + conv3(128, 128);
    const bottleneck = conv3(128, 256) + conv3(256, 256);
    // Per decoder level: 2×2 transposed conv f_{i+1}→f_i with bias, then conv 2f_i→f_i and f_i→f_i.
    const level = (f: number) => 4 * 2 * f * f + f + conv3(2 * f, f) + conv3(f, f);
    const decoder = level(128) + level(64) + level(32) + level(16);
    const head = 16 * 2 + 2;
    const expected = encoder + bottleneck + decoder + head;
    expect(expected).toBe(1_940_834);
    const config: UNetConfig = { inputShape: [16, 16, 1], numClasses: 2, norm: 'none' };
    const model = unet(config);
    expect(model.countParams()).toBe(expected);
    expect(unetParamCount(config)).toBe(expected);
    model.dispose();
    // Batch norm: the 3×3 convs (1472 output channels in all) lose their bias and gain γ, β, moving mean and variance.
    const channels = 2 * (16 + 32 + 64 + 128) + 2 * 256 + 2 * (128 + 64 + 32 + 16);
    expect(channels).toBe(1472);
    expect(unetParamCount({ ...config, norm: 'batch' })).toBe(expected - channels + 4 * channels);
  });

  it.each([
    ['batch', 'transpose'],
    ['group', 'nearest'],
    ['none', 'nearest'],
  ] as const)('unetParamCount matches countParams() (norm %s, %s)', (norm, upsampling) => {
    const config: UNetConfig = { inputShape: [16, 16, 3], numClasses: 3, depth: 2, filters: 6, norm, upsampling, groups: 4 };
    const model = unet(config);
    expect(unetParamCount(config)).toBe(model.countParams());
    model.dispose();
  });

  it('one forward + backward on cpu: finite gradients for every trainable weight, no leaked tensors', () => {
    const model = unet({ ...tiny, norm: 'batch', dropout: 0.2 });
    const x = tf.randomNormal([2, 16, 16, 1], 0, 1, 'float32', 1);
    const before = tf.memory().numTensors;
    const { value, grads } = tf.variableGrads(() => tf.mean(tf.square(model.apply(x, { training: true }) as tf.Tensor)) as tf.Scalar);
    expect(Object.keys(grads).length).toBe(model.trainableWeights.length);
    for (const g of Object.values(grads)) expect(Array.from(g.dataSync()).every(Number.isFinite)).toBe(true);
    expect(Number.isFinite(value.dataSync()[0])).toBe(true);
    tf.dispose([value, ...Object.values(grads)]);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    model.dispose();
  });

  it('refuses an input size not divisible by 2^depth', () => {
    expect(() => unet({ ...tiny, inputShape: [18, 16, 1] })).toThrow(SegInputError);
    expect(() => unet({ ...tiny, inputShape: [18, 16, 1] })).toThrow(
      "unet: 'inputShape' must be divisible by 4, got 18×16. Crop or pad to 20×16, or lower the depth.",
    );
  });

  it('lists every config problem at once', () => {
    const bad = { ...tiny, numClasses: 1, norm: 'layer', upsampling: 'bilinear', filters: 0, colour: true } as unknown as UNetConfig;
    expect(() => unet(bad)).toThrow(SegConfigError);
    expect(() => unet(bad)).toThrow(
      'unet: invalid U-Net configuration:\n' +
        "  - 'numClasses' must be an integer ≥ 2 (background + at least one class), got 1\n" +
        "  - 'filters' must be an integer ≥ 1, got 0\n" +
        `  - 'norm' must be one of 'batch', 'group', 'none', got "layer"\n` +
        `  - 'upsampling' must be one of 'transpose', 'nearest', got "bilinear"\n` +
        "  - 'colour' is not a U-Net option (valid: inputShape, numClasses, depth, filters, norm, groups, dropout, upsampling, seed, deepSupervision).",
    );
    expect(() => unet({ numClasses: 2 } as UNetConfig)).toThrow(
      /'inputShape' must be \[height, width, channels\] of positive integers, got undefined/,
    );
  });
});
