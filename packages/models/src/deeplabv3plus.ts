/**
 * DeepLabV3+ (Chen, Zhu, Papandreou, Schroff & Adam, "Encoder-Decoder with Atrous Separable Convolution",
 * ECCV 2018), scaled down:
 *
 * - backbone: {@link xceptionBackbone} (aligned Xception, default) or {@link resnetBackbone}, output stride 16 (default) or 8;
 * - ASPP (DeepLabV3, §3.3): 1×1 conv, three 3×3 atrous convs (rates r₁, r₂, r₃), and image pooling
 *   (global average → 1×1 conv → bilinear back), each `asppChannels` + norm + ReLU, concatenated, 1×1 projection;
 * - decoder: bilinear ×OS/4 to the stride-4 low-level features, reduced by a 1×1 conv to `lowLevelChannels`
 *   (paper 48), concatenation, two 3×3 convs (`decoderChannels`), 1×1 classifier, bilinear ×4 to the input size.
 *
 * Atrous rates: the paper's [6, 12, 18] at OS 16 are for 513² crops (a 33² feature map). For the small images here
 * they would look almost entirely into the zero padding, so by default they are scaled with the feature size:
 * rᵢ = max(1, round(r_paperᵢ · min(H, W) / OS / 33)) — at 128², OS 16: [1, 3, 4]; at 256²: [3, 6, 9]. Pass
 * `atrousRates` to fix them. Dilated convs use {@link AtrousConv2D} (tfjs has no dilated-conv gradient).
 *
 * Layer names: backbone `xception_*`/`resnet_*`, `aspp_1x1`, `aspp_r{i}`, `aspp_pool`/`_conv`/`_up`, `aspp_concat`,
 * `aspp_proj`, `dec_up`, `dec_low`, `dec_concat`, `dec_conv{1,2}`, `logits`, `logits_up`.
 */
import { assertDivisible } from '@seg/core';
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { type ConvOptions, convNorm, type Sym } from './backbones/common.js';
import { commonProblems, intListProblem, intProblem, oneOfProblem, resolveConfig } from './backbones/config.js';
import { resnetBackbone } from './backbones/resnet.js';
import { xceptionBackbone } from './backbones/xception.js';
import { AdaptiveAvgPool2D } from './layers/adaptive-avg-pool.js';
import { ResizeBilinear } from './layers/resize-bilinear.js';
import { countParamsBy, defineModel } from './model-entry.js';
import { glorotUniformFor, layerSeeds } from './seeds.js';
import type { NormKind } from './unet-config.js';

export type DeepLabBackbone = 'xception' | 'resnet';

export interface DeepLabV3PlusConfig {
  /** [height, width, channels]; height and width divisible by outputStride. */
  inputShape: readonly [number, number, number];
  /** Output channels (logits, background included); ≥ 2. */
  numClasses: number;
  /** Default 'xception' (paper). */
  backbone?: DeepLabBackbone;
  /** Backbone base width. Default 8 (xception) / 16 (resnet). */
  width?: number;
  /** ResNet basic blocks per stage (backbone 'resnet'). Default [2, 2, 2, 2]. */
  blocks?: readonly number[];
  /** Xception middle-flow blocks (backbone 'xception'). Default 2. */
  middleBlocks?: number;
  /** 16 (paper's training setting) or 8. Default 16. */
  outputStride?: 8 | 16;
  /** Three atrous rates of ASPP. Default: the paper's [6, 12, 18] scaled to the feature size (see above). */
  atrousRates?: readonly number[];
  /** Filters of each ASPP branch and the projection. Default 64. */
  asppChannels?: number;
  /** Filters of the reduced low-level features. Default 16. */
  lowLevelChannels?: number;
  /** Filters of the decoder 3×3 convs. Default 64. */
  decoderChannels?: number;
  /** Default 'batch'. */
  norm?: NormKind;
  /** Channel groups of 'group' norm. Default 8. */
  groups?: number;
  /** Initialiser seed (same seed → identical weights). Default 0. */
  seed?: number;
}

export const DEEPLAB_DEFAULTS = {
  backbone: 'xception',
  blocks: [2, 2, 2, 2],
  middleBlocks: 2,
  outputStride: 16,
  asppChannels: 64,
  lowLevelChannels: 16,
  decoderChannels: 64,
  norm: 'batch',
  groups: 8,
  seed: 0,
} as const;

const KEYS = ['inputShape', 'numClasses', 'width', 'atrousRates', ...Object.keys(DEEPLAB_DEFAULTS)];
export const PAPER_ATROUS_RATES = [6, 12, 18] as const;

/** The default atrous rates for an input size: max(1, round(r · min(H, W) / OS / 33)), r ∈ [6, 12, 18]. */
export function scaledAtrousRates(height: number, width: number, outputStride: number): number[] {
  return PAPER_ATROUS_RATES.map((r) => Math.max(1, Math.round((r * Math.min(height, width)) / outputStride / 33)));
}

export type ResolvedDeepLabV3PlusConfig = Required<DeepLabV3PlusConfig>;

/** Fills in the defaults (width by backbone, rates by input size) and validates (every problem at once). */
export function resolveDeepLabV3PlusConfig(config: DeepLabV3PlusConfig, fn = 'deeplabv3plus'): ResolvedDeepLabV3PlusConfig {
  const c = resolveConfig<DeepLabV3PlusConfig>(fn, 'DeepLabV3+', config, DEEPLAB_DEFAULTS, (c) => [
    ...commonProblems(c, KEYS),
    ...oneOfProblem(c, 'backbone', ['xception', 'resnet']),
    ...(c.width === undefined ? [] : intProblem(c, 'width', 1)),
    ...intListProblem(c, 'blocks', 1),
    ...intProblem(c, 'middleBlocks', 0),
    ...oneOfProblem(c, 'outputStride', [8, 16]),
    ...(c.atrousRates === undefined ? [] : intListProblem(c, 'atrousRates', 1)),
    ...intProblem(c, 'asppChannels', 1),
    ...intProblem(c, 'lowLevelChannels', 1),
    ...intProblem(c, 'decoderChannels', 1),
  ]);
  const [h, w] = c.inputShape;
  const width = c.width ?? (c.backbone === 'resnet' ? 16 : 8);
  const atrousRates = c.atrousRates ?? scaledAtrousRates(h, w, c.outputStride as number);
  return { ...c, width, atrousRates } as ResolvedDeepLabV3PlusConfig;
}

