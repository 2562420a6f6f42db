import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { AtrousConv2D, resnetBackbone, stridePlan, xceptionBackbone } from '../src/index.js';
import { layerSeeds } from '../src/seeds.js';
import { expectAllGradients, expectRoundTrip } from './arch-b-helpers.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const options = { norm: 'batch', groups: 8, seeds: layerSeeds(0) } as const;

/** A dilated kernel as an ordinary one: (k − 1)·d + 1 taps with d − 1 zeros between the original taps. */
function dilateKernel(k: tf.Tensor4D, d: number): tf.Tensor4D {
  return tf.tidy(() => {
    const [kh, kw, ci, co] = k.shape;
    const size = (kh - 1) * d + 1;
    const rows = tf.stack(Array.from({ length: size }, (_, i) => (i % d === 0 ? tf.gather(k, i / d, 0) : tf.zeros([kw, ci, co]))));
    const cols = Array.from({ length: size }, (_, j) => (j % d === 0 ? tf.gather(rows, j / d, 1) : tf.zeros([size, ci, co])));
    return tf.stack(cols, 1) as tf.Tensor4D;
  });
}

describe('stridePlan', () => {
  it('halves until the output stride, then doubles the dilation', () => {
    expect(stridePlan(4, 2, 8)).toEqual([
      { strides: 2, dilation: 1 },
      { strides: 2, dilation: 1 },
      { strides: 1, dilation: 2 },
      { strides: 1, dilation: 4 },
    ]);
    expect(stridePlan(4, 2, 16).map((p) => p.dilation)).toEqual([1, 1, 1, 2]);
  });
});

describe('AtrousConv2D', () => {
  // Reference: tfjs's own forward conv2d/depthwiseConv2d kernels (dilated ones have no gradient), and for gradients
  // the same convolution with the zero-stuffed kernel (an ordinary conv, differentiable on cpu).
  it.each([
    ['standard', [2, 8, 8, 3], 2, 1],
    ['standard', [1, 7, 5, 2], 3, 1], // size not divisible by d: extra padding cropped again
    ['depthwise', [2, 6, 9, 3], 2, 1],
    ['depthwise', [1, 5, 5, 2], 4, 1], // d·(k−1) = 8 > size: mostly zero padding
    ['standard', [1, 4, 4, 2], 1, 1],
    ['depthwise', [2, 5, 7, 2], 1, 1],
    ['depthwise', [2, 8, 6, 3], 1, 2], // stride 2: TensorFlow's asymmetric 'same' padding
    ['standard', [1, 6, 6, 2], 1, 2],
  ] as const)('%s conv on %j, dilation %i, stride %i matches the tfjs kernel, gradients included', (kind, shape, d, strides) => {
    const layer = new AtrousConv2D({ kind, filters: 4, dilation: d, strides, useBias: true, seed: 3 });
    const x = tf.randomNormal([...shape], 0, 1, 'float32', 1) as tf.Tensor4D;
    (layer.apply(x) as tf.Tensor).dispose();
    const [k, b] = layer.getWeights() as [tf.Tensor4D, tf.Tensor1D];
    const r = tf.randomNormal(layer.computeOutputShape(x.shape) as number[], 0, 1, 'float32', 2);
    const conv = (t: tf.Tensor4D, kernel: tf.Tensor4D, dil: number) =>
      tf.add(
        kind === 'depthwise'
          ? tf.depthwiseConv2d(t, kernel, strides, 'same', 'NHWC', dil)
          : tf.conv2d(t, kernel, strides, 'same', 'NHWC', dil),
        b,
      );
    const y = layer.apply(x) as tf.Tensor;
    const expected = conv(x, k, d);
    for (const [i, v] of y.dataSync().entries()) expect(v).toBeCloseTo(expected.dataSync()[i], 4);
    const ours = tf.grad((t: tf.Tensor4D) => tf.sum(tf.mul(layer.apply(t) as tf.Tensor, r)))(x);
    const reference = tf.grad((t: tf.Tensor4D) => tf.sum(tf.mul(conv(t, dilateKernel(k, d), 1), r)))(x);
    for (const [i, v] of ours.dataSync().entries()) expect(v).toBeCloseTo(reference.dataSync()[i], 4);
    tf.dispose([x, r, y, expected, ours, reference]); // k and b are the layer's own variables
    layer.dispose();
  });

  it('has k²·Cin·Cout (+Cout) or k²·C (+C) parameters (hand count)', () => {
    const x = tf.zeros([1, 4, 4, 3]);
    const standard = new AtrousConv2D({ filters: 5, dilation: 2, useBias: true });
    const depthwise = new AtrousConv2D({ kind: 'depthwise', dilation: 2 });
    tf.dispose([standard.apply(x) as tf.Tensor, depthwise.apply(x) as tf.Tensor]);
    expect(standard.countParams()).toBe(9 * 3 * 5 + 5);
    expect(depthwise.countParams()).toBe(9 * 3);
    x.dispose();
  });

  it('names the argument of a bad config', () => {
    expect(() => new AtrousConv2D({ filters: 2, kernelSize: 2 })).toThrow("AtrousConv2D: 'kernelSize' must be an odd integer ≥ 1, got 2.");
    expect(() => new AtrousConv2D({ filters: 2, dilation: 0 })).toThrow("AtrousConv2D: 'dilation' must be an integer ≥ 1, got 0.");
    expect(() => new AtrousConv2D({})).toThrow("AtrousConv2D: 'filters' must be an integer ≥ 1, got 0.");
    expect(() => new AtrousConv2D({ filters: 2, dilation: 2, strides: 2 })).toThrow(
      "AtrousConv2D: 'strides' must be 1, or 2 with dilation 1, got 2.",
    );
    const x = tf.zeros([1, 5, 4, 1]);
    expect(() => new AtrousConv2D({ kind: 'depthwise', strides: 2 }).apply(x)).toThrow(
      "AtrousConv2D: 'inputs' must be even height and width for stride 2, got 5×4.",
    );
    x.dispose();
  });
});

