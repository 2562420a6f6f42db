import { Rng, SegConfigError, SegInputError } from '@seg/core';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { AdaptiveAvgPool2D, type PSPNetConfig, pspnet, pspnetEntry, ResizeBilinear } from '../src/index.js';
import { expectAllGradients, expectRoundTrip, weightsOf } from './arch-b-helpers.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Plain-JS adaptive average pooling, PyTorch's rule: rows ⌊i·H/b⌋ … ⌈(i+1)·H/b⌉ − 1 (same for columns). */
function adaptivePoolReference(x: Float32Array, [n, h, w, c]: number[], bh: number, bw: number): number[] {
  const out: number[] = [];
  for (let b = 0; b < n; b++)
    for (let i = 0; i < bh; i++)
      for (let j = 0; j < bw; j++)
        for (let k = 0; k < c; k++) {
          const [r0, r1] = [Math.floor((i * h) / bh), Math.ceil(((i + 1) * h) / bh)];
          const [c0, c1] = [Math.floor((j * w) / bw), Math.ceil(((j + 1) * w) / bw)];
          let sum = 0;
          for (let r = r0; r < r1; r++) for (let q = c0; q < c1; q++) sum += x[((b * h + r) * w + q) * c + k];
          out.push(sum / ((r1 - r0) * (c1 - c0)));
        }
  return out;
}

/** Plain-JS bilinear resize, align_corners false: s = max(0, (o + ½)·in/out − ½), lerp ⌊s⌋ and min(⌊s⌋ + 1, in − 1). */
function bilinearReference(x: Float32Array, [n, h, w, c]: number[], oh: number, ow: number): number[] {
  const src = (o: number, size: number, out: number) => {
    const s = Math.max(0, ((o + 0.5) * size) / out - 0.5);
    const lo = Math.min(Math.floor(s), size - 1);
    return [lo, Math.min(lo + 1, size - 1), s - lo];
  };
  const out: number[] = [];
  for (let b = 0; b < n; b++)
    for (let i = 0; i < oh; i++)
      for (let j = 0; j < ow; j++)
        for (let k = 0; k < c; k++) {
          const [r0, r1, fr] = src(i, h, oh);
          const [c0, c1, fc] = src(j, w, ow);
          const at = (r: number, q: number) => x[((b * h + r) * w + q) * c + k];
          const top = at(r0, c0) * (1 - fc) + at(r0, c1) * fc;
          const bottom = at(r1, c0) * (1 - fc) + at(r1, c1) * fc;
          out.push(top * (1 - fr) + bottom * fr);
        }
  return out;
}

const expectClose = (actual: ArrayLike<number>, expected: number[], digits = 5) => {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expect(actual[i]).toBeCloseTo(expected[i], digits);
};

describe('AdaptiveAvgPool2D', () => {
  it.each([
    [[2, 6, 6, 3], 3, 3],
    [[1, 7, 5, 2], 3, 2], // 7/3 and 5/2 not integers: overlapping cells
    [[1, 13, 6, 1], 6, 1], // PSPNet's 6 bins on an odd size
  ] as [number[], number, number][])('matches the plain-JS reference for %j → %i×%i', (shape, bh, bw) => {
    const data = new Rng(1).fillNormal(new Float32Array(shape.reduce((a, b) => a * b)), 0, 1);
    const x = tf.tensor4d(data, shape as [number, number, number, number]);
    const layer = new AdaptiveAvgPool2D({ bins: [bh, bw] });
    const y = layer.apply(x) as tf.Tensor;
    expect(y.shape).toEqual([shape[0], bh, bw, shape[3]]);
    expectClose(y.dataSync(), adaptivePoolReference(data, shape, bh, bw));
    tf.dispose([x, y]);
  });

  it('7 rows into 3 bins: rows 0–2, 2–4, 4–6 (hand: ⌊0⌋…⌈7/3⌉, ⌊7/3⌋…⌈14/3⌉, ⌊14/3⌋…⌈7⌉)', () => {
    const x = tf.tensor4d([0, 1, 2, 3, 4, 5, 6], [1, 7, 1, 1]);
    const y = new AdaptiveAvgPool2D({ bins: [3, 1] }).apply(x) as tf.Tensor;
    expectClose(y.dataSync(), [1, 3, 5]);
    tf.dispose([x, y]);
  });

  it('refuses more bins than pixels and invalid bins, naming the argument', () => {
    const x = tf.zeros([1, 4, 4, 1]);
    expect(() => new AdaptiveAvgPool2D({ bins: 6 }).apply(x)).toThrow(
      "AdaptiveAvgPool2D: 'inputShape' must be [N, H, W, C] with H ≥ 6 and W ≥ 6, got 1×4×4×1. Use a larger input or fewer bins.",
    );
    expect(() => new AdaptiveAvgPool2D({ bins: 0 })).toThrow("AdaptiveAvgPool2D: 'bins' must be integers ≥ 1, got 0.");
    x.dispose();
  });
});

