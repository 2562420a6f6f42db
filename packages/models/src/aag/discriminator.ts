/**
 * The multi-scale discriminator Δ of Valvano, Leo & Tsaftaris, "Learning to segment from scribbles using multi-scale
 * adversarial attention gates" (IEEE TMI 2021, Sec. III-B, Fig. 2). It scores a set of masks (or predicted class
 * probabilities) at `depth` resolutions, fine → coarse: input s has shape `[N,H/2^s,W/2^s,K]`. Per level s:
 *
 *   x ← concat(x, drop_background(input_s))          (s = 0: x = drop_background(input_0))
 *   x ← tanh(SpectralConv2D 4×4 stride 2, filters·2^s)   (`down{s}`, `down{s}_tanh`)
 *   x ← tanh(1×1 conv, `compress` filters)               (`compress{s}`, `compress{s}_tanh`)
 *
 * so input s+1 arrives on the grid of the features it is concatenated to; then flatten → dense → one score per
 * sample (`score`, linear: a least-squares GAN critic, no sigmoid). The paper's filters "follow the segmentor encoder"
 * and its 1×1 compression has 12 filters; both layers use tanh. (The authors' code differs: first conv plain with
 * LeakyReLU, 13 sigmoid filters in the compression, the last conv stride 1.) Instance noise and label noise belong to
 * the training step, not to this model.
 *
 * `multiScale: false` is the "without adversarial deep supervision" ablation: one input (full resolution), the same
 * convolutions, no concatenation.
 */
import { SegConfigError } from '@seg/core';
import * as tf from '@tensorflow/tfjs';
import { isInt, show } from '../config-values.js';
import { glorotUniformFor, layerSeeds } from '../seeds.js';
import { DropBackground } from './drop-background.js';
import { SpectralConv2D } from './spectral-conv.js';

export interface AagDiscriminatorConfig {
  /** [height, width] of the full-resolution masks; divisible by 2^depth. */
  inputShape: readonly [number, number];
  /** Classes K of every input (background channel 0 included, dropped inside); ≥ 2. */
  numClasses: number;
  /** Levels (stride-2 convolutions) = number of inputs when multi-scale; the segmentor's depth. Default 4. */
  depth?: number;
  /** Filters of the first convolution, doubling per level. Default 16. */
  filters?: number;
  /** Filters of the 1×1 compression after each convolution. Default 12 (the paper). */
  compress?: number;
  /** Take the coarser masks at every level (true) or the full resolution only (false, the ablation). Default true. */
  multiScale?: boolean;
  /** Power iterations per training call of the spectral normalisation. Default 1. */
  powerIterations?: number;
  /** Seed of the weight initialisers (same seed → identical weights). Default 0. */
  seed?: number;
}

export type ResolvedAagDiscriminatorConfig = Required<AagDiscriminatorConfig>;

export const AAG_DISCRIMINATOR_DEFAULTS = { depth: 4, filters: 16, compress: 12, multiScale: true, powerIterations: 1, seed: 0 } as const;

const KEYS = ['inputShape', 'numClasses', ...Object.keys(AAG_DISCRIMINATOR_DEFAULTS)];

