/**
 * The gambler of gambling adversarial networks (Samson et al. 2019; Bakhtiariziabari & Ghafoorian, thyroid-nodule US):
 * G(x, softmax(F(x))) → one betting logit g per pixel. A small U-Net whose input is the image concatenated with the
 * segmenter's class probabilities; it never sees the ground truth. The budget normalisation that turns g into pixel
 * weights lives with the training step (`@seg/adversarial`, `bettingWeights`), not in the network.
 */
import { assertDivisible, SegConfigError } from '@seg/core';
import * as tf from '@tensorflow/tfjs';
import { type BlockOptions, doubleConv, unetEncoder, upsample } from './blocks.js';
import { isInt, show } from './config-values.js';
import { glorotUniformFor, layerSeeds } from './seeds.js';
import type { NormKind, UpsamplingKind } from './unet-config.js';

export interface GamblerConfig {
  /** [height, width, channels] of the images (the gambler's first input); height and width divisible by 2^depth. */
  imageShape: readonly [number, number, number];
  /** Classes of the segmenter (channels of its second input, the softmax probabilities); ≥ 2. */
  numClasses: number;
  /** 2×2 max-pool steps. Default 3. */
  depth?: number;
  /** Filters at the top level, doubling per level. Default 16. */
  filters?: number;
  /** Normalization after every 3×3 convolution. Default 'batch'. */
  norm?: NormKind;
  /** Channel groups of 'group' norm. Default 8. */
  groups?: number;
  /** Decoder up-sampling. Default 'transpose'. */
  upsampling?: UpsamplingKind;
  /** Seed of the weight initialisers (same seed → identical weights). Default 0. */
  seed?: number;
}

export type ResolvedGamblerConfig = Required<GamblerConfig>;

export const GAMBLER_DEFAULTS = { depth: 3, filters: 16, norm: 'batch', groups: 8, upsampling: 'transpose', seed: 0 } as const;

const KEYS = ['imageShape', 'numClasses', ...Object.keys(GAMBLER_DEFAULTS)];

function problemsOf(c: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const s = c.imageShape;
  if (!Array.isArray(s) || s.length !== 3 || !s.every((v) => isInt(v, 1)))
    problems.push(`'imageShape' must be [height, width, channels] of positive integers, got ${show(s)}`);
  if (!isInt(c.numClasses, 2)) problems.push(`'numClasses' must be an integer ≥ 2, got ${show(c.numClasses)}`);
  if (!isInt(c.depth, 1, 8)) problems.push(`'depth' must be an integer in [1, 8], got ${show(c.depth)}`);
  if (!isInt(c.filters, 1)) problems.push(`'filters' must be an integer ≥ 1, got ${show(c.filters)}`);
  if (!['batch', 'group', 'none'].includes(c.norm as string))
    problems.push(`'norm' must be one of 'batch', 'group', 'none', got ${show(c.norm)}`);
  if (!isInt(c.groups, 1)) problems.push(`'groups' must be an integer ≥ 1, got ${show(c.groups)}`);
  if (!['transpose', 'nearest'].includes(c.upsampling as string))
    problems.push(`'upsampling' must be one of 'transpose', 'nearest', got ${show(c.upsampling)}`);
  if (!isInt(c.seed, -(2 ** 53))) problems.push(`'seed' must be an integer, got ${show(c.seed)}`);
  for (const key of Object.keys(c)) if (!KEYS.includes(key)) problems.push(`'${key}' is not a gambler option (valid: ${KEYS.join(', ')})`);
  return problems;
}

/** Fills in the defaults and validates; throws one SegConfigError listing every problem. */
export function resolveGamblerConfig(config: GamblerConfig): ResolvedGamblerConfig {
  if (typeof config !== 'object' || config === null) {
    throw new SegConfigError({ fn: 'gambler', arg: 'config', expected: 'an object with imageShape and numClasses', got: show(config) });
  }
  const defined = Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined));
  const resolved = { ...GAMBLER_DEFAULTS, ...defined } as Record<string, unknown>;
  const problems = problemsOf(resolved);
  if (problems.length > 0) throw new SegConfigError({ fn: 'gambler', arg: 'config', detail: 'invalid gambler configuration', problems });
  return resolved as unknown as ResolvedGamblerConfig;
}

/**
 * Builds the gambler: inputs `image` `[N,H,W,Cin]` and `probabilities` `[N,H,W,C]` (the segmenter's softmax),
 * concatenated (`input_concat`) and passed through a U-Net (layers `enc{i}_*`, `bottleneck_*`, `dec{i}_*`, as
 * {@link unet}) to a 1×1 convolution `bets` with one output channel: betting logits `[N,H,W,1]`, no activation.
 * Call it as `gambler.apply([image, probabilities])`. Kernels seeded per layer from `seed`.
 */
export function gambler(config: GamblerConfig): tf.LayersModel {
  const { imageShape, numClasses, depth, filters, norm, groups, upsampling, seed } = resolveGamblerConfig(config);
  const [h, w, c] = imageShape;
  assertDivisible([h, w], 2 ** depth, 'gambler', 'imageShape');
  const seeds = layerSeeds(seed);
  const options: BlockOptions = { norm, groups, seeds };
  const image = tf.input({ shape: [h, w, c], name: 'image' });
  const probabilities = tf.input({ shape: [h, w, numClasses], name: 'probabilities' });
  let x = tf.layers.concatenate({ axis: -1, name: 'input_concat' }).apply([image, probabilities]) as tf.SymbolicTensor;
  const encoded = unetEncoder(x, depth, filters, options);
  const skips = encoded.skips;
  x = encoded.x;
  x = doubleConv(x, filters * 2 ** depth, 'bottleneck', options);
  for (let i = depth - 1; i >= 0; i--) {
    const up = upsample(x, filters * 2 ** i, `dec${i}`, upsampling, seeds);
    x = tf.layers.concatenate({ axis: -1, name: `dec${i}_concat` }).apply([skips[i], up]) as tf.SymbolicTensor;
    x = doubleConv(x, filters * 2 ** i, `dec${i}`, options);
  }
  const bets = tf.layers
    .conv2d({ filters: 1, kernelSize: 1, kernelInitializer: glorotUniformFor(seeds, 'bets'), name: 'bets' })
    .apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: [image, probabilities], outputs: bets, name: 'gambler' });
}
