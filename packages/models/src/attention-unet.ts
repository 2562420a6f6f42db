/**
 * Attention U-Net (Oktay et al., "Attention U-Net: learning where to look for the pancreas", MIDL 2018,
 * arXiv:1804.03999): U-Net whose skip connections pass through additive attention gates. At decoder level i, with
 * the encoder feature x (f_i channels) and the gating signal g (f_i channels, same H×W):
 *
 *   q = ReLU(W_x x + W_g g + b_g),   α = σ(ψᵀ q + b_ψ) ∈ (0, 1)^{H×W×1},   x̂ = x ⊙ α
 *
 * with 1×1 convolutions W_x (f_i → F_int, no bias), W_g (f_i → F_int, bias), ψ (F_int → 1, bias) and
 * F_int = max(1, ⌊f_i / 2⌋); x̂ is then concatenated with the up-sampled decoder features as in U-Net.
 * The gating signal is the coarser decoder level after the decoder's own up-sampling (its output at the skip's
 * size), as MONAI's `AttentionUnet` does; the paper instead computes W_x at the coarse size with a stride-2 conv
 * and resamples α up — same gate, one resampling fewer here. The paper's extra 1×1 conv + BN on x̂ is omitted
 * (MONAI omits it too). Same config as {@link UNetConfig} (incl. `deepSupervision`, which the paper also used).
 */
import { assertDivisible } from '@seg/core';
import * as tf from '@tensorflow/tfjs';
import { ChannelBroadcastMultiply } from './channel-broadcast-multiply.js';
import { defineModel } from './model-entry.js';
import { glorotUniformFor, heNormalFor } from './seeds.js';
import type { SkipGate } from './unet.js';
import { unetGraph } from './unet.js';
import { resolveUNetConfig, UNET_DEFAULTS, type UNetConfig, unetOptionsSchema, unetParamCount } from './unet-config.js';

type Sym = tf.SymbolicTensor;

/** Channels of the attention gate's intermediate map at a level with `channels` features. */
export function attentionChannels(channels: number): number {
  return Math.max(1, Math.floor(channels / 2));
}

/** The additive attention gate: layers `dec{i}_att_theta`, `_phi`, `_add`, `_relu`, `_psi` (σ), `_gate`. */
export const attentionGate: SkipGate = (skip, up, level, seeds) => {
  const p = `dec${level}_att`;
  const channels = skip.shape[skip.shape.length - 1] as number;
  const inner = attentionChannels(channels);
  const conv = (name: string, filters: number, useBias: boolean, init: 'he' | 'glorot', activation?: 'sigmoid') =>
    tf.layers.conv2d({
      filters,
      kernelSize: 1,
      useBias,
      activation,
      kernelInitializer: init === 'he' ? heNormalFor(seeds, name) : glorotUniformFor(seeds, name),
      name,
    });
  const theta = conv(`${p}_theta`, inner, false, 'he').apply(skip) as Sym;
  const phi = conv(`${p}_phi`, inner, true, 'he').apply(up) as Sym;
  const sum = tf.layers.add({ name: `${p}_add` }).apply([theta, phi]) as Sym;
  const q = tf.layers.reLU({ name: `${p}_relu` }).apply(sum) as Sym;
  const alpha = conv(`${p}_psi`, 1, true, 'glorot', 'sigmoid').apply(q) as Sym;
  return new ChannelBroadcastMultiply({ name: `${p}_gate` }).apply([skip, alpha]) as Sym;
};

/**
 * Attention U-Net: {@link unet}'s layers (same names, same initial weights for the same seed) plus one attention
 * gate per decoder level; model name 'attention_unet'. H and W must be divisible by 2^depth.
 *
 * Depth 4, 16 filters, 1 input channel, 2 classes, batch norm: 1 945 250 + 22 004 = 1 967 254 parameters.
 */
export function attentionUnet(config: UNetConfig): tf.LayersModel {
  const resolved = resolveUNetConfig(config, 'attentionUnet');
  assertDivisible([resolved.inputShape[0], resolved.inputShape[1]], 2 ** resolved.depth, 'attentionUnet', 'inputShape');
  return unetGraph(resolved, 'attention_unet', attentionGate);
}

/**
 * Parameters by formula: {@link unetParamCount} plus, per level i with f_i = filters·2^i and F = attentionChannels(f_i),
 * W_x f_i·F + W_g (f_i·F + F) + ψ (F + 1).
 */
export function attentionUnetParamCount(config: UNetConfig): number {
  const { depth, filters } = resolveUNetConfig(config, 'attentionUnetParamCount');
  let total = unetParamCount(config);
  for (let i = 0; i < depth; i++) {
    const f = filters * 2 ** i;
    const inner = attentionChannels(f);
    total += f * inner + (f * inner + inner) + (inner + 1);
  }
  return total;
}

/** Registry entry of {@link attentionUnet}. */
export const attentionUnetEntry = defineModel({
  name: 'attention-unet',
  description: 'Attention U-Net: U-Net with additive attention gates σ(ψ·ReLU(W_x x + W_g g)) on the skips (Oktay et al.)',
  options: unetOptionsSchema(UNET_DEFAULTS),
  requires: { divisibleBy: (o) => 2 ** o.depth },
  deepSupervision: 'nnunet',
  create: attentionUnet,
  paramCount: attentionUnetParamCount,
});
