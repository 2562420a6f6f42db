import { Rng } from '@seg/core';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { SpectralConv2D, spectralConv2d } from '../src/aag-index.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Largest singular value of a row-major rows×cols matrix by plain-JS power iteration on AᵀA, in float64. */
function sigmaMax(a: ArrayLike<number>, rows: number, cols: number, iterations = 500): number {
  let u = Array.from({ length: cols }, (_, j) => 1 + j / cols);
  let sigma = 0;
  for (let it = 0; it < iterations; it++) {
    const v = Array.from({ length: rows }, (_, i) => u.reduce((s, uj, j) => s + a[i * cols + j] * uj, 0));
    const next = Array.from({ length: cols }, (_, j) => v.reduce((s, vi, i) => s + a[i * cols + j] * vi, 0));
    const norm = Math.hypot(...next);
    sigma = Math.sqrt(norm / Math.hypot(...u));
    u = next.map((x) => x / norm);
  }
  return sigma;
}

/** Builds a layer on `[1,h,w,cin]`, sets its kernel, and returns it with the input. */
function layerWithKernel(kernel: tf.Tensor4D, args: Partial<ConstructorParameters<typeof SpectralConv2D>[0]> = {}) {
  const [k, , cin, cout] = kernel.shape;
  const layer = spectralConv2d({ filters: cout, kernelSize: k, useBias: false, seed: 3, ...args });
  const x = tf.randomNormal([1, 6, 6, cin], 0, 1, 'float32', 1) as tf.Tensor4D;
  (layer.apply(x) as tf.Tensor).dispose();
  const weights = layer.getWeights();
  layer.setWeights([kernel, weights[weights.length - 1]]);
  return { layer, x };
}

