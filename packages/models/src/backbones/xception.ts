/**
 * A scaled-down Xception backbone (Chollet, CVPR 2017) in DeepLabV3+'s "aligned" form (Chen et al., ECCV 2018, §3.2):
 * every max-pool replaced by a stride-2 depthwise-separable conv, norm + ReLU after every 3×3 depthwise + 1×1 pointwise.
 *
 * - entry flow: 3×3 conv stride 2 (`width`) → 3×3 conv (2·width) → three residual blocks of 3 separable convs with
 *   4·width, 8·width, 16·width filters, the last conv of each strided (stride 4, 8, 16); 1×1 strided projections.
 *   The first block's output (stride 4) is the low-level feature.
 * - middle flow: `middleBlocks` residual blocks of 3 separable convs at 16·width (paper: 16 blocks at 728).
 * - exit flow: a residual block (16·width, 24·width, 24·width) whose stride becomes dilation, then separable convs
 *   of 32·width and 32·width (paper: 1536, 1536, 2048).
 * Past `outputStride`, strides become dilation (OS 16: exit dilation 2; OS 8: entry block 3 and middle dilation 2,
 * exit 4), computed by {@link AtrousConv2D} in depthwise mode (tfjs has no gradient for dilated depthwiseConv2d).
 *
 * Layer names: `<prefix>_entry{1,2}`, `<prefix>_{entry,middle,exit}{i}_sep{j}` (+ `_dw`), `…_proj`, `…_add`,
 * `<prefix>_exit_sep{1,2}`.
 */
import * as tf from '@tensorflow/tfjs';
import { type BackboneFeatures, type ConvOptions, convNorm, type Sym, separableConv, stridePlan } from './common.js';

export interface XceptionOptions extends ConvOptions {
  /** Base filters (paper ≈ 32, scaled down). Default 8. */
  width?: number;
  /** Middle-flow blocks. Default 2. */
  middleBlocks?: number;
  /** Stride of the deepest features. Default 16 (DeepLabV3+'s training setting). */
  outputStride?: 8 | 16;
  /** Layer-name prefix. Default 'xception'. */
  prefix?: string;
}

export const XCEPTION_DEFAULTS = { width: 8, middleBlocks: 2, outputStride: 16 } as const;

function xceptionBlock(x: Sym, filters: readonly number[], strides: number, dilation: number, name: string, options: ConvOptions): Sym {
  const cin = x.shape[3] as number;
  let y = x;
  filters.forEach((f, j) => {
    const last = j === filters.length - 1;
    y = separableConv(y, { filters: f, strides: last ? strides : 1, dilation }, `${name}_sep${j + 1}`, options);
  });
  const out = filters[filters.length - 1];
  const shortcut =
    strides === 1 && cin === out ? x : convNorm(x, { filters: out, kernelSize: 1, strides, activation: false }, `${name}_proj`, options);
  return tf.layers.add({ name: `${name}_add` }).apply([y, shortcut]) as Sym;
}

/** Builds the backbone on `x` (input image); see the module docstring. */
export function xceptionBackbone(x: Sym, options: XceptionOptions): BackboneFeatures {
  const {
    width: w = XCEPTION_DEFAULTS.width,
    middleBlocks = XCEPTION_DEFAULTS.middleBlocks,
    outputStride = XCEPTION_DEFAULTS.outputStride,
    prefix = 'xception',
  } = options;
  let y = convNorm(x, { filters: w, strides: 2 }, `${prefix}_entry1`, options);
  y = convNorm(y, { filters: 2 * w }, `${prefix}_entry2`, options);
  // Four strided stages after the stride-2 stem: entry blocks 1–3 and the exit block.
  const plan = stridePlan(4, 2, outputStride);
  let lowLevel = y;
  [4 * w, 8 * w, 16 * w].forEach((f, i) => {
    y = xceptionBlock(y, [f, f, f], plan[i].strides, plan[i].dilation, `${prefix}_entry${i + 1}`, options);
    if (i === 0) lowLevel = y;
  });
  for (let m = 0; m < middleBlocks; m++)
    y = xceptionBlock(y, [16 * w, 16 * w, 16 * w], 1, plan[2].dilation, `${prefix}_middle${m + 1}`, options);
  const exit = plan[3];
  y = xceptionBlock(y, [16 * w, 24 * w, 24 * w], exit.strides, exit.dilation, `${prefix}_exit1`, options);
  y = separableConv(y, { filters: 32 * w, dilation: exit.dilation }, `${prefix}_exit_sep1`, options);
  y = separableConv(y, { filters: 32 * w, dilation: exit.dilation }, `${prefix}_exit_sep2`, options);
  return { features: y, lowLevel, outputStride };
}
