/**
 * SegAN networks (Xue, Xu, Zhang, Long & Huang, "SegAN: adversarial network with multi-scale L1 loss for medical
 * image segmentation", Neuroinformatics 2018, arXiv:1706.01805, §2.2 and Fig. 1).
 *
 * - Segmentor: encoder of 4×4 stride-2 convolutions (BN + LeakyReLU 0.2; no BN on the first, as in the authors'
 *   code and DCGAN), decoder of image resize ×2 (nearest or bilinear) + 3×3 stride-1 convolution (BN + LeakyReLU),
 *   U-Net skip connections (concatenation, Fig. 1), a last resize ×2 + 3×3 convolution to `numClasses` logits.
 * - Critic: the same encoder; its outputs are the hierarchical features f⁰ … f^L of the multi-scale L1 loss,
 *   f⁰ = the (masked) input image itself ("layer 0", the paper's S3-3C-s0 ablation), f^i = the i-th block's
 *   activations. The paper's grid search picked 4 down/up blocks for the segmentor and 3 for the critic.
 *
 * Kernels are He-normal, seeded per layer name from `seed` (same seed → identical weights).
 */
import { assertDivisible, SegConfigError } from '@seg/core';
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { isInt, show } from './config-values.js';
import { countParamsBy, defineModel } from './model-entry.js';
import { heNormalFor, type LayerSeeds, layerSeeds } from './seeds.js';

type Sym = tf.SymbolicTensor;
export type SeganResize = 'nearest' | 'bilinear';

export interface SeganSegmentorConfig {
  /** [height, width, channels]; height and width divisible by 2^depth. */
  inputShape: readonly [number, number, number];
  /** Output channels (logits, background included); ≥ 2. */
  numClasses: number;
  /** 4×4 stride-2 down-sampling blocks (= up-sampling blocks). Default 4 (paper). */
  depth?: number;
  /** Filters of the first block, doubling per block (paper: 64). Default 16. */
  filters?: number;
  /** Image resize of the decoder. Default 'nearest'. */
  resize?: SeganResize;
  /** LeakyReLU slope. Default 0.2. */
  alpha?: number;
  /** Initialiser seed. Default 0. */
  seed?: number;
}

export interface SeganCriticConfig {
  /** [height, width, channels] of the critic input (image channels × masked classes it sees). */
  inputShape: readonly [number, number, number];
  /** 4×4 stride-2 blocks = feature layers besides layer 0. Default 3 (paper). */
  depth?: number;
  /** Filters of the first block, doubling per block (paper: 64). Default 16. */
  filters?: number;
  /** Output the input itself as feature layer 0 (paper, and the authors' code). Default true. */
  includeInput?: boolean;
  /** LeakyReLU slope. Default 0.2. */
  alpha?: number;
  /** Initialiser seed. Default 0. */
  seed?: number;
  /** Model name, also the prefix of its layer names (distinct critics of S3-3C). Default 'segan_critic'. */
  name?: string;
}

function checkCommon(fn: string, c: Record<string, unknown>, keys: readonly string[]): void {
  const problems: string[] = [];
  const s = c.inputShape;
  if (!Array.isArray(s) || s.length !== 3 || !s.every((v) => isInt(v, 1)))
    problems.push(`'inputShape' must be [height, width, channels] of positive integers, got ${show(s)}`);
  if (c.numClasses !== undefined && !isInt(c.numClasses, 2))
    problems.push(`'numClasses' must be an integer ≥ 2, got ${show(c.numClasses)}`);
  if (!isInt(c.depth, 1, 8)) problems.push(`'depth' must be an integer in [1, 8], got ${show(c.depth)}`);
  if (!isInt(c.filters, 1)) problems.push(`'filters' must be an integer ≥ 1, got ${show(c.filters)}`);
  if (!(typeof c.alpha === 'number' && c.alpha >= 0 && c.alpha < 1))
    problems.push(`'alpha' must be a number in [0, 1), got ${show(c.alpha)}`);
  if (c.resize !== undefined && !['nearest', 'bilinear'].includes(c.resize as string))
    problems.push(`'resize' must be 'nearest' or 'bilinear', got ${show(c.resize)}`);
  if (!isInt(c.seed, -(2 ** 53))) problems.push(`'seed' must be an integer, got ${show(c.seed)}`);
  for (const key of Object.keys(c)) if (!keys.includes(key)) problems.push(`'${key}' is not an option (valid: ${keys.join(', ')})`);
  if (problems.length > 0) throw new SegConfigError({ fn, arg: 'config', detail: 'invalid configuration', problems });
  const [h, w] = s as number[];
  assertDivisible([h, w], 2 ** (c.depth as number), fn, 'inputShape');
}

interface DownOptions {
  seeds: LayerSeeds;
  alpha: number;
  prefix: string;
}

/** 4×4 stride-2 'same' convolution → BN (except block 0) → LeakyReLU. */
function downBlock(x: Sym, filters: number, i: number, o: DownOptions): Sym {
  const name = `${o.prefix}_down${i}`;
  const norm = i > 0;
  let y = tf.layers
    .conv2d({ filters, kernelSize: 4, strides: 2, padding: 'same', useBias: !norm, kernelInitializer: heNormalFor(o.seeds, name), name })
    .apply(x) as Sym;
  if (norm) y = tf.layers.batchNormalization({ axis: -1, momentum: 0.9, epsilon: 1e-5, name: `${name}_norm` }).apply(y) as Sym;
  return tf.layers.leakyReLU({ alpha: o.alpha, name: `${name}_lrelu` }).apply(y) as Sym;
}

