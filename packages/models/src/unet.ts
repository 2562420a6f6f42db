import { assertDivisible } from '@seg/core';
import * as tf from '@tensorflow/tfjs';
import { type BlockOptions, doubleConv, downsample, logitsHead, upsample } from './blocks.js';
import { layerSeeds } from './seeds.js';
import { resolveUNetConfig, type UNetConfig } from './unet-config.js';

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
 * Depth 4, 16 filters, 1 input channel, 2 classes, no norm: 1 940 834 parameters; batch norm: 1 945 250.
 */
export function unet(config: UNetConfig): tf.LayersModel {
  const { inputShape, numClasses, depth, filters, norm, groups, dropout, upsampling, seed } = resolveUNetConfig(config);
  const [h, w, c] = inputShape;
  assertDivisible([h, w], 2 ** depth, 'unet', 'inputShape');
  const seeds = layerSeeds(seed);
  const options: BlockOptions = { norm, groups, seeds };
  const input = tf.input({ shape: [h, w, c], name: 'image' });

  let x = input;
  const skips: tf.SymbolicTensor[] = [];
  for (let i = 0; i < depth; i++) {
    x = doubleConv(x, filters * 2 ** i, `enc${i}`, options);
    skips.push(x);
    x = downsample(x, `enc${i}`);
  }
  x = doubleConv(x, filters * 2 ** depth, 'bottleneck', options);
  if (dropout > 0) x = tf.layers.dropout({ rate: dropout, name: 'bottleneck_dropout' }).apply(x) as tf.SymbolicTensor;
  for (let i = depth - 1; i >= 0; i--) {
    const up = upsample(x, filters * 2 ** i, `dec${i}`, upsampling, seeds);
    x = tf.layers.concatenate({ axis: -1, name: `dec${i}_concat` }).apply([skips[i], up]) as tf.SymbolicTensor;
    x = doubleConv(x, filters * 2 ** i, `dec${i}`, options);
  }
  return tf.model({ inputs: input, outputs: logitsHead(x, numClasses, seeds), name: 'unet' });
}