describe('resnetBackbone', () => {
  it('[1, 1] blocks of width 4 without norm: 1276 parameters (hand count)', () => {
    // 3×3 conv cin→cout with bias: 9·cin·cout + cout; 1×1 projection: cin·cout + cout.
    // Stem 1→4: 40. Stage 0 (stride 2, 4→4): 148 + 148 + projection 20 = 316.
    // Stage 1 (stride 2, 4→8): 9·4·8+8 = 296, 9·8·8+8 = 584, projection 4·8+8 = 40: 920.  40 + 316 + 920 = 1276.
    const input = tf.input({ shape: [16, 16, 1] });
    const { features, lowLevel } = resnetBackbone(input, { ...options, norm: 'none', blocks: [1, 1], width: 4, outputStride: 8 });
    const model = tf.model({ inputs: input, outputs: [features, lowLevel] });
    expect(model.countParams()).toBe(1276);
    expect(features.shape).toEqual([null, 2, 2, 8]);
    expect(lowLevel.shape).toEqual([null, 4, 4, 4]);
    model.dispose();
  });

  it.each([8, 16] as const)('output stride %i: feature and stride-4 low-level sizes; gradients everywhere', (outputStride) => {
    const input = tf.input({ shape: [32, 32, 2] });
    const { features, lowLevel } = resnetBackbone(input, { ...options, blocks: [1, 1, 1, 1], width: 4, outputStride });
    expect(features.shape).toEqual([null, 32 / outputStride, 32 / outputStride, 32]);
    expect(lowLevel.shape).toEqual([null, 8, 8, 4]);
    const model = tf.model({ inputs: input, outputs: features });
    const x = tf.randomNormal([2, 32, 32, 2], 0, 1, 'float32', 4);
    expectAllGradients(model, x);
    x.dispose();
    model.dispose();
  });
});

describe('xceptionBackbone', () => {
  it.each([8, 16] as const)('output stride %i: sizes, gradients everywhere, serialisation round trip', async (outputStride) => {
    const input = tf.input({ shape: [32, 32, 1] });
    const { features, lowLevel } = xceptionBackbone(input, { ...options, width: 2, middleBlocks: 1, outputStride });
    expect(features.shape).toEqual([null, 32 / outputStride, 32 / outputStride, 64]);
    expect(lowLevel.shape).toEqual([null, 8, 8, 8]);
    const model = tf.model({ inputs: input, outputs: features });
    const dilated = model.layers.flatMap((l) => (l instanceof AtrousConv2D && l.dilation > 1 ? [l.dilation] : []));
    // OS 16: exit block (3) + exit separable convs (2) at dilation 2; OS 8: entry 3 and middle (3 + 3) at 2, exit (5) at 4.
    expect(dilated).toEqual(outputStride === 16 ? [2, 2, 2, 2, 2] : [2, 2, 2, 2, 2, 2, 4, 4, 4, 4, 4]);
    const x = tf.randomNormal([2, 32, 32, 1], 0, 1, 'float32', 5);
    // At 32² the exit flow's dilation (2 on 2×2 features, or 4 on 4×4) leaves only the centre tap of its depthwise
    // convs inside the map, so they act per pixel: the projection's β shifts every pixel of a channel equally, the
    // next pointwise conv keeps it constant per channel, and batch norm's mean subtraction removes it → ∂L/∂β = 0.
    expectAllGradients(model, x, /^xception_exit1_proj_norm\/beta/);
    await expectRoundTrip(model, x);
    x.dispose();
    model.dispose();
  });
});