function problemsOf(c: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const s = c.inputShape;
  if (!Array.isArray(s) || s.length !== 2 || !s.every((v) => isInt(v, 1))) {
    problems.push(`'inputShape' must be [height, width] of positive integers, got ${show(s)}`);
  } else if (isInt(c.depth, 1, 8) && (s[0] % 2 ** (c.depth as number) !== 0 || s[1] % 2 ** (c.depth as number) !== 0)) {
    problems.push(`'inputShape' height and width must be divisible by 2^depth = ${2 ** (c.depth as number)}, got ${s[0]}×${s[1]}`);
  }
  if (!isInt(c.numClasses, 2)) problems.push(`'numClasses' must be an integer ≥ 2, got ${show(c.numClasses)}`);
  if (!isInt(c.depth, 1, 8)) problems.push(`'depth' must be an integer in [1, 8], got ${show(c.depth)}`);
  if (!isInt(c.filters, 1)) problems.push(`'filters' must be an integer ≥ 1, got ${show(c.filters)}`);
  if (!isInt(c.compress, 1)) problems.push(`'compress' must be an integer ≥ 1, got ${show(c.compress)}`);
  if (typeof c.multiScale !== 'boolean') problems.push(`'multiScale' must be true or false, got ${show(c.multiScale)}`);
  if (!isInt(c.powerIterations, 1)) problems.push(`'powerIterations' must be an integer ≥ 1, got ${show(c.powerIterations)}`);
  if (!isInt(c.seed, -(2 ** 53))) problems.push(`'seed' must be an integer, got ${show(c.seed)}`);
  for (const key of Object.keys(c))
    if (!KEYS.includes(key)) problems.push(`'${key}' is not an AAG discriminator option (valid: ${KEYS.join(', ')})`);
  return problems;
}

/** Fills in the defaults and validates; throws one SegConfigError listing every problem. */
export function resolveAagDiscriminatorConfig(config: AagDiscriminatorConfig, fn = 'aagDiscriminator'): ResolvedAagDiscriminatorConfig {
  if (typeof config !== 'object' || config === null) {
    throw new SegConfigError({ fn, arg: 'config', expected: 'an object with inputShape and numClasses', got: show(config) });
  }
  const defined = Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined));
  const resolved = { ...AAG_DISCRIMINATOR_DEFAULTS, ...defined } as Record<string, unknown>;
  const problems = problemsOf(resolved);
  if (problems.length > 0) throw new SegConfigError({ fn, arg: 'config', detail: 'invalid AAG discriminator configuration', problems });
  return resolved as unknown as ResolvedAagDiscriminatorConfig;
}

type Sym = tf.SymbolicTensor;

/** The multi-scale (or, with `multiScale: false`, single-scale) AAG discriminator; inputs `mask{s}`, output `[N,1]`. */
export function aagDiscriminator(config: AagDiscriminatorConfig): tf.LayersModel {
  const { inputShape, numClasses, depth, filters, compress, multiScale, powerIterations, seed } = resolveAagDiscriminatorConfig(config);
  const seeds = layerSeeds(seed);
  const [h, w] = inputShape;
  const scales = multiScale ? depth : 1;
  const inputs = Array.from({ length: scales }, (_, s) => tf.input({ shape: [h / 2 ** s, w / 2 ** s, numClasses], name: `mask${s}` }));
  let x: Sym | undefined;
  for (let s = 0; s < depth; s++) {
    if (s < scales) {
      const fg = new DropBackground({ name: `mask${s}_foreground` }).apply(inputs[s]) as Sym;
      x = x ? (tf.layers.concatenate({ axis: -1, name: `concat${s}` }).apply([x, fg]) as Sym) : fg;
    }
    const conv = new SpectralConv2D({
      filters: filters * 2 ** s,
      kernelSize: 4,
      strides: 2,
      seed: seeds(`down${s}`),
      powerIterations,
      name: `down${s}`,
    });
    x = tf.layers.activation({ activation: 'tanh', name: `down${s}_tanh` }).apply(conv.apply(x as Sym)) as Sym;
    const squeeze = tf.layers.conv2d({
      filters: compress,
      kernelSize: 1,
      kernelInitializer: glorotUniformFor(seeds, `compress${s}`),
      name: `compress${s}`,
    });
    x = tf.layers.activation({ activation: 'tanh', name: `compress${s}_tanh` }).apply(squeeze.apply(x)) as Sym;
  }
  const flat = tf.layers.flatten({ name: 'flatten' }).apply(x as Sym) as Sym;
  const score = tf.layers.dense({ units: 1, kernelInitializer: glorotUniformFor(seeds, 'score'), name: 'score' }).apply(flat) as Sym;
  return tf.model({ inputs, outputs: score, name: multiScale ? 'aag_discriminator' : 'aag_discriminator_single_scale' });
}
