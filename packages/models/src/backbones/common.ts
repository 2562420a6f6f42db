/**
 * Shared pieces of the backbones: conv (+ optional dilation) → norm → optional ReLU, with per-layer seeded He-normal
 * kernels. Dilated convolutions use {@link AtrousConv2D} (tfjs has no gradient for dilated `conv2d`).
 */
import * as tf from '@tensorflow/tfjs';
import { GroupNormalization } from '../group-normalization.js';
import { AtrousConv2D } from '../layers/atrous-conv.js';
import { heNormalFor, type LayerSeeds } from '../seeds.js';
import type { NormKind } from '../unet-config.js';

export type Sym = tf.SymbolicTensor;

export interface ConvOptions {
  norm: NormKind;
  /** Channel groups of 'group' norm (capped at gcd(groups, channels)). */
  groups: number;
  seeds: LayerSeeds;
}

/** What a backbone hands to a segmentation head. */
export interface BackboneFeatures {
  /** Deepest features, at stride `outputStride`. */
  features: Sym;
  /** Stride-4 features (DeepLabV3+'s low-level skip). */
  lowLevel: Sym;
  /** The stride of `features`: 8 or 16. */
  outputStride: number;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** Batch norm (PyTorch defaults: momentum 0.1 there = 0.9 here, ε = 1e-5), group norm, or nothing. */
export function norm(x: Sym, options: ConvOptions, name: string): Sym {
  const channels = x.shape[x.shape.length - 1] as number;
  if (options.norm === 'batch') return tf.layers.batchNormalization({ axis: -1, momentum: 0.9, epsilon: 1e-5, name }).apply(x) as Sym;
  if (options.norm === 'group') return new GroupNormalization({ groups: gcd(options.groups, channels), name }).apply(x) as Sym;
  return x;
}

export function relu(x: Sym, name: string): Sym {
  return tf.layers.reLU({ name }).apply(x) as Sym;
}

export interface ConvSpec {
  filters: number;
  kernelSize?: number;
  strides?: number;
  dilation?: number;
  /** Apply ReLU after the norm. Default true. */
  activation?: boolean;
}

/**
 * `<name>` conv (bias only without norm) → `<name>_norm` → `<name>_relu`. Strided convs are never dilated
 * (the backbones trade the last strides for dilation).
 */
export function convNorm(x: Sym, spec: ConvSpec, name: string, options: ConvOptions): Sym {
  const { filters, kernelSize = 3, strides = 1, dilation = 1, activation = true } = spec;
  const useBias = options.norm === 'none';
  const layer =
    dilation > 1
      ? new AtrousConv2D({ filters, kernelSize, dilation, useBias, seed: options.seeds(name), name })
      : tf.layers.conv2d({
          filters,
          kernelSize,
          strides,
          padding: 'same',
          useBias,
          kernelInitializer: heNormalFor(options.seeds, name),
          name,
        });
  const y = norm(layer.apply(x) as Sym, options, `${name}_norm`);
  return activation ? relu(y, `${name}_relu`) : y;
}

/**
 * Depthwise-separable conv: 3×3 depthwise (`<name>_dw`, strided or dilated; an {@link AtrousConv2D}, which has a gradient
 * on wasm unlike tfjs's depthwiseConv2d) → 1×1 pointwise `<name>` → norm → ReLU.
 */
export function separableConv(x: Sym, spec: ConvSpec, name: string, options: ConvOptions): Sym {
  const { strides = 1, dilation = 1 } = spec;
  const dwName = `${name}_dw`;
  const dw = new AtrousConv2D({ kind: 'depthwise', strides, dilation, seed: options.seeds(dwName), name: dwName });
  return convNorm(dw.apply(x) as Sym, { ...spec, kernelSize: 1, strides: 1, dilation: 1 }, name, options);
}

/** Per stage: stride 2 while the running stride is below `outputStride`, then dilation doubling instead. */
export function stridePlan(stages: number, startStride: number, outputStride: number): { strides: number; dilation: number }[] {
  const plan: { strides: number; dilation: number }[] = [];
  let [stride, dilation] = [startStride, 1];
  for (let s = 0; s < stages; s++) {
    if (stride < outputStride) {
      stride *= 2;
      plan.push({ strides: 2, dilation: 1 });
    } else {
      dilation *= 2;
      plan.push({ strides: 1, dilation });
    }
  }
  return plan;
}
