/**
 * A small ResNet backbone (He, Zhang, Ren & Sun, CVPR 2016) with basic blocks, dilated in the last stages for dense
 * prediction (Yu & Koltun 2016; Chen et al. DeepLab 2018; PSPNet):
 *
 * - stem: 3×3 conv, stride 2, `width` filters + norm + ReLU                         (stride 2)
 * - stage s = 0 … S−1 with `blocks[s]` basic blocks of width·2^min(s,3) filters; stage 0 has stride 2 (stride 4, the
 *   low-level features); later stages halve the resolution until `outputStride` is reached, after which each stage
 *   keeps the resolution and doubles the dilation instead (OS 8 with 4 stages: dilations 1, 1, 2, 4; OS 16: 1, 1, 1, 2).
 * - basic block: 3×3 conv (stride, dilation) + norm + ReLU → 3×3 conv (dilation) + norm, plus the shortcut (identity,
 *   or 1×1 conv with the stride + norm when the shape changes), then ReLU.
 *
 * Layer names: `<prefix>_stem`, `<prefix>_s{stage}b{block}_conv{1,2}`, `…_proj`, `…_add`, `…_out`.
 * Parameters per basic block cin→cout with batch norm: 9·cin·cout + 9·cout² + 2·4·cout (+ cin·cout + 4·cout projection).
 */
import * as tf from '@tensorflow/tfjs';
import { type BackboneFeatures, type ConvOptions, convNorm, relu, type Sym, stridePlan } from './common.js';

export interface ResNetOptions extends ConvOptions {
  /** Basic blocks per stage (≥ 2 stages for OS 8, ≥ 3 for OS 16). Default [2, 2, 2, 2]. */
  blocks?: readonly number[];
  /** Stem and first-stage filters, doubling per stage up to 8·width. Default 16. */
  width?: number;
  /** Stride of the deepest features. Default 8. */
  outputStride?: 8 | 16;
  /** Layer-name prefix. Default 'resnet'. */
  prefix?: string;
}

export const RESNET_DEFAULTS = { blocks: [2, 2, 2, 2], width: 16, outputStride: 8 } as const;

function basicBlock(x: Sym, filters: number, strides: number, dilation: number, name: string, options: ConvOptions): Sym {
  const cin = x.shape[3] as number;
  const y = convNorm(
    convNorm(x, { filters, strides, dilation }, `${name}_conv1`, options),
    { filters, dilation, activation: false },
    `${name}_conv2`,
    options,
  );
  const shortcut =
    strides === 1 && cin === filters ? x : convNorm(x, { filters, kernelSize: 1, strides, activation: false }, `${name}_proj`, options);
  return relu(tf.layers.add({ name: `${name}_add` }).apply([y, shortcut]) as Sym, `${name}_out`);
}

/** The stage widths of a ResNet backbone: width·2^min(s, 3). */
export function resnetWidths(stages: number, width: number): number[] {
  return Array.from({ length: stages }, (_, s) => width * 2 ** Math.min(s, 3));
}

/** Builds the backbone on `x` (input image); see the module docstring. */
export function resnetBackbone(x: Sym, options: ResNetOptions): BackboneFeatures {
  const {
    blocks = RESNET_DEFAULTS.blocks,
    width = RESNET_DEFAULTS.width,
    outputStride = RESNET_DEFAULTS.outputStride,
    prefix = 'resnet',
  } = options;
  const widths = resnetWidths(blocks.length, width);
  let y = convNorm(x, { filters: width, strides: 2 }, `${prefix}_stem`, options);
  let lowLevel = y;
  stridePlan(blocks.length, 2, outputStride).forEach(({ strides, dilation }, s) => {
    for (let b = 0; b < blocks[s]; b++) {
      y = basicBlock(y, widths[s], b === 0 ? strides : 1, dilation, `${prefix}_s${s}b${b}`, options);
    }
    if (s === 0) lowLevel = y;
  });
  return { features: y, lowLevel, outputStride };
}
