import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { confidenceNetwork, imageDiscriminator } from '../src/discriminators-index.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const config = { inputShape: [16, 16, 1] as const, numClasses: 2, depth: 2, filters: 4, seed: 3 };
const weightsOf = (m: tf.LayersModel) => m.getWeights().map((w) => Array.from(w.dataSync()));

describe('imageDiscriminator', () => {
  it('(image ⊕ class map) [N,16,16,3] → one logit per image [N,1]', () => {
    const m = imageDiscriminator(config);
    expect(m.inputs[0].shape).toEqual([null, 16, 16, 3]);
    const out = tf.tidy(() => (m.predict(tf.ones([2, 16, 16, 3])) as tf.Tensor).shape);
    expect(out).toEqual([2, 1]);
    // parameters by hand: 3×3 conv 3→4 (108 + 4), 3×3 conv 4→8 (288 + 8), dense 8→1 (8 + 1)
    expect(m.countParams()).toBe(112 + 296 + 9);
    expect(m.layers.map((l) => l.name)).toEqual(['image_and_classes', 'down0', 'down0_lrelu', 'down1', 'down1_lrelu', 'pool', 'logit']);
    m.dispose();
  });

  it('seeded: the same seed builds identical weights, another seed different ones', () => {
    const [a, b, c] = [imageDiscriminator(config), imageDiscriminator(config), imageDiscriminator({ ...config, seed: 4 })];
    expect(weightsOf(a)).toEqual(weightsOf(b));
    expect(weightsOf(a)[0]).not.toEqual(weightsOf(c)[0]);
    for (const m of [a, b, c]) m.dispose();
  });

  it('LeakyReLU lets negative activations through with slope 0.2', () => {
    const m = imageDiscriminator(config);
    const layer = m.getLayer('down0_lrelu');
    const y = tf.tidy(() => Array.from((layer.apply(tf.tensor4d([-1, 2], [1, 1, 2, 1])) as tf.Tensor).dataSync()));
    expect(y[0]).toBeCloseTo(-0.2, 6);
    expect(y[1]).toBeCloseTo(2, 6);
    m.dispose();
  });
});

describe('confidenceNetwork', () => {
  it('(image ⊕ class map) [N,16,16,3] → a logit per pixel [N,16,16,1]', () => {
    const m = confidenceNetwork(config);
    const out = tf.tidy(() => (m.predict(tf.ones([2, 16, 16, 3])) as tf.Tensor).shape);
    expect(out).toEqual([2, 16, 16, 1]);
    // by hand: down 3→4 (112), 4→8 (296); up 2×2 transposed 8→8 (256 + 8), 8→4 (128 + 4); 1×1 4→1 (5)
    expect(m.countParams()).toBe(112 + 296 + 264 + 132 + 5);
    const twin = confidenceNetwork(config);
    expect(weightsOf(m)).toEqual(weightsOf(twin));
    m.dispose();
    twin.dispose();
  });

  it('gradients reach every weight and leave no tensors behind', () => {
    const m = confidenceNetwork(config);
    const x = tf.randomUniform([2, 16, 16, 3], 0, 1, 'float32', 1);
    const before = tf.memory().numTensors;
    const vars = m.trainableWeights.map((w) => w.read() as tf.Variable);
    const { value, grads } = tf.variableGrads(() => tf.mean(m.apply(x) as tf.Tensor) as tf.Scalar, vars);
    for (const v of vars) expect(grads[v.name].shape).toEqual(v.shape);
    tf.dispose([value, ...Object.values(grads)]);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    m.dispose();
  });
});

describe('configuration errors', () => {
  it('lists every problem at once, naming the builder', () => {
    // @ts-expect-error: invalid on purpose
    expect(() => imageDiscriminator({ inputShape: [16, 16], numClasses: 1, slope: 2, width: 3 })).toThrow(
      /^imageDiscriminator: invalid discriminator configuration:\n {2}- 'inputShape' must be \[height, width, channels\] of positive integers, got \[16,16\]\n {2}- 'numClasses' must be an integer ≥ 2, got 1\n {2}- 'slope' must be a number in \[0, 1\), got 2\n {2}- 'width' is not a discriminator option/,
    );
  });

  it('H and W must be divisible by 2^depth', () => {
    expect(() => confidenceNetwork({ ...config, inputShape: [12, 12, 1], depth: 3 })).toThrow(
      "confidenceNetwork: 'inputShape' must be divisible by 8, got 12×12.",
    );
  });
});
