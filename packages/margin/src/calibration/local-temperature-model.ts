/**
 * The network of local temperature scaling: a small fully-convolutional net mapping the logits `[N,H,W,C]` (and,
 * optionally, the image `[N,H,W,Cin]`) to a per-pixel temperature `[N,H,W,1]`:
 *
 *   x = logits (‖ image)  →  `layers` × [conv k×k (dilation d) → ReLU], `hidden` filters  →  conv k×k → 1 channel t
 *   T(x) = softplus(t) + T_min                                            ({@link PositiveTemperature})
 *
 * Hidden kernels are He-normal, seeded per layer from `seed` (`Rng(seed).fork(layerName)`: same seed, same weights).
 * The last convolution starts with a zero kernel and the bias softplus⁻¹(T₀ − T_min), so the untrained network
 * outputs exactly T₀ = `initialTemperature` everywhere: training starts from plain (or, with T₀ = the fitted global
 * temperature, globally calibrated) probabilities. `layers: 0` gives a single linear convolution of the inputs —
 * what the authors' zero-initialised tree network effectively computes (see docs/methods/temperature-scaling.md).
 * Fully convolutional with free H and W: one model serves any image size.
 */
import { Rng, SegConfigError } from '@seg/core';
import * as tf from '@tensorflow/tfjs';
import { inverseTemperature, PositiveTemperature } from './positive-temperature.js';

export interface LocalTemperatureModelConfig {
  /** Classes C of the logits (≥ 2). */
  numClasses: number;
  /** Channels of the image given next to the logits; 0 = logits only (default). */
  imageChannels?: number;
  /** Filters of each hidden convolution. Default 8. */
  hidden?: number;
  /** Hidden convolutions (0 = one linear convolution to the temperature). Default 1. */
  layers?: number;
  /** Kernel size k of every convolution (odd). Default 3. */
  kernelSize?: number;
  /** Dilation of every convolution (receptive field (layers + 1)·(k − 1)·d + 1). Default 1. */
  dilation?: number;
  /** Floor T_min of the predicted temperature. Default 0.05. */
  minTemperature?: number;
  /** Temperature T₀ the untrained network outputs everywhere (> T_min). Default 1. */
  initialTemperature?: number;
  /** Seed of the weight initialisers. Default 0. */
  seed?: number;
}

export const LOCAL_TEMPERATURE_DEFAULTS = {
  imageChannels: 0,
  hidden: 8,
  layers: 1,
  kernelSize: 3,
  dilation: 1,
  minTemperature: 0.05,
  initialTemperature: 1,
  seed: 0,
} as const;

const isInt = (v: unknown, min: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min;

function configProblems(c: Required<LocalTemperatureModelConfig>): string[] {
  const p: string[] = [];
  if (!isInt(c.numClasses, 2)) p.push(`'numClasses' must be an integer ≥ 2, got ${c.numClasses}`);
  if (!isInt(c.imageChannels, 0)) p.push(`'imageChannels' must be an integer ≥ 0, got ${c.imageChannels}`);
  if (!isInt(c.hidden, 1)) p.push(`'hidden' must be an integer ≥ 1, got ${c.hidden}`);
  if (!isInt(c.layers, 0)) p.push(`'layers' must be an integer ≥ 0, got ${c.layers}`);
  if (!isInt(c.kernelSize, 1) || c.kernelSize % 2 === 0) p.push(`'kernelSize' must be an odd integer ≥ 1, got ${c.kernelSize}`);
  if (!isInt(c.dilation, 1)) p.push(`'dilation' must be an integer ≥ 1, got ${c.dilation}`);
  if (!isInt(c.seed, -(2 ** 53))) p.push(`'seed' must be an integer, got ${c.seed}`);
  const { minTemperature: tMin, initialTemperature: t0 } = c;
  if (!(Number.isFinite(tMin) && tMin > 0)) p.push(`'minTemperature' must be a finite number > 0, got ${tMin}`);
  else if (!(Number.isFinite(t0) && t0 > tMin))
    p.push(`'initialTemperature' must be a finite number > minTemperature (${tMin}), got ${t0}`);
  return p;
}

/** The full config with defaults filled in; every invalid field is listed in one SegConfigError. */
export function resolveLocalTemperatureConfig(
  config: LocalTemperatureModelConfig,
  fn = 'localTemperatureModel',
): Required<LocalTemperatureModelConfig> {
  const resolved = { ...LOCAL_TEMPERATURE_DEFAULTS, ...config };
  const problems = configProblems(resolved);
  if (problems.length > 0) throw new SegConfigError({ fn, arg: 'config', detail: 'invalid local-temperature network', problems });
  return resolved;
}

/** Builds the (untrained) local-temperature network; inputs `logits` (and `image`), output the temperature. */
export function localTemperatureModel(config: LocalTemperatureModelConfig): tf.LayersModel {
  const c = resolveLocalTemperatureConfig(config);
  const root = new Rng(c.seed);
  const conv = { kernelSize: c.kernelSize, dilationRate: c.dilation, padding: 'same' as const };
  const logits = tf.input({ shape: [null, null, c.numClasses], name: 'logits' });
  const inputs = [logits];
  if (c.imageChannels > 0) inputs.push(tf.input({ shape: [null, null, c.imageChannels], name: 'image' }));
  let x = inputs.length > 1 ? (tf.layers.concatenate({ name: 'lts_inputs' }).apply(inputs) as tf.SymbolicTensor) : logits;
  for (let i = 1; i <= c.layers; i++) {
    const name = `lts_conv${i}`;
    const kernelInitializer = tf.initializers.heNormal({ seed: root.fork(name).nextUint32() });
    x = tf.layers.conv2d({ ...conv, filters: c.hidden, activation: 'relu', kernelInitializer, name }).apply(x) as tf.SymbolicTensor;
  }
  const bias = inverseTemperature(c.initialTemperature, c.minTemperature);
  const head = tf.layers.conv2d({
    ...conv,
    filters: 1,
    kernelInitializer: 'zeros',
    biasInitializer: tf.initializers.constant({ value: bias }),
    name: 'lts_temperature_logit',
  });
  const t = new PositiveTemperature({ minTemperature: c.minTemperature, name: 'lts_temperature' }).apply(
    head.apply(x),
  ) as tf.SymbolicTensor;
  return tf.model({ inputs, outputs: t, name: 'local_temperature' });
}
