import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { criticInputs, foregroundMaps, maskImages, multiScaleL1, seganCodeWeights } from '../src/segan/index.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// Hand-made features: layer 0 a = [1,2,3,4] vs b = 0 → Σ|d| = 10 over 4 values (mean 2.5);
// layer 1 a = [1,−1] vs b = [0.5,0.5] → |d| = 0.5, 1.5: Σ = 2 over 2 values (mean 1).
const layers = () => ({
  a: [tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]), tf.tensor4d([1, -1], [1, 1, 1, 2])],
  b: [tf.zeros([1, 2, 2, 1]), tf.tensor4d([0.5, 0.5], [1, 1, 1, 2])],
});

describe('multiScaleL1', () => {
  it("'paper': mean over layers of each layer's mean |difference| = (2.5 + 1) / 2 = 1.75", () => {
    const { a, b } = layers();
    expect(multiScaleL1(a, b).dataSync()[0]).toBeCloseTo(1.75, 6);
    expect(multiScaleL1(a, b, { weighting: 'paper' }).dataSync()[0]).toBeCloseTo(1.75, 6);
  });

  it("'code': weights [1 (input), 4 (last block)] on the concatenation: (1·10 + 4·2) / (4 + 2) = 3", () => {
    const { a, b } = layers();
    expect(multiScaleL1(a, b, { weighting: 'code' }).dataSync()[0]).toBeCloseTo(3, 6);
    // without the input as layer 0 both are blocks: first ×1, last ×4 — the same numbers here
    expect(multiScaleL1(a, b, { weighting: 'code', firstIsInput: false }).dataSync()[0]).toBeCloseTo(3, 6);
  });

  it("'code' with three layers: [1, 1, 4] → (1·10 + 1·2 + 4·|3−1|) / (4 + 2 + 1) = 20/7", () => {
    const { a, b } = layers();
    a.push(tf.tensor4d([3], [1, 1, 1, 1]));
    b.push(tf.tensor4d([1], [1, 1, 1, 1]));
    expect(multiScaleL1(a, b, { weighting: 'code' }).dataSync()[0]).toBeCloseTo(20 / 7, 6);
    // paper: (2.5 + 1 + 2) / 3
    expect(multiScaleL1(a, b).dataSync()[0]).toBeCloseTo(5.5 / 3, 6);
  });

  it("the authors' NetC scale factors: input 1, out1 1, out2…out5 2, out6 4 (6 blocks)", () => {
    expect(seganCodeWeights(7)).toEqual([1, 1, 2, 2, 2, 2, 4]);
    expect(seganCodeWeights(4)).toEqual([1, 1, 2, 4]);
    expect(seganCodeWeights(3, false)).toEqual([1, 2, 4]);
  });

  it('is zero for identical features and leaks nothing', () => {
    const { a } = layers();
    const before = tf.memory().numTensors;
    expect(multiScaleL1(a, a, { weighting: 'code' }).dataSync()[0]).toBe(0);
    tf.dispose(multiScaleL1(a, a));
    expect(tf.memory().numTensors).toBe(before + 1);
  });

  it('names the argument on a layer mismatch', () => {
    const { a, b } = layers();
    expect(() => multiScaleL1(a, b.slice(0, 1))).toThrow(/^multiScaleL1: 'b' must be as many feature layers as 'a' \(2, ≥ 1\), got 1/);
    expect(() => multiScaleL1(a, [b[0], tf.zeros([1, 1, 1, 3])])).toThrow(/multiScaleL1: 'b' must be layer 1 shaped \[1, 1, 1, 2\]/);
  });
});

describe('masking: image ⊙ class map', () => {
  // one row of two pixels, two image channels: pixel 0 = (1, 10), pixel 1 = (2, 20)
  const images = () => tf.tensor4d([1, 10, 2, 20], [1, 1, 2, 2]);
  // class maps of two foreground classes: pixel 0 = (0.25, 0.75), pixel 1 = (0.5, 0)
  const maps = () => tf.tensor4d([0.25, 0.75, 0.5, 0], [1, 1, 2, 2]);

  it('maskImages: channel k·Ci + c = x_c · m_k (hand products)', () => {
    expect(Array.from(maskImages(images(), maps()).dataSync())).toEqual([0.25, 2.5, 0.75, 7.5, 1, 10, 0, 0]);
  });

  it("criticInputs: 'S3-3C' one input per class, 'S3-1C' the class-major concatenation", () => {
    const per = criticInputs(images(), maps(), 'S3-3C');
    expect(per.map((t) => t.shape)).toEqual([
      [1, 1, 2, 2],
      [1, 1, 2, 2],
    ]);
    expect(Array.from(per[0].dataSync())).toEqual([0.25, 2.5, 1, 10]);
    expect(Array.from(per[1].dataSync())).toEqual([0.75, 7.5, 0, 0]);
    const one = criticInputs(images(), maps(), 'S3-1C');
    expect(one).toHaveLength(1);
    expect(Array.from(one[0].dataSync())).toEqual([0.25, 2.5, 0.75, 7.5, 1, 10, 0, 0]);
  });

  it("'S1-1C' takes one foreground class and names the variant otherwise", () => {
    const single = criticInputs(images(), tf.tensor4d([0.5, 1], [1, 1, 2, 1]), 'S1-1C');
    expect(Array.from(single[0].dataSync())).toEqual([0.5, 5, 2, 20]);
    expect(() => criticInputs(images(), maps(), 'S1-1C')).toThrow(
      /^criticInputs: 'variant' must be 'S1-1C' with one foreground class, got 2/,
    );
  });

  it('prediction maps: softmax of logits (0, 0, ln 2) = (¼, ¼, ½), background dropped, ignored pixels blank', () => {
    const logits = tf.tensor4d([0, 0, Math.log(2), 0, 0, Math.log(2)], [1, 1, 2, 3]);
    const valid = tf.tensor3d([1, 0], [1, 1, 2]);
    const fg = foregroundMaps(tf.softmax(logits) as tf.Tensor4D, valid);
    expect(fg.shape).toEqual([1, 1, 2, 2]);
    const v = Array.from(fg.dataSync());
    for (const [i, e] of [0.25, 0.5, 0, 0].entries()) expect(v[i]).toBeCloseTo(e, 6);
    // x ⊙ S(x) per class for the first image channel (1 at pixel 0): 0.25 and 0.5
    const masked = criticInputs(images(), fg, 'S3-3C');
    expect(masked[0].dataSync()[0]).toBeCloseTo(0.25, 6);
    expect(masked[1].dataSync()[1]).toBeCloseTo(5, 5);
  });

  it('maskImages names a grid mismatch', () => {
    expect(() => maskImages(images(), tf.zeros([1, 2, 2, 1]) as tf.Tensor4D)).toThrow(
      /^maskImages: 'maps' must be \[1, 1, 2, K\] like 'images' \[1, 1, 2, 2\], got \[1, 2, 2, 1\]/,
    );
  });
});