/** Atrous spatial pyramid pooling on the backbone features. */
function aspp(x: Sym, rates: readonly number[], filters: number, options: ConvOptions): Sym {
  const [fh, fw] = x.shape.slice(1, 3) as number[];
  const branches = [
    convNorm(x, { filters, kernelSize: 1 }, 'aspp_1x1', options),
    ...rates.map((dilation, i) => convNorm(x, { filters, dilation }, `aspp_r${i + 1}`, options)),
  ];
  const pooled = new AdaptiveAvgPool2D({ bins: 1, name: 'aspp_pool' }).apply(x) as Sym;
  const reduced = convNorm(pooled, { filters, kernelSize: 1 }, 'aspp_pool_conv', options);
  branches.push(new ResizeBilinear({ size: [fh, fw], name: 'aspp_pool_up' }).apply(reduced) as Sym);
  const all = tf.layers.concatenate({ axis: -1, name: 'aspp_concat' }).apply(branches) as Sym;
  return convNorm(all, { filters, kernelSize: 1 }, 'aspp_proj', options);
}

/** Builds DeepLabV3+ (logits [N, H, W, numClasses]); see the module docstring. */
export function deeplabv3plus(config: DeepLabV3PlusConfig): tf.LayersModel {
  const r = resolveDeepLabV3PlusConfig(config);
  const [h, w, c] = r.inputShape;
  assertDivisible(
    [h, w],
    r.outputStride,
    'deeplabv3plus',
    'inputShape',
    `Crop or pad to a multiple of the output stride ${r.outputStride}`,
  );
  const seeds = layerSeeds(r.seed);
  const options: ConvOptions = { norm: r.norm, groups: r.groups, seeds };
  const input = tf.input({ shape: [h, w, c], name: 'image' });
  const { features, lowLevel } =
    r.backbone === 'resnet'
      ? resnetBackbone(input, { ...options, blocks: r.blocks, width: r.width, outputStride: r.outputStride })
      : xceptionBackbone(input, { ...options, width: r.width, middleBlocks: r.middleBlocks, outputStride: r.outputStride });
  const context = aspp(features, r.atrousRates, r.asppChannels, options);
  const up = new ResizeBilinear({ size: [h / 4, w / 4], name: 'dec_up' }).apply(context) as Sym;
  const low = convNorm(lowLevel, { filters: r.lowLevelChannels, kernelSize: 1 }, 'dec_low', options);
  let y = tf.layers.concatenate({ axis: -1, name: 'dec_concat' }).apply([up, low]) as Sym;
  y = convNorm(y, { filters: r.decoderChannels }, 'dec_conv1', options);
  y = convNorm(y, { filters: r.decoderChannels }, 'dec_conv2', options);
  const logits = tf.layers
    .conv2d({ filters: r.numClasses, kernelSize: 1, kernelInitializer: glorotUniformFor(seeds, 'logits'), name: 'logits' })
    .apply(y) as Sym;
  const output = new ResizeBilinear({ size: [h, w], name: 'logits_up' }).apply(logits) as Sym;
  return tf.model({ inputs: input, outputs: output, name: 'deeplabv3plus' });
}

const L = DEEPLAB_DEFAULTS;

/** Registry entry of {@link deeplabv3plus}. */
export const deeplabv3plusEntry = defineModel({
  name: 'deeplabv3plus',
  description: 'DeepLabV3+: aligned-Xception or ResNet backbone, ASPP (atrous + image pooling), low-level decoder (Chen et al.)',
  options: z
    .object({
      backbone: z.enum(['xception', 'resnet']).default(L.backbone).describe('encoder backbone'),
      width: z.number().int().min(1).optional().describe('backbone base width (default 8 xception, 16 resnet)'),
      blocks: z
        .array(z.number().int().min(1))
        .min(1)
        .default([...L.blocks])
        .describe("ResNet blocks per stage ('resnet')"),
      middleBlocks: z.number().int().min(0).default(L.middleBlocks).describe("Xception middle-flow blocks ('xception')"),
      outputStride: z
        .union([z.literal(8), z.literal(16)])
        .default(L.outputStride)
        .describe('16 (paper) or 8'),
      atrousRates: z.array(z.number().int().min(1)).min(1).optional().describe('ASPP rates (default: paper 6, 12, 18 scaled)'),
      asppChannels: z.number().int().min(1).default(L.asppChannels).describe('filters of each ASPP branch'),
      lowLevelChannels: z.number().int().min(1).default(L.lowLevelChannels).describe('filters of the low-level features'),
      decoderChannels: z.number().int().min(1).default(L.decoderChannels).describe('filters of the decoder 3×3 convs'),
      norm: z.enum(['batch', 'group', 'none']).default(L.norm).describe('normalization layers'),
      groups: z.number().int().min(1).default(L.groups).describe("channel groups of 'group' norm"),
    })
    .strict(),
  requires: { divisibleBy: (o) => o.outputStride },
  deepSupervision: 'none',
  create: deeplabv3plus,
  paramCount: countParamsBy(deeplabv3plus),
});
