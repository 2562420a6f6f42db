/**
 * UNet++ (Zhou, Rahman Siddiquee, Tajbakhsh & Liang, "UNet++: a nested U-Net architecture for medical image
 * segmentation", DLMIA 2018, arXiv:1807.10165). Nodes X^{i,j}, level i = 0…L (L = depth), i + j ≤ L:
 *
 *   X^{i,0} = C(pool(X^{i−1,0}))   (X^{0,0} = C(image)),
 *   X^{i,j} = C([X^{i,0}, …, X^{i,j−1}, U(X^{i+1,j−1})])   for j ≥ 1,
 *
 * C = two 3×3 conv + norm + ReLU with f_i = filters·2^i channels, U = up-sampling to f_i (as U-Net's decoder),
 * [·] = channel concatenation. Without deep supervision, a 1×1 conv on X^{0,L} gives the logits (`logits`). With
 * `deepSupervision: true`, heads `x0_{j}_logits` on every X^{0,j} (all full size) and the outputs are
 * `[logits, x0_1_logits, …, x0_L_logits]` where `logits` = the mean of the heads' logits (the paper's "accurate
 * mode" averages the heads' sigmoid outputs; averaging logits keeps the output a logit map) — train each head
 * against the full-size labels. {@link unetppPrune} then cuts the model to X^{0,l} (the paper's "fast mode").
 *
 * Layers: `x{i}_{j}_conv{1,2}`/`_norm`/`_relu`, `x{i}_0_pool`, `x{i}_{j}_up`, `x{i}_{j}_concat`, `x{L}_0_dropout`.
 * Initialisation as {@link unet}: He-normal per layer name, heads Glorot-uniform.
 * Default (depth 4, 16 filters, batch norm, 1 channel, 2 classes): 2 267 090 parameters, 2 267 192 with deep
 * supervision (U-Net: 1 945 250).
 */
import { assertDivisible, SegConfigError } from '@seg/core';
import * as tf from '@tensorflow/tfjs';
import { type BlockOptions, doubleConv, downsample, logitsHead, upsample } from './blocks.js';
import { defineModel } from './model-entry.js';
import { layerSeeds } from './seeds.js';
import { conv1x1Head } from './unet.js';
import { unetOptionsSchema } from './unet-config.js';
import { resolveUNetPPConfig, UNETPP_DEFAULTS, type UNetPPConfig, unetppParamCount } from './unetpp-config.js';

type Sym = tf.SymbolicTensor;

/** Builds UNet++ (model name 'unetpp'); H and W must be divisible by 2^depth. */
export function unetpp(config: UNetPPConfig): tf.LayersModel {
  const { inputShape, numClasses, depth, filters, norm, groups, dropout, upsampling, seed, deepSupervision } = resolveUNetPPConfig(config);
  assertDivisible([inputShape[0], inputShape[1]], 2 ** depth, 'unetpp', 'inputShape');
  if (deepSupervision && depth < 2) {
    throw new SegConfigError({
      fn: 'unetpp',
      arg: 'deepSupervision',
      expected: 'depth ≥ 2 (one head per X^{0,j}, j = 1…depth)',
      got: `depth ${depth}`,
      hint: 'Raise the depth or set deepSupervision: false',
    });
  }
  const seeds = layerSeeds(seed);
  const options: BlockOptions = { norm, groups, seeds };
  const input = tf.input({ shape: [...inputShape], name: 'image' });
  const f = (level: number) => filters * 2 ** level;

  const X: Sym[][] = [];
  for (let i = 0; i <= depth; i++) X.push([doubleConv(i === 0 ? input : downsample(X[i - 1][0], `x${i - 1}_0`), f(i), `x${i}_0`, options)]);
  if (dropout > 0) X[depth][0] = tf.layers.dropout({ rate: dropout, name: `x${depth}_0_dropout` }).apply(X[depth][0]) as Sym;
  for (let j = 1; j <= depth; j++) {
    for (let i = 0; i + j <= depth; i++) {
      const up = upsample(X[i + 1][j - 1], f(i), `x${i}_${j}`, upsampling, seeds);
      const cat = tf.layers.concatenate({ axis: -1, name: `x${i}_${j}_concat` }).apply([...X[i].slice(0, j), up]) as Sym;
      X[i].push(doubleConv(cat, f(i), `x${i}_${j}`, options));
    }
  }
  if (!deepSupervision) return tf.model({ inputs: input, outputs: logitsHead(X[0][depth], numClasses, seeds), name: 'unetpp' });
  const heads = X[0].slice(1).map((x, k) => conv1x1Head(x, numClasses, `x0_${k + 1}_logits`, seeds));
  const mean = tf.layers.average({ name: 'logits' }).apply(heads) as Sym;
  return tf.model({ inputs: input, outputs: [mean, ...heads], name: 'unetpp' });
}

/**
 * Inference-time pruning (the paper's §2 "model pruning"): the sub-network of a deeply supervised UNet++ that ends at
 * the head on X^{0,level} — only nodes X^{i,j} with i + j ≤ level, a (level/L)-deep UNet++ — as a model with one
 * output `x0_{level}_logits`, named `unetpp_pruned{level}`. It SHARES the layers (and so the weights) of `model`:
 * training one changes the other. Each shared layer's reference count is raised, so the two models can be disposed
 * in either order; the weights are freed when both are.
 */
export function unetppPrune(model: tf.LayersModel, level: number): tf.LayersModel {
  const heads = model.layers.filter((l) => /^x0_\d+_logits$/.test(l.name)).length;
  if (heads === 0) {
    throw new SegConfigError({
      fn: 'unetppPrune',
      arg: 'model',
      expected: "a UNet++ built with deepSupervision: true (heads 'x0_{j}_logits')",
      got: `model '${model.name}' without such heads`,
      hint: 'Pruning needs the head on X^{0,level}, trained by deep supervision',
    });
  }
  if (!Number.isInteger(level) || level < 1 || level > heads) {
    throw new SegConfigError({ fn: 'unetppPrune', arg: 'level', expected: `an integer in [1, ${heads}]`, got: String(level) });
  }
  const output = model.getLayer(`x0_${level}_logits`).output as Sym;
  const pruned = tf.model({ inputs: model.inputs, outputs: output, name: `unetpp_pruned${level}` });
  // A layer applied once has _refCount 1 and frees its weights when disposed once; the pruned model adds an owner.
  for (const layer of pruned.layers) {
    const counted = layer as unknown as { _refCount: number | null };
    if (counted._refCount !== null) counted._refCount++;
  }
  return pruned;
}

/** Registry entry of {@link unetpp}: with deep supervision, output 0 is the mean of the heads (each weighted 1/depth). */
export const unetppEntry = defineModel({
  name: 'unetpp',
  description: 'UNet++: nested dense skip pathways X^{i,j}, optional deep supervision and pruning (Zhou et al.)',
  options: unetOptionsSchema(UNETPP_DEFAULTS),
  requires: { divisibleBy: (o) => 2 ** o.depth },
  deepSupervision: 'mean-of-heads',
  create: unetpp,
  paramCount: unetppParamCount,
});
