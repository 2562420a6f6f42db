/**
 * TransUNet-style hybrid (Chen et al., "TransUNet: Transformers Make Strong Encoders for Medical Image
 * Segmentation", arXiv:2102.04306), scaled down:
 *
 * - CNN encoder: `depth` U-Net levels (two 3×3 conv + norm + ReLU, 2×2 max-pool), filters·2^i;
 * - tokens: a 1×1 conv to `embedDim` on the H/2^depth × W/2^depth map (patch size 1, as the hybrid model), flattened
 *   to T = HW/4^depth tokens + a learned {@link PositionEmbedding};
 * - `blocks` pre-norm transformer blocks (ViT): x += MHSA(LN(x)); x += MLP(LN(x)), MLP = dense(mlpRatio·D, GELU) →
 *   dense(D); then a final LN. {@link MultiHeadSelfAttention} is a custom layer; GELU is tfjs's built-in 'gelu'
 *   activation, the exact form x·Φ(x) = x·½(1 + erf(x/√2)) (erf has kernels and a gradient on cpu and wasm);
 * - reshape back to the map, 3×3 conv + norm + ReLU to filters·2^depth channels ("conv more"), then the U-Net decoder
 *   (2×2 transposed conv up, skip concatenation, two 3×3 convs per level) and 1×1 logits.
 *
 * Layer names: `enc{i}_*`, `tokens_proj`, `tokens`, `pos_embed`, `tf{b}_ln{1,2}`, `tf{b}_attn`, `tf{b}_mlp{1,2}`,
 * `tf{b}_add{1,2}`, `tokens_ln`, `tokens_map`, `bottleneck_*`, `dec{i}_*`, `logits`.
 */
import { assertDivisible } from '@seg/core';
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import type { Sym } from './backbones/common.js';
import { commonProblems, intProblem, resolveConfig } from './backbones/config.js';
import { type BlockOptions, convNormRelu, doubleConv, logitsHead, unetEncoder, upsample } from './blocks.js';
import { MultiHeadSelfAttention } from './layers/multi-head-attention.js';
import { PositionEmbedding } from './layers/position-embedding.js';
import { countParamsBy, defineModel } from './model-entry.js';
import { glorotUniformFor, layerSeeds } from './seeds.js';
import type { NormKind } from './unet-config.js';

export interface TransUNetConfig {
  /** [height, width, channels]; height and width divisible by 2^depth. */
  inputShape: readonly [number, number, number];
  /** Output channels (logits, background included); ≥ 2. */
  numClasses: number;
  /** CNN encoder levels (2×2 max-pools). Default 3. */
  depth?: number;
  /** Filters at the top level, doubling per level. Default 16. */
  filters?: number;
  /** Token dimension D; divisible by heads. Default 64. */
  embedDim?: number;
  /** Attention heads. Default 4. */
  heads?: number;
  /** Transformer blocks. Default 2. */
  blocks?: number;
  /** MLP hidden size = mlpRatio·D. Default 2. */
  mlpRatio?: number;
  /** Norm of the CNN convs. Default 'batch'. */
  norm?: NormKind;
  /** Channel groups of 'group' norm. Default 8. */
  groups?: number;
  /** Initialiser seed (same seed → identical weights). Default 0. */
  seed?: number;
}

export type ResolvedTransUNetConfig = Required<TransUNetConfig>;

export const TRANSUNET_DEFAULTS = {
  depth: 3,
  filters: 16,
  embedDim: 64,
  heads: 4,
  blocks: 2,
  mlpRatio: 2,
  norm: 'batch',
  groups: 8,
  seed: 0,
} as const;

const KEYS = ['inputShape', 'numClasses', ...Object.keys(TRANSUNET_DEFAULTS)];

/** Fills in the defaults and validates (every problem at once). */
export function resolveTransUNetConfig(config: TransUNetConfig, fn = 'transunet'): ResolvedTransUNetConfig {
  return resolveConfig(fn, 'TransUNet', config, TRANSUNET_DEFAULTS, (c) => {
    const problems = [
      ...commonProblems(c, KEYS),
      ...intProblem(c, 'depth', 1, 6),
      ...intProblem(c, 'filters', 1),
      ...intProblem(c, 'embedDim', 1),
      ...intProblem(c, 'heads', 1),
      ...intProblem(c, 'blocks', 0),
      ...intProblem(c, 'mlpRatio', 1),
    ];
    if (problems.length === 0 && (c.embedDim as number) % (c.heads as number) !== 0) {
      problems.push(`'embedDim' must be divisible by 'heads' = ${c.heads}, got ${c.embedDim}`);
    }
    return problems;
  });
}

