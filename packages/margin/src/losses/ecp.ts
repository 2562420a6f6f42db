import { assertPositive } from '@seg/core';
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { defineLoss } from '../define-loss.js';
import { baseLossOptions, defineLossEntry, reductionOption } from '../loss-entry.js';
import { pixelCrossEntropy } from '../pixel-ops.js';
import type { BaseLossOptions, Reduction, SegLoss } from '../types.js';

export interface EcpOptions extends BaseLossOptions {
  /** Weight β of the entropy bonus. Default 0.1 (MbLS compares β ∈ {0.1, 0.2, 0.3}). */
  beta?: number;
  /** Default 'mean'. */
  reduction?: Reduction;
}

/**
 * Explicit confidence penalty (Pereyra, Tucker, Chorowski, Kaiser & Hinton, "Regularizing neural networks by
 * penalizing confident output distributions", ICLR workshop 2017), per pixel:
 *
 *   ℓ = CE(z, y) − β·H(p),      H(p) = −Σ_k p_k log p_k,  p = softmax(z)
 *
 * Minimising −H(p) is minimising KL(p‖u) up to a constant: the reverse of label smoothing's KL(u‖p) (MbLS §4.2).
 * Gradient of −H w.r.t. z_k: p_k·(log p_k + H). The entropy uses the stable log-softmax. `parts()`: `total`, `ce`,
 * `entropy` (H, before β).
 */
export function ecp(options: EcpOptions = {}): SegLoss {
  const { beta = 0.1, reduction = 'mean', ignoreIndex = 255, checkLabels = false } = options;
  assertPositive(beta, 'ecp', 'beta', true);
  return defineLoss(
    'ecp',
    (logits, _labels, { oneHot }) => {
      const ce = pixelCrossEntropy(logits, oneHot);
      const logP = tf.logSoftmax(logits);
      const entropy = tf.neg(tf.sum(tf.mul(tf.exp(logP), logP), -1));
      return { total: tf.sub(ce, tf.mul(entropy, beta)), ce, entropy };
    },
    { reduction, ignoreIndex, checkLabels },
  );
}

/** Registry entry of {@link ecp}. */
export const ecpEntry = defineLossEntry({
  name: 'ecp',
  description: 'explicit confidence penalty: CE − β·entropy (Pereyra et al. 2017)',
  options: z
    .object({
      beta: z.number().min(0).default(0.1).describe('entropy weight β'),
      reduction: reductionOption,
      ...baseLossOptions,
    })
    .strict(),
  create: ecp,
});
