/**
 * PSPNet (Zhao, Shi, Qi, Wang & Jia, "Pyramid Scene Parsing Network", CVPR 2017) with a small dilated ResNet:
 *
 * - backbone: {@link resnetBackbone} (basic blocks, output stride 8 by default: the last stages dilated);
 * - pyramid pooling module: per bin b ∈ `bins` (default 1, 2, 3, 6), {@link AdaptiveAvgPool2D} to b×b → 1×1 conv to
 *   C/|bins| channels + norm + ReLU → {@link ResizeBilinear} back to the feature size; concatenated with the features;
 * - 3×3 conv (`headChannels`) + norm + ReLU → 1×1 classifier → bilinear ×OS to the input size (align_corners false).
 *
 * The paper's auxiliary loss and dropout are left out. With batch norm, the 1×1 pooled branch needs batch size > 1 in
 * training (as in PyTorch). Layer names: `resnet_*`, `ppm{b}_pool`/`_conv`/`_up`, `ppm_concat`, `head_conv`, `logits`,
 * `logits_up`.
 */
import { assertDivisible, SegInputError } from '@seg/core';
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { type ConvOptions, convNorm, type Sym } from './backbones/common.js';
import { commonProblems, intListProblem, intProblem, oneOfProblem, resolveConfig } from './backbones/config.js';
import { RESNET_DEFAULTS, resnetBackbone } from './backbones/resnet.js';
import { AdaptiveAvgPool2D } from './layers/adaptive-avg-pool.js';
import { ResizeBilinear } from './layers/resize-bilinear.js';
import { countParamsBy, defineModel } from './model-entry.js';
import { glorotUniformFor, layerSeeds } from './seeds.js';
import type { NormKind } from './unet-config.js';

export interface PSPNetConfig {
  /** [height, width, channels]; height and width divisible by outputStride, H/OS and W/OS ≥ the largest bin. */
  inputShape: readonly [number, number, number];
  /** Output channels (logits, background included); ≥ 2. */
  numClasses: number;
  /** ResNet basic blocks per stage. Default [2, 2, 2, 2]. */
  blocks?: readonly number[];
  /** ResNet base width (stages: width·1, 2, 4, 8). Default 16. */
  width?: number;
  /** 8 (paper) or 16. Default 8. */
  outputStride?: 8 | 16;
  /** Pyramid bins. Default [1, 2, 3, 6] (paper). */
  bins?: readonly number[];
  /** Filters of the 3×3 head conv. Default 64. */
  headChannels?: number;
  /** Default 'batch'. */
  norm?: NormKind;
  /** Channel groups of 'group' norm. Default 8. */
  groups?: number;
  /** Initialiser seed (same seed → identical weights). Default 0. */
  seed?: number;
}

export type ResolvedPSPNetConfig = Required<PSPNetConfig>;

export const PSPNET_DEFAULTS = { ...RESNET_DEFAULTS, bins: [1, 2, 3, 6], headChannels: 64, norm: 'batch', groups: 8, seed: 0 } as const;

const KEYS = ['inputShape', 'numClasses', ...Object.keys(PSPNET_DEFAULTS)];

/** Fills in the defaults and validates (every problem at once). */
export function resolvePSPNetConfig(config: PSPNetConfig, fn = 'pspnet'): ResolvedPSPNetConfig {
  return resolveConfig(fn, 'PSPNet', config, PSPNET_DEFAULTS, (c) => [
    ...commonProblems(c, KEYS),
    ...intListProblem(c, 'blocks', 1),
    ...intProblem(c, 'width', 1),
    ...oneOfProblem(c, 'outputStride', [8, 16]),
    ...intListProblem(c, 'bins', 1),
    ...intProblem(c, 'headChannels', 1),
  ]);
}

