/**
 * U-Net building blocks on symbolic tensors. Layer names are `<prefix>_<role><index>` (e.g. `enc1_conv2`,
 * `enc1_norm2`, `enc1_relu2`, `dec0_up`), stable across builds so weights, logs and summaries are readable.
 */
import * as tf from '@tensorflow/tfjs';
import { GroupNormalization } from './group-normalization.js';
import { glorotUniformFor, heNormalFor, type LayerSeeds } from './seeds.js';
import type { NormKind, UpsamplingKind } from './unet-config.js';

export interface BlockOptions {
  norm: NormKind;
  groups: number;
  seeds: LayerSeeds;
}

type Sym = tf.SymbolicTensor;

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

function normLayer(kind: NormKind, channels: number, groups: number, name: string): tf.layers.Layer | undefined {
  // Batch norm with PyTorch's defaults (momentum 0.1 there = 0.9 here, ε = 1e-5).
  if (kind === 'batch') return tf.layers.batchNormalization({ axis: -1, momentum: 0.9, epsilon: 1e-5, name });
  if (kind === 'group') return new GroupNormalization({ groups: gcd(groups, channels), name });
  return undefined;
}

/** 3×3 'same' convolution → norm → ReLU. The convolution has a bias only without norm (the norm's β replaces it). */
export function convNormRelu(x: Sym, filters: number, prefix: string, index: number, options: BlockOptions): Sym {
  const { norm, groups, seeds } = options;
  const convName = `${prefix}_conv${index}`;
  let y = tf.layers
    .conv2d({
      filters,
      kernelSize: 3,
      padding: 'same',
      useBias: norm === 'none',
      kernelInitializer: heNormalFor(seeds, convName),
      name: convName,
    })
    .apply(x) as Sym;
  const n = normLayer(norm, filters, groups, `${prefix}_norm${index}`);
  if (n) y = n.apply(y) as Sym;
  return tf.layers.reLU({ name: `${prefix}_relu${index}` }).apply(y) as Sym;
}

/** The U-Net double convolution: two {@link convNormRelu}. */
export function doubleConv(x: Sym, filters: number, prefix: string, options: BlockOptions): Sym {
  return convNormRelu(convNormRelu(x, filters, prefix, 1, options), filters, prefix, 2, options);
}

/**
 * The U-Net contracting path: at each of `depth` levels a double convolution with `filters·2^i` channels (its output
 * is the level's skip, `enc{i}_…`) then 2×2 max-pooling. Returns the pooled output of the last level and the skips,
 * finest first. Shared by every U-Net-shaped builder, so layer names (and seeded weights) agree between them.
 */
export function unetEncoder(input: Sym, depth: number, filters: number, options: BlockOptions): { x: Sym; skips: Sym[] } {
  let x = input;
  const skips: Sym[] = [];
  for (let i = 0; i < depth; i++) {
    x = doubleConv(x, filters * 2 ** i, `enc${i}`, options);
    skips.push(x);
    x = downsample(x, `enc${i}`);
  }
  return { x, skips };
}

/** 2×2 max pooling, stride 2. */
export function downsample(x: Sym, prefix: string): Sym {
  return tf.layers.maxPooling2d({ poolSize: 2, strides: 2, name: `${prefix}_pool` }).apply(x) as Sym;
}

/** ×2 up-sampling to `filters` channels: 2×2 stride-2 transposed conv, or nearest ×2 then a 3×3 conv (no activation). */
export function upsample(x: Sym, filters: number, prefix: string, kind: UpsamplingKind, seeds: LayerSeeds): Sym {
  const name = `${prefix}_up`;
  const kernelInitializer = heNormalFor(seeds, name);
  if (kind === 'transpose') {
    return tf.layers.conv2dTranspose({ filters, kernelSize: 2, strides: 2, padding: 'same', kernelInitializer, name }).apply(x) as Sym;
  }
  const up = tf.layers.upSampling2d({ size: [2, 2], interpolation: 'nearest', name: `${prefix}_upsample` }).apply(x) as Sym;
  return tf.layers.conv2d({ filters, kernelSize: 3, padding: 'same', kernelInitializer, name }).apply(up) as Sym;
}

/** 1×1 convolution to `numClasses` logits, no activation. */
export function logitsHead(x: Sym, numClasses: number, seeds: LayerSeeds): Sym {
  return tf.layers
    .conv2d({ filters: numClasses, kernelSize: 1, kernelInitializer: glorotUniformFor(seeds, 'logits'), name: 'logits' })
    .apply(x) as Sym;
}
