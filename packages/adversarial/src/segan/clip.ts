/**
 * Critic weight clipping (WGAN-style; Xue et al. 2018 §2.4): after every critic update each trainable critic weight
 * is clamped to [−c, c], as PyTorch's `p.data.clamp_(-c, c)` over `NetC.parameters()` — kernels, biases and batch-norm
 * γ/β; moving statistics are not parameters and stay untouched. c = 0.05 in the authors' code, 0.01 in the paper.
 */
import { assertPositive } from '@seg/core';
import * as tf from '@tensorflow/tfjs';

export type ClipPreset = 'code' | 'paper';
export const SEGAN_CLIP: Readonly<Record<ClipPreset, number>> = { code: 0.05, paper: 0.01 };

/** Clamps every trainable weight of `models` to [−c, c] in place. */
export function clipWeights(models: tf.LayersModel | readonly tf.LayersModel[], c: number): void {
  assertPositive(c, 'clipWeights', 'c');
  const list = Array.isArray(models) ? models : [models as tf.LayersModel];
  tf.tidy(() => {
    for (const m of list) for (const w of m.trainableWeights) w.write(tf.clipByValue(w.read(), -c, c));
  });
}
