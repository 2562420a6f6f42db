/** Shared checks of the PSPNet / DeepLabV3+ / TransUNet tests (not a test file itself). */
import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';

export function weightsOf(model: tf.LayersModel): number[][] {
  return model.getWeights().map((w) => Array.from(w.dataSync()));
}

/** model.toJSON → tf.models.modelFromJSON → setWeights: the custom layers must be registered for this to work. */
export async function roundTrip(model: tf.LayersModel): Promise<tf.LayersModel> {
  const modelTopology = model.toJSON(null, false) as tf.io.ModelJSON['modelTopology'];
  const loaded = await tf.models.modelFromJSON({ modelTopology });
  loaded.setWeights(model.getWeights());
  return loaded;
}

/** Same outputs after a round trip (bit-identical: same kernels, same weights). */
export async function expectRoundTrip(model: tf.LayersModel, x: tf.Tensor): Promise<void> {
  const loaded = await roundTrip(model);
  expect(loaded.layers.map((l) => l.getClassName())).toEqual(model.layers.map((l) => l.getClassName()));
  const [a, b] = [model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor];
  expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
  tf.dispose([a, b]);
  loaded.dispose();
}

/**
 * One training-mode forward + backward of Σ y·r (r fixed random, so no symmetry zeroes a gradient): every trainable
 * weight gets a finite gradient, no tensor leaks, and every gradient is clearly non-zero (max |g| > 1e-4 × the largest
 * over all weights) except the weights matching `analyticallyZero`, whose gradient is 0 in exact arithmetic (float
 * noise only; each caller says why).
 */
export function expectAllGradients(model: tf.LayersModel, x: tf.Tensor, analyticallyZero?: RegExp): void {
  const outShape = [x.shape[0], ...(model.outputs[0].shape.slice(1) as number[])];
  const r = tf.randomNormal(outShape, 0, 1, 'float32', 3);
  const before = tf.memory().numTensors;
  const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(model.apply(x, { training: true }) as tf.Tensor, r)) as tf.Scalar);
  expect(Object.keys(grads).sort()).toEqual(model.trainableWeights.map((w) => w.read().name).sort());
  const largest = Object.fromEntries(Object.entries(grads).map(([name, g]) => [name, Math.max(...Array.from(g.dataSync(), Math.abs))]));
  const scale = Math.max(...Object.values(largest));
  for (const [name, g] of Object.entries(grads)) {
    expect(Array.from(g.dataSync()).every(Number.isFinite), name).toBe(true);
    const zero = analyticallyZero?.test(name) ?? false;
    expect(largest[name] > 1e-4 * scale, `${name}: max |g| ${largest[name]} vs ${scale}`).toBe(!zero);
  }
  tf.dispose([value, ...Object.values(grads)]);
  expect(tf.memory().numTensors).toBe(before);
  r.dispose();
}
