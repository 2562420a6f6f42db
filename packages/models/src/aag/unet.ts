import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { type BlockOptions, doubleConv, logitsHead, unetEncoder, upsample } from '../blocks.js';
import { defineModel } from '../model-entry.js';
import { glorotUniformFor, type LayerSeeds, layerSeeds } from '../seeds.js';
import { ForegroundAttention } from './foreground-attention.js';
import { AAG_UNET_DEFAULTS, type AagUNetConfig, aagUNetParamCount, resolveAagUNetConfig } from './unet-config.js';

type Sym = tf.SymbolicTensor;

/** The two views of one AAG-UNet: they share every layer, so training `model` trains `inference`. */
export interface AagUNet {
  /** Outputs `[logits [N,H,W,K], ỹ¹ [N,H/2,W/2,K], …, ỹ^{depth−1} [N,H/2^{depth−1},W/2^{depth−1},K]]`, fine → coarse. */
  model: tf.LayersModel;
  /** Outputs the logits only; holds every weight of `model`, so saving it saves the whole segmentor. */
  inference: tf.LayersModel;
}

/** 1×1 conv to K channels → softmax: ỹ at decoder level i (`dec{i}_classifier`, `dec{i}_probs`). */
function gateClassifier(m: Sym, numClasses: number, prefix: string, seeds: LayerSeeds): Sym {
  const name = `${prefix}_classifier`;
  const kernelInitializer = glorotUniformFor(seeds, name);
  const z = tf.layers.conv2d({ filters: numClasses, kernelSize: 1, kernelInitializer, name }).apply(m) as Sym;
  return tf.layers.softmax({ axis: -1, name: `${prefix}_probs` }).apply(z) as Sym;
}

/**
 * AAG-UNet: the segmentor Σ of Valvano, Leo & Tsaftaris, "Learning to segment from scribbles using multi-scale
 * adversarial attention gates" (IEEE TMI 2021, Sec. III-B, Fig. 2). The encoder and bottleneck are the U-Net's
 * ({@link unet}: two 3×3 conv + norm + ReLU per level, 2×2 max pooling). Decoder level i = depth−1 … 0:
 *
 *   nearest ×2 → 3×3 conv (`dec{i}_up`) → concat with the skip → two 3×3 conv + norm + ReLU → M⁽ⁱ⁾
 *   ỹ⁽ⁱ⁾ = softmax(1×1 conv(M⁽ⁱ⁾))  (K classes),   a⁽ⁱ⁾ = Σ_{c≥1} ỹ⁽ⁱ⁾_c,   M⁽ⁱ⁾ ← M⁽ⁱ⁾ ⊙ a⁽ⁱ⁾  (`dec{i}_gate`)
 *
 * then a 1×1 conv to K logits at full resolution. Every level, the top one included, is gated (the paper: "for every
 * depth level d"; the authors' code gates the top level too but feeds the discriminator softmax(logits) there, as here).
 * The classifier reads M after both convolutions as the paper says (the authors' code reads it after the first).
 *
 * `attention: false` (ablation): the gates pass M through unchanged; levels ≥ 1 still emit ỹ (for the multi-scale
 * discriminator), and level 0 has no classifier. Outputs are ordered fine → coarse, the order {@link aagDiscriminator}
 * takes its inputs in after softmax of the logits ({@link segmentorPyramid}).
 */
export function aagUnet(config: AagUNetConfig): AagUNet {
  const { inputShape, numClasses, depth, filters, norm, groups, attention, seed } = resolveAagUNetConfig(config);
  const seeds = layerSeeds(seed);
  const options: BlockOptions = { norm, groups, seeds };
  const input = tf.input({ shape: [...inputShape], name: 'image' });

  const encoded = unetEncoder(input, depth, filters, options);
  const skips = encoded.skips;
  let x = encoded.x;
  x = doubleConv(x, filters * 2 ** depth, 'bottleneck', options);
  const coarse: Sym[] = [];
  for (let i = depth - 1; i >= 0; i--) {
    const up = upsample(x, filters * 2 ** i, `dec${i}`, 'nearest', seeds);
    x = tf.layers.concatenate({ axis: -1, name: `dec${i}_concat` }).apply([skips[i], up]) as Sym;
    x = doubleConv(x, filters * 2 ** i, `dec${i}`, options);
    if (!attention && i === 0) break;
    const probs = gateClassifier(x, numClasses, `dec${i}`, seeds);
    if (i > 0) coarse.unshift(probs);
    const mode = attention ? 'gate' : 'identity';
    x = new ForegroundAttention({ mode, name: `dec${i}_gate` }).apply([x, probs]) as Sym;
  }
  const logits = logitsHead(x, numClasses, seeds);
  const model = tf.model({ inputs: input, outputs: [logits, ...coarse], name: 'aag_unet' });
  const inference = tf.model({ inputs: input, outputs: logits, name: 'aag_unet_inference' });
  return { model, inference };
}

const D = AAG_UNET_DEFAULTS;

/** Registry entry of {@link aagUnet}: its extra outputs are probabilities for the discriminator, not supervised heads. */
export const aagUnetEntry = defineModel({
  name: 'aag-unet',
  description:
    'AAG-UNet: U-Net whose decoder levels classify (ỹ) and gate their features by the foreground probability; outputs [logits, ỹ…] (Valvano et al.)',
  options: z
    .object({
      depth: z.number().int().min(2).max(8).default(D.depth).describe('2×2 max-pool steps; depth − 1 coarse predictions ỹ'),
      filters: z.number().int().min(1).default(D.filters).describe('filters at the top level, doubling per level'),
      norm: z.enum(['batch', 'group', 'none']).default(D.norm).describe('normalization after every 3×3 conv'),
      groups: z.number().int().min(1).default(D.groups).describe("channel groups of 'group' norm"),
      attention: z.boolean().default(D.attention).describe('gate decoder features by the foreground probability'),
    })
    .strict(),
  requires: { divisibleBy: (o) => 2 ** o.depth },
  deepSupervision: 'none',
  create: (config: AagUNetConfig) => aagUnet(config).model,
  paramCount: aagUNetParamCount,
});