function transformerBlock(x: Sym, b: number, heads: number, mlpRatio: number, seeds: (name: string) => number): Sym {
  const dim = x.shape[2] as number;
  const ln = (t: Sym, i: number) => tf.layers.layerNormalization({ axis: -1, epsilon: 1e-6, name: `tf${b}_ln${i}` }).apply(t) as Sym;
  const add = (a: Sym, c: Sym, i: number) => tf.layers.add({ name: `tf${b}_add${i}` }).apply([a, c]) as Sym;
  const attn = new MultiHeadSelfAttention({ heads, seed: seeds(`tf${b}_attn`), name: `tf${b}_attn` }).apply(ln(x, 1)) as Sym;
  const y = add(x, attn, 1);
  const dense = (t: Sym, units: number, i: number, activation?: 'gelu') =>
    tf.layers
      .dense({
        units,
        activation: activation as never,
        kernelInitializer: glorotUniformFor(seeds, `tf${b}_mlp${i}`),
        name: `tf${b}_mlp${i}`,
      })
      .apply(t) as Sym;
  return add(y, dense(dense(ln(y, 2), mlpRatio * dim, 1, 'gelu'), dim, 2), 2);
}

/** Builds the TransUNet-style model (logits [N, H, W, numClasses]); see the module docstring. */
export function transunet(config: TransUNetConfig): tf.LayersModel {
  const { inputShape, numClasses, depth, filters, embedDim, heads, blocks, mlpRatio, norm, groups, seed } = resolveTransUNetConfig(config);
  const [h, w, c] = inputShape;
  assertDivisible([h, w], 2 ** depth, 'transunet', 'inputShape');
  const seeds = layerSeeds(seed);
  const options: BlockOptions = { norm, groups, seeds };
  const input = tf.input({ shape: [h, w, c], name: 'image' });
  const encoded = unetEncoder(input, depth, filters, options);
  const skips = encoded.skips;
  let x: Sym = encoded.x;
  const [bh, bw] = [h / 2 ** depth, w / 2 ** depth];
  x = tf.layers
    .conv2d({ filters: embedDim, kernelSize: 1, kernelInitializer: glorotUniformFor(seeds, 'tokens_proj'), name: 'tokens_proj' })
    .apply(x) as Sym;
  x = tf.layers.reshape({ targetShape: [bh * bw, embedDim], name: 'tokens' }).apply(x) as Sym;
  x = new PositionEmbedding({ seed: seeds('pos_embed'), name: 'pos_embed' }).apply(x) as Sym;
  for (let b = 0; b < blocks; b++) x = transformerBlock(x, b, heads, mlpRatio, seeds);
  x = tf.layers.layerNormalization({ axis: -1, epsilon: 1e-6, name: 'tokens_ln' }).apply(x) as Sym;
  x = tf.layers.reshape({ targetShape: [bh, bw, embedDim], name: 'tokens_map' }).apply(x) as Sym;
  x = convNormRelu(x, filters * 2 ** depth, 'bottleneck', 1, options);
  for (let i = depth - 1; i >= 0; i--) {
    const up = upsample(x, filters * 2 ** i, `dec${i}`, 'transpose', seeds);
    x = tf.layers.concatenate({ axis: -1, name: `dec${i}_concat` }).apply([skips[i], up]) as Sym;
    x = doubleConv(x, filters * 2 ** i, `dec${i}`, options);
  }
  return tf.model({ inputs: input, outputs: logitsHead(x, numClasses, seeds), name: 'transunet' });
}

const T = TRANSUNET_DEFAULTS;

/** Registry entry of {@link transunet}. */
export const transunetEntry = defineModel({
  name: 'transunet',
  description: 'TransUNet-style: U-Net CNN encoder, pre-norm transformer blocks on bottleneck tokens, U-Net decoder (Chen et al.)',
  options: z
    .object({
      depth: z.number().int().min(1).max(6).default(T.depth).describe('CNN encoder levels (2×2 max-pools)'),
      filters: z.number().int().min(1).default(T.filters).describe('filters at the top level, doubling per level'),
      embedDim: z.number().int().min(1).default(T.embedDim).describe('token dimension D, divisible by heads'),
      heads: z.number().int().min(1).default(T.heads).describe('attention heads'),
      blocks: z.number().int().min(0).default(T.blocks).describe('transformer blocks'),
      mlpRatio: z.number().int().min(1).default(T.mlpRatio).describe('MLP hidden size = mlpRatio·D'),
      norm: z.enum(['batch', 'group', 'none']).default(T.norm).describe('norm of the CNN convs'),
      groups: z.number().int().min(1).default(T.groups).describe("channel groups of 'group' norm"),
    })
    .strict(),
  requires: { divisibleBy: (o) => 2 ** o.depth },
  deepSupervision: 'none',
  create: transunet,
  paramCount: countParamsBy(transunet),
});
