import { assertDivisible } from '@seg/core';
import * as tf from '@tensorflow/tfjs';
import { type BlockOptions, doubleConv, logitsHead, unetEncoder, upsample } from './blocks.js';
import { defineModel } from './model-entry.js';
import { glorotUniformFor, type LayerSeeds, layerSeeds } from './seeds.js';
import {
  type ResolvedUNetConfig,
  resolveUNetConfig,
  UNET_DEFAULTS,
  type UNetConfig,
  unetOptionsSchema,
  unetParamCount,
} from './unet-config.js';

type Sym = tf.SymbolicTensor;

/**
 * Transforms the encoder feature `skip` of decoder level `level` before the concatenation, given the decoder's
 * up-sampled features `up` (same H×W as `skip`). U-Net passes the skip unchanged; Attention U-Net gates it.
 */
export type SkipGate = (skip: Sym, up: Sym, level: number, seeds: LayerSeeds) => Sym;

/**
 * U-Net (Ronneberger, Fischer & Brox, MICCAI 2015) with 'same' padding, so the output has the input's H×W:
 * per level two 3×3 conv + norm + ReLU, 2×2 max-pool down; a bottleneck double conv with filters·2^depth channels
 * (then dropout when > 0); per level up-sampling to the level's filters, concatenation with the encoder feature of
 * that level (skip first), two 3×3 conv + norm + ReLU; a 1×1 conv to `numClasses` logits (no softmax).
 *
 * Layers: `image` → `enc{i}_conv{1,2}`/`_norm`/`_relu`, `enc{i}_pool` → `bottleneck_*` → `dec{i}_up`, `dec{i}_concat`,
 * `dec{i}_conv{1,2}`… → `logits`. Kernels are He-normal (the logits Glorot-uniform) with per-layer seeds derived from
 * `seed`; biases and norm parameters start at 0/1. Dropout masks are not seeded (tfjs reuses a fixed seed per call).
 *
 * `deepSupervision: true` (nnU-Net, Isensee et al. 2021; Lee et al. 2015 "deeply-supervised nets") adds a 1×1 conv
 * head `dec{i}_logits` on every coarser decoder level i = 1…depth−1, left at its native size H/2^i × W/2^i as nnU-Net
 * does (its loss compares them with nearest-down-sampled labels, weights ∝ 1/2^i). The model's outputs are then
 * `[logits, dec1_logits, …, dec{depth−1}_logits]`, finest first; outputs[0] is the prediction.
 *
 * Depth 4, 16 filters, 1 input channel, 2 classes, no norm: 1 940 834 parameters; batch norm: 1 945 250.
 */
export function unet(config: UNetConfig): tf.LayersModel {
  const resolved = resolveUNetConfig(config);
  assertDivisible([resolved.inputShape[0], resolved.inputShape[1]], 2 ** resolved.depth, 'unet', 'inputShape');
  return unetGraph(resolved, 'unet');
}

/**
 * Builds the U-Net graph of a resolved, size-checked config, with an optional gate on the skip connections.
 * Shared by {@link unet} and `attentionUnet`.
 */
export function unetGraph(config: ResolvedUNetConfig, name: string, gate?: SkipGate): tf.LayersModel {
  const { inputShape, numClasses, depth, filters, norm, groups, dropout, upsampling, seed, deepSupervision } = config;
  const seeds = layerSeeds(seed);
  const options: BlockOptions = { norm, groups, seeds };
  const input = tf.input({ shape: [...inputShape], name: 'image' });

  const encoded = unetEncoder(input, depth, filters, options);
  const skips = encoded.skips;
  let x = encoded.x;
  x = doubleConv(x, filters * 2 ** depth, 'bottleneck', options);
  if (dropout > 0) x = tf.layers.dropout({ rate: dropout, name: 'bottleneck_dropout' }).apply(x) as Sym;
  const aux: Sym[] = [];
  for (let i = depth - 1; i >= 0; i--) {
    const up = upsample(x, filters * 2 ** i, `dec${i}`, upsampling, seeds);
    const skip = gate ? gate(skips[i], up, i, seeds) : skips[i];
    x = tf.layers.concatenate({ axis: -1, name: `dec${i}_concat` }).apply([skip, up]) as Sym;
    x = doubleConv(x, filters * 2 ** i, `dec${i}`, options);
    if (deepSupervision && i > 0) aux.unshift(conv1x1Head(x, numClasses, `dec${i}_logits`, seeds));
  }
  const logits = logitsHead(x, numClasses, seeds);
  return tf.model({ inputs: input, outputs: aux.length > 0 ? [logits, ...aux] : logits, name });
}

/** A 1×1 convolution (with bias, Glorot-uniform kernel seeded by `name`) to `numClasses` logits. */
export function conv1x1Head(x: Sym, numClasses: number, name: string, seeds: LayerSeeds): Sym {
  const kernelInitializer = glorotUniformFor(seeds, name);
  return tf.layers.conv2d({ filters: numClasses, kernelSize: 1, kernelInitializer, name }).apply(x) as Sym;
}

/** Registry entry of {@link unet}. */
export const unetEntry = defineModel({
  name: 'unet',
  description: 'U-Net: 3×3 conv+norm+ReLU pairs, max-pool down, transposed-conv or nearest up, skip concatenation',
  options: unetOptionsSchema(UNET_DEFAULTS),
  requires: { divisibleBy: (o) => 2 ** o.depth },
  deepSupervision: 'nnunet',
  create: unet,
  paramCount: unetParamCount,
});