/** The shared encoder: one {@link downBlock} per level, filters·2^i channels at H/2^(i+1). */
function encoder(input: Sym, depth: number, filters: number, o: DownOptions): Sym[] {
  const out: Sym[] = [];
  let x = input;
  for (let i = 0; i < depth; i++) {
    x = downBlock(x, filters * 2 ** i, i, o);
    out.push(x);
  }
  return out;
}

/** Resize ×2 → 3×3 conv (→ BN → LeakyReLU unless it is the logits layer). */
function upBlock(x: Sym, filters: number, name: string, resize: SeganResize, o: DownOptions, logits: boolean): Sym {
  const up = tf.layers.upSampling2d({ size: [2, 2], interpolation: resize, name: `${name}_resize` }).apply(x) as Sym;
  let y = tf.layers
    .conv2d({ filters, kernelSize: 3, padding: 'same', useBias: logits, kernelInitializer: heNormalFor(o.seeds, name), name })
    .apply(up) as Sym;
  if (logits) return y;
  y = tf.layers.batchNormalization({ axis: -1, momentum: 0.9, epsilon: 1e-5, name: `${name}_norm` }).apply(y) as Sym;
  return tf.layers.leakyReLU({ alpha: o.alpha, name: `${name}_lrelu` }).apply(y) as Sym;
}

/** The SegAN segmentor: image `[N,H,W,C]` → logits `[N,H,W,numClasses]` (no softmax). */
export function seganSegmentor(config: SeganSegmentorConfig): tf.LayersModel {
  const { depth = 4, filters = 16, resize = 'nearest', alpha = 0.2, seed = 0 } = config;
  const keys = ['inputShape', 'numClasses', 'depth', 'filters', 'resize', 'alpha', 'seed'];
  checkCommon('seganSegmentor', { ...config, depth, filters, resize, alpha, seed, numClasses: config.numClasses ?? null }, keys);
  const [h, w, c] = config.inputShape;
  const o: DownOptions = { seeds: layerSeeds(seed), alpha, prefix: 'seg' };
  const input = tf.input({ shape: [h, w, c], name: 'image' });
  const skips = encoder(input, depth, filters, o);
  let x = skips[depth - 1];
  for (let j = depth - 2; j >= 0; j--) {
    const up = upBlock(x, filters * 2 ** j, `seg_up${j + 1}`, resize, o, false);
    x = tf.layers.concatenate({ axis: -1, name: `seg_up${j + 1}_concat` }).apply([skips[j], up]) as Sym;
  }
  const logits = upBlock(x, config.numClasses, 'logits', resize, o, true);
  return tf.model({ inputs: input, outputs: logits, name: 'segan_segmentor' });
}

/**
 * The SegAN critic: masked image `[N,H,W,C]` → its hierarchical features, one output per layer:
 * `[input (if includeInput), block 1 `[N,H/2,W/2,F]`, …, block depth `[N,H/2^depth,W/2^depth,F·2^(depth−1)]`]`.
 */
export function seganCritic(config: SeganCriticConfig): tf.LayersModel {
  const { depth = 3, filters = 16, includeInput = true, alpha = 0.2, seed = 0, name = 'segan_critic' } = config;
  const keys = ['inputShape', 'depth', 'filters', 'includeInput', 'alpha', 'seed', 'name'];
  checkCommon('seganCritic', { ...config, depth, filters, alpha, seed, includeInput, name }, keys);
  const [h, w, c] = config.inputShape;
  const input = tf.input({ shape: [h, w, c], name: `${name}_input` });
  const features = encoder(input, depth, filters, { seeds: layerSeeds(seed), alpha, prefix: name });
  if (!includeInput) return tf.model({ inputs: input, outputs: features, name });
  // Layer 0 through an identity layer, so every output is produced by a layer of the model.
  const layer0 = tf.layers.activation({ activation: 'linear', name: `${name}_layer0` }).apply(input) as Sym;
  return tf.model({ inputs: input, outputs: [layer0, ...features], name });
}

/** Registry entry of {@link seganSegmentor}. */
export const seganEntry = defineModel({
  name: 'segan',
  description: 'SegAN segmentor: 4×4 stride-2 conv encoder, resize ×2 + 3×3 conv decoder, skips, LeakyReLU, BN (Xue et al.)',
  options: z
    .object({
      depth: z.number().int().min(1).max(8).default(4).describe('4×4 stride-2 down-sampling blocks (paper: 4)'),
      filters: z.number().int().min(1).default(16).describe('filters of the first block, doubling per block (paper: 64)'),
      resize: z.enum(['nearest', 'bilinear']).default('nearest').describe('image resize of the decoder'),
      alpha: z.number().min(0).lt(1).default(0.2).describe('LeakyReLU slope'),
    })
    .strict(),
  requires: { divisibleBy: (o) => 2 ** o.depth },
  deepSupervision: 'none',
  create: seganSegmentor,
  paramCount: countParamsBy(seganSegmentor),
});