describe('SpectralConv2D', () => {
  it('σ of a 1×1 conv with a 2×2 kernel matches the closed form and W/σ has spectral norm 1', () => {
    // W = [[3, 1], [2, 2]] (rows = cin, cols = cout). σ² = (T + √(T² − 4·det²))/2 with T = ΣW² = 18, det = 4:
    // σ² = (18 + √(324 − 64))/2 = 9 + √65.
    const kernel = tf.tensor4d([3, 1, 2, 2], [1, 1, 2, 2]);
    const { layer, x } = layerWithKernel(kernel);
    for (let i = 0; i < 30; i++) (layer.apply(x, { training: true }) as tf.Tensor).dispose();
    expect(layer.spectralNorm()).toBeCloseTo(Math.sqrt(9 + Math.sqrt(65)), 4);
    const normalized = layer.normalizedKernel();
    expect(sigmaMax(normalized.dataSync(), 2, 2)).toBeCloseTo(1, 4);
    tf.dispose([kernel, x, normalized]);
    layer.dispose();
  });

  it('σ of a 4×4×3×5 kernel matches a plain-JS power iteration on the 48×5 reshaped kernel', () => {
    const data = new Rng(11).fillNormal(new Float32Array(4 * 4 * 3 * 5), 0, 1);
    const kernel = tf.tensor4d(data, [4, 4, 3, 5]);
    const { layer, x } = layerWithKernel(kernel);
    const expected = sigmaMax(data, 48, 5);
    for (let i = 0; i < 50; i++) (layer.apply(x, { training: true }) as tf.Tensor).dispose();
    expect(layer.spectralNorm() / expected).toBeCloseTo(1, 4);
    const normalized = layer.normalizedKernel();
    expect(sigmaMax(normalized.dataSync(), 48, 5)).toBeCloseTo(1, 4);
    // The layer's output is the plain convolution with that kernel ('same' padding, stride 1, no bias).
    const [y, ref] = [layer.apply(x) as tf.Tensor, tf.conv2d(x, normalized, 1, 'same')];
    const yd = y.dataSync();
    for (const [i, v] of ref.dataSync().entries()) expect(yd[i]).toBeCloseTo(v, 5);
    tf.dispose([kernel, x, normalized, y, ref]);
    layer.dispose();
  });

  it('updates u in training calls only, one power step per call', () => {
    const kernel = tf.tensor4d(new Rng(2).fillNormal(new Float32Array(2 * 2 * 2 * 3), 0, 1), [2, 2, 2, 3]);
    const { layer, x } = layerWithKernel(kernel, { powerIterations: 1 });
    const u = () => Array.from(layer.getWeights()[1].dataSync());
    const u0 = u();
    (layer.apply(x) as tf.Tensor).dispose();
    expect(u()).toEqual(u0);
    (layer.apply(x, { training: true }) as tf.Tensor).dispose();
    // One step from u0 in plain JS: v = normalize(û Wᵀ), u1 = normalize(v W), W the 8×3 reshaped kernel.
    const w = kernel.dataSync();
    const n0 = Math.hypot(...u0);
    const v = Array.from({ length: 8 }, (_, i) => u0.reduce((s, uj, j) => s + (w[i * 3 + j] * uj) / n0, 0));
    const u1 = [0, 1, 2].map((j) => v.reduce((s, vi, i) => s + w[i * 3 + j] * vi, 0));
    const n1 = Math.hypot(...u1);
    for (const [j, value] of u().entries()) expect(value).toBeCloseTo(u1[j] / n1, 5);
    tf.dispose([kernel, x]);
    layer.dispose();
  });

  it('gradients reach kernel and bias (σ keeps its dependence on W) and nothing leaks', () => {
    const layer = spectralConv2d({ filters: 4, kernelSize: 4, strides: 2, seed: 1 });
    const x = tf.randomNormal([2, 8, 8, 3], 0, 1, 'float32', 4) as tf.Tensor4D;
    (layer.apply(x, { training: true }) as tf.Tensor).dispose();
    const before = tf.memory().numTensors;
    const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(layer.apply(x, { training: true }) as tf.Tensor)) as tf.Scalar);
    expect(Object.keys(grads).sort()).toEqual(layer.trainableWeights.map((w) => (w.read() as tf.Variable).name).sort());
    for (const g of Object.values(grads)) expect(tf.tidy(() => tf.max(tf.abs(g)).dataSync()[0])).toBeGreaterThan(0);
    // A loss L = ‖conv(x, W/σ)‖² is invariant to scaling W (σ scales with it), so ⟨∂L/∂W, W⟩ = 0 (Euler's theorem
    // for a degree-0 homogeneous function) — true only if the gradient flows through σ.
    const cosine = tf.tidy(() => {
      const [g, w] = [grads[(layer.trainableWeights[0].read() as tf.Variable).name], layer.trainableWeights[0].read()];
      return tf.div(tf.sum(tf.mul(g, w)), tf.mul(tf.norm(g), tf.norm(w))).dataSync()[0];
    });
    expect(Math.abs(cosine)).toBeLessThan(1e-3);
    tf.dispose([value, ...Object.values(grads)]);
    expect(tf.memory().numTensors).toBe(before);
    (layer.apply(x) as tf.Tensor).dispose();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    layer.dispose();
  });

  it('output shape follows stride and padding; registered; the config rebuilds an equal layer', () => {
    const layer = new SpectralConv2D({
      filters: 6,
      kernelSize: 4,
      strides: 2,
      padding: 'same',
      initializer: 'heNormal',
      seed: 9,
      name: 'sn',
    });
    const y = layer.apply(tf.zeros([1, 8, 12, 2])) as tf.Tensor;
    expect(y.shape).toEqual([1, 4, 6, 6]);
    expect(layer.getConfig()).toMatchObject({
      filters: 6,
      kernelSize: 4,
      strides: 2,
      padding: 'same',
      initializer: 'heNormal',
      seed: 9,
      powerIterations: 1,
    });
    expect(tf.serialization.SerializationMap.getMap().classNameMap.SpectralConv2D).toBeDefined();
    const copy = SpectralConv2D.fromConfig(SpectralConv2D, layer.getConfig()) as SpectralConv2D;
    expect(copy).toBeInstanceOf(SpectralConv2D);
    expect(copy.getConfig()).toEqual(layer.getConfig());
    y.dispose();
    layer.dispose();
  });

  it('names the argument on bad options', () => {
    expect(() => spectralConv2d({ filters: 0 })).toThrow("SpectralConv2D: 'filters' must be an integer ≥ 1, got 0.");
    expect(() => spectralConv2d({ filters: 2, padding: 'causal' as 'same' })).toThrow(
      "SpectralConv2D: 'padding' must be 'same' or 'valid', got causal.",
    );
    expect(() => spectralConv2d({ filters: 2, powerIterations: 0 })).toThrow("SpectralConv2D: 'powerIterations' must be an integer ≥ 1");
  });
});