/** Pyramid pooling module on `x` at feature size [fh, fw]. */
function pyramidPooling(x: Sym, bins: readonly number[], options: ConvOptions): Sym {
  const [fh, fw, channels] = x.shape.slice(1) as number[];
  const branchChannels = Math.max(1, Math.floor(channels / bins.length));
  const branches = bins.map((b) => {
    const pooled = new AdaptiveAvgPool2D({ bins: b, name: `ppm${b}_pool` }).apply(x) as Sym;
    const reduced = convNorm(pooled, { filters: branchChannels, kernelSize: 1 }, `ppm${b}_conv`, options);
    return new ResizeBilinear({ size: [fh, fw], name: `ppm${b}_up` }).apply(reduced) as Sym;
  });
  return tf.layers.concatenate({ axis: -1, name: 'ppm_concat' }).apply([x, ...branches]) as Sym;
}

/** Builds PSPNet (logits [N, H, W, numClasses]); see the module docstring. */
export function pspnet(config: PSPNetConfig): tf.LayersModel {
  const { inputShape, numClasses, blocks, width, outputStride, bins, headChannels, norm, groups, seed } = resolvePSPNetConfig(config);
  const [h, w, c] = inputShape;
  assertDivisible([h, w], outputStride, 'pspnet', 'inputShape', `Crop or pad to a multiple of the output stride ${outputStride}`);
  const largest = Math.max(...bins);
  if (Math.min(h, w) / outputStride < largest) {
    throw new SegInputError({
      fn: 'pspnet',
      arg: 'inputShape',
      expected: `height and width ≥ ${largest * outputStride} (largest bin ${largest} × output stride ${outputStride})`,
      got: `${h}×${w}`,
      hint: `Use a larger input, or bins no larger than ${Math.floor(Math.min(h, w) / outputStride)} (CLI: --model-opt bins=[1,2])${outputStride === 16 ? ', or outputStride 8' : ''}`,
    });
  }
  const seeds = layerSeeds(seed);
  const options: ConvOptions = { norm, groups, seeds };
  const input = tf.input({ shape: [h, w, c], name: 'image' });
  const { features } = resnetBackbone(input, { ...options, blocks, width, outputStride });
  const head = convNorm(pyramidPooling(features, bins, options), { filters: headChannels }, 'head_conv', options);
  const logits = tf.layers
    .conv2d({ filters: numClasses, kernelSize: 1, kernelInitializer: glorotUniformFor(seeds, 'logits'), name: 'logits' })
    .apply(head) as Sym;
  const output = new ResizeBilinear({ size: [h, w], name: 'logits_up' }).apply(logits) as Sym;
  return tf.model({ inputs: input, outputs: output, name: 'pspnet' });
}

const P = PSPNET_DEFAULTS;
const ints = (min: number) => z.array(z.number().int().min(min)).min(1);

/** Registry entry of {@link pspnet}. */
export const pspnetEntry = defineModel({
  name: 'pspnet',
  description: 'PSPNet: dilated ResNet (basic blocks, OS 8) + pyramid pooling (1, 2, 3, 6 bins), bilinear up (Zhao et al.)',
  options: z
    .object({
      blocks: ints(1)
        .default([...P.blocks])
        .describe('ResNet basic blocks per stage'),
      width: z.number().int().min(1).default(P.width).describe('ResNet base width (stages ×1, 2, 4, 8)'),
      outputStride: z
        .union([z.literal(8), z.literal(16)])
        .default(P.outputStride)
        .describe('8 (paper) or 16'),
      bins: ints(1)
        .default([...P.bins])
        .describe('pyramid pooling grid sizes'),
      headChannels: z.number().int().min(1).default(P.headChannels).describe('filters of the 3×3 head conv'),
      norm: z.enum(['batch', 'group', 'none']).default(P.norm).describe('normalization layers'),
      groups: z.number().int().min(1).default(P.groups).describe("channel groups of 'group' norm"),
    })
    .strict(),
  requires: { divisibleBy: (o) => o.outputStride, minSize: (o) => o.outputStride * Math.max(...o.bins) },
  deepSupervision: 'none',
  create: pspnet,
  paramCount: countParamsBy(pspnet),
});
