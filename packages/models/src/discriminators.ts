/**
 * Critics of the adversarial baselines. Both read one tensor: the image and a class map (one-hot ground truth or
 * softmax probabilities) concatenated on the channel axis, `[N,H,W,Cimg+K]`, and output logits (no sigmoid).
 *
 * - {@link imageDiscriminator}: Luc, Couprie, Chintala & Verbeek 2016 ("Semantic segmentation using adversarial
 *   networks"): one real/fake logit per image, `[N,1]`.
 * - {@link confidenceNetwork}: Nie & Shen (adversarial confidence learning, 2018/2019): a fully convolutional
 *   discriminator giving a real/fake logit per pixel, `[N,H,W,1]`, the input's H×W.
 *
 * Down-sampling is by stride-2 3×3 convolutions and up-sampling by 2×2 stride-2 transposed convolutions (no max
 * pooling, no nearest up-sampling: their tfjs gradients are wrong on some back-ends after LeakyReLU, see
 * docs/backends.md). Activations are LeakyReLU (slope 0.2 by default), no normalization. Kernels are He-normal with
 * per-layer seeds from `seed` ({@link layerSeeds}), the output layer Glorot-uniform; biases start at 0.
 */
import { assertDivisible, SegConfigError } from '@seg/core';
import * as tf from '@tensorflow/tfjs';
import { isInt, show } from './config-values.js';
import { glorotUniformFor, heNormalFor, type LayerSeeds, layerSeeds } from './seeds.js';

export interface DiscriminatorConfig {
  /** [height, width, channels] of the images (not counting the class map); H and W divisible by 2^depth. */
  inputShape: readonly [number, number, number];
  /** Classes K of the class map concatenated to the image (background included); ≥ 2. */
  numClasses: number;
  /** Filters of the first convolution, doubling per level. Default 16. */
  filters?: number;
  /** Number of stride-2 convolutions. Default 3. */
  depth?: number;
  /** LeakyReLU slope for negative inputs. Default 0.2. */
  slope?: number;
  /** Seed of the weight initialisers (same seed → identical weights). Default 0. */
  seed?: number;
}

export type ResolvedDiscriminatorConfig = Required<DiscriminatorConfig>;

export const DISCRIMINATOR_DEFAULTS = { filters: 16, depth: 3, slope: 0.2, seed: 0 } as const;

const KEYS = ['inputShape', 'numClasses', ...Object.keys(DISCRIMINATOR_DEFAULTS)];

function problemsOf(c: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const s = c.inputShape;
  if (!Array.isArray(s) || s.length !== 3 || !s.every((v) => isInt(v, 1))) {
    problems.push(`'inputShape' must be [height, width, channels] of positive integers, got ${show(s)}`);
  }
  if (!isInt(c.numClasses, 2)) problems.push(`'numClasses' must be an integer ≥ 2, got ${show(c.numClasses)}`);
  if (!isInt(c.filters, 1)) problems.push(`'filters' must be an integer ≥ 1, got ${show(c.filters)}`);
  if (!isInt(c.depth, 1, 8)) problems.push(`'depth' must be an integer in [1, 8], got ${show(c.depth)}`);
  if (!(typeof c.slope === 'number' && c.slope >= 0 && c.slope < 1))
    problems.push(`'slope' must be a number in [0, 1), got ${show(c.slope)}`);
  if (!isInt(c.seed, -(2 ** 53))) problems.push(`'seed' must be an integer, got ${show(c.seed)}`);
  for (const key of Object.keys(c))
    if (!KEYS.includes(key)) problems.push(`'${key}' is not a discriminator option (valid: ${KEYS.join(', ')})`);
  return problems;
}