describe('ResizeBilinear', () => {
  it.each([
    [[2, 3, 3, 2], 9, 9],
    [[1, 4, 5, 1], 7, 3], // non-integer scale factors, up in H and down in W
    [[1, 2, 2, 1], 5, 8],
  ] as [number[], number, number][])('matches the plain-JS align_corners=false reference for %j → %i×%i', (shape, oh, ow) => {
    const data = new Rng(2).fillNormal(new Float32Array(shape.reduce((a, b) => a * b)), 0, 1);
    const x = tf.tensor4d(data, shape as [number, number, number, number]);
    const y = new ResizeBilinear({ size: [oh, ow] }).apply(x) as tf.Tensor;
    expectClose(y.dataSync(), bilinearReference(data, shape, oh, ow));
    tf.dispose([x, y]);
  });

  it('refuses a malformed size', () => {
    expect(() => new ResizeBilinear({ size: [0, 2] })).toThrow(
      "ResizeBilinear: 'size' must be [height, width] of integers ≥ 1, got [0,2].",
    );
  });
});

const tiny: PSPNetConfig = { inputShape: [32, 32, 1], numClasses: 2, blocks: [1, 1], width: 4, bins: [1, 2, 3], headChannels: 4 };

describe('pspnet', () => {
  it.each([
    [tiny, [2, 32, 32, 2]],
    [
      { ...tiny, inputShape: [32, 48, 3], numClasses: 3, norm: 'group', groups: 2, outputStride: 16, blocks: [1, 1, 1], bins: [1, 2] },
      [2, 32, 48, 3],
    ],
  ] as [PSPNetConfig, number[]][])('logits at the input size: %j', (config, expected) => {
    const model = pspnet(config);
    const x = tf.zeros([2, ...config.inputShape]);
    const y = model.predict(x) as tf.Tensor;
    expect(y.shape).toEqual(expected);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('tiny config without norm: 1938 parameters (hand count)', () => {
    // ResNet (backbones.test.ts derives it): stem 40 + stage 0 316 + stage 1 920 = 1276; features 8 channels.
    // Pyramid: per bin a 1×1 conv 8 → 8/2 = 4 with bias: 36, two bins 72. Head 3×3 conv (8+4+4) → 4: 9·16·4 + 4 = 580.
    // Logits 1×1 4 → 2: 10.  1276 + 72 + 580 + 10 = 1938.
    const config: PSPNetConfig = { ...tiny, bins: [1, 2], norm: 'none' };
    expect(pspnetEntry.paramCount(config)).toBe(1938);
  });

  it('same seed → identical weights, another seed → different', () => {
    const [a, b, c] = [pspnet({ ...tiny, seed: 4 }), pspnet({ ...tiny, seed: 4 }), pspnet({ ...tiny, seed: 5 })];
    expect(weightsOf(a)).toEqual(weightsOf(b));
    expect(weightsOf(a)[0]).not.toEqual(weightsOf(c)[0]);
    for (const m of [a, b, c]) m.dispose();
  });

  it('round-trips through toJSON → modelFromJSON → setWeights with identical outputs', async () => {
    const model = pspnet(tiny);
    const x = tf.randomNormal([2, 32, 32, 1], 0, 1, 'float32', 7);
    await expectRoundTrip(model, x);
    x.dispose();
    model.dispose();
  });

  it('every trainable weight receives a gradient; no leaks', () => {
    const model = pspnet(tiny);
    const x = tf.randomNormal([2, 32, 32, 1], 0, 1, 'float32', 8);
    expectAllGradients(model, x);
    x.dispose();
    model.dispose();
  });

  it('refuses input sizes the output stride or the bins do not fit, and bad configs', () => {
    expect(() => pspnet({ ...tiny, inputShape: [36, 32, 1] })).toThrow(SegInputError);
    expect(() => pspnet({ ...tiny, inputShape: [36, 32, 1] })).toThrow(
      "pspnet: 'inputShape' must be divisible by 8, got 36×32. Crop or pad to a multiple of the output stride 8.",
    );
    // Default bins go up to 6: H/8 ≥ 6 needs H ≥ 48.
    expect(() => pspnet({ inputShape: [32, 32, 1], numClasses: 2 })).toThrow(
      "pspnet: 'inputShape' must be height and width ≥ 48 (largest bin 6 × output stride 8), got 32×32.",
    );
    const bad = { ...tiny, outputStride: 4, bins: [], colour: 1 } as unknown as PSPNetConfig;
    expect(() => pspnet(bad)).toThrow(SegConfigError);
    expect(() => pspnet(bad)).toThrow(
      'pspnet: invalid PSPNet configuration:\n' +
        "  - 'colour' is not an option (valid: inputShape, numClasses, blocks, width, outputStride, bins, headChannels, norm, groups, seed)\n" +
        "  - 'outputStride' must be one of 8, 16, got 4\n" +
        "  - 'bins' must be a non-empty array of integers ≥ 1, got [].",
    );
  });
});