/** Fills in the defaults and validates (every problem listed in one SegConfigError), then checks H, W vs depth. */
export function resolveDiscriminatorConfig(config: DiscriminatorConfig, fn: string): ResolvedDiscriminatorConfig {
  if (typeof config !== 'object' || config === null) {
    throw new SegConfigError({ fn, arg: 'config', expected: 'an object with inputShape and numClasses', got: show(config) });
  }
  const defined = Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined));
  const resolved = { ...DISCRIMINATOR_DEFAULTS, ...defined } as Record<string, unknown>;
  const problems = problemsOf(resolved);
  if (problems.length > 0) throw new SegConfigError({ fn, arg: 'config', detail: 'invalid discriminator configuration', problems });
  const r = resolved as unknown as ResolvedDiscriminatorConfig;
  assertDivisible([r.inputShape[0], r.inputShape[1]], 2 ** r.depth, fn, 'inputShape');
  return r;
}

type Sym = tf.SymbolicTensor;

/** conv (3×3 stride 2 'same', or 2×2 stride 2 transposed) → LeakyReLU, named `<name>` and `<name>_lrelu`. */
function convLeaky(x: Sym, filters: number, name: string, kind: 'down' | 'up', slope: number, seeds: LayerSeeds): Sym {
  const args = { filters, strides: 2, padding: 'same' as const, kernelInitializer: heNormalFor(seeds, name), name };
  const conv = kind === 'down' ? tf.layers.conv2d({ ...args, kernelSize: 3 }) : tf.layers.conv2dTranspose({ ...args, kernelSize: 2 });
  return tf.layers.leakyReLU({ alpha: slope, name: `${name}_lrelu` }).apply(conv.apply(x)) as Sym;
}

function inputOf(c: ResolvedDiscriminatorConfig): Sym {
  const [h, w, ch] = c.inputShape;
  return tf.input({ shape: [h, w, ch + c.numClasses], name: 'image_and_classes' });
}

/**
 * Image-level discriminator (Luc et al. 2016): `depth` × (3×3 stride-2 conv with filters·2^i channels → LeakyReLU),
 * global average pooling, a dense layer to one logit per image. Input `[N,H,W,Cimg+K]`, output `[N,1]`.
 * Layers: `down{i}`, `down{i}_lrelu`, `pool`, `logit`.
 */
export function imageDiscriminator(config: DiscriminatorConfig): tf.LayersModel {
  const c = resolveDiscriminatorConfig(config, 'imageDiscriminator');
  const seeds = layerSeeds(c.seed);
  const input = inputOf(c);
  let x = input;
  for (let i = 0; i < c.depth; i++) x = convLeaky(x, c.filters * 2 ** i, `down${i}`, 'down', c.slope, seeds);
  x = tf.layers.globalAveragePooling2d({ name: 'pool' }).apply(x) as Sym;
  const logit = tf.layers.dense({ units: 1, kernelInitializer: glorotUniformFor(seeds, 'logit'), name: 'logit' }).apply(x) as Sym;
  return tf.model({ inputs: input, outputs: logit, name: 'image_discriminator' });
}

/**
 * Fully convolutional confidence network (Nie & Shen): `depth` × (3×3 stride-2 conv → LeakyReLU) down, `depth` ×
 * (2×2 stride-2 transposed conv → LeakyReLU) back up to H×W, a 1×1 conv to one real/fake logit per pixel.
 * Input `[N,H,W,Cimg+K]`, output `[N,H,W,1]`; sigmoid of the output is the per-pixel confidence D.
 * Layers: `down{i}`, `up{i}` (+ `_lrelu`), `logits`.
 */
export function confidenceNetwork(config: DiscriminatorConfig): tf.LayersModel {
  const c = resolveDiscriminatorConfig(config, 'confidenceNetwork');
  const seeds = layerSeeds(c.seed);
  const input = inputOf(c);
  let x = input;
  for (let i = 0; i < c.depth; i++) x = convLeaky(x, c.filters * 2 ** i, `down${i}`, 'down', c.slope, seeds);
  for (let i = c.depth - 1; i >= 0; i--) x = convLeaky(x, c.filters * 2 ** i, `up${i}`, 'up', c.slope, seeds);
  const logits = tf.layers
    .conv2d({ filters: 1, kernelSize: 1, kernelInitializer: glorotUniformFor(seeds, 'logits'), name: 'logits' })
    .apply(x) as Sym;
  return tf.model({ inputs: input, outputs: logits, name: 'confidence_network' });
}
