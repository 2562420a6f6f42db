import { assertInRange } from '@seg/core';
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { defineLoss } from '../define-loss.js';
import { baseLossOptions, defineLossEntry, reductionOption } from '../loss-entry.js';
import { pixelCrossEntropy } from '../pixel-ops.js';
import type { BaseLossOptions, Reduction, SegLoss } from '../types.js';

export interface LabelSmoothingOptions extends BaseLossOptions {
  /** Smoothing α in [0, 1]: the target is (1 − α)·one-hot + α/C. Default 0.1. */
  alpha?: number;
  /** Default 'mean'. */
  reduction?: Reduction;
}

/**
 * Label smoothing (Szegedy et al., "Rethinking the Inception architecture", CVPR 2016; as a calibration method Müller
 * et al. 2019): cross-entropy against the smoothed target t = (1 − α)·onehot(y) + α/C,
 *
 *   ℓ = −Σ_k t_k log p_k = (1 − α)·CE + α·U,      U = −(1/C)·Σ_k log p_k = KL(u‖p) + log C
 *
 * (the authors' `CELossWithLS` in the SVLS code; the MbLS paper's Eq. 3–4). U lies between the mean logit distance
 * (1/C)·Σ_k (max_j z_j − z_k) and that plus log C (MbLS Prop. 1), so LS is approximately the linear penalty of MbLS
 * with m = 0. Gradient: p − t. `parts()`: `total`, `ce` (hard-label CE), `uniform` (U).
 */
export function labelSmoothing(options: LabelSmoothingOptions = {}): SegLoss {
  const { alpha = 0.1, reduction = 'mean', ignoreIndex = 255, checkLabels = false } = options;
  assertInRange(alpha, 0, 1, 'labelSmoothing', 'alpha');
  return defineLoss(
    'labelSmoothing',
    (logits, _labels, { oneHot }) => {
      const ce = pixelCrossEntropy(logits, oneHot);
      const uniform = tf.neg(tf.mean(tf.logSoftmax(logits), -1));
      const total = tf.add(tf.mul(ce, 1 - alpha), tf.mul(uniform, alpha));
      return { total, ce, uniform };
    },
    { reduction, ignoreIndex, checkLabels },
  );
}

/** Registry entry of {@link labelSmoothing}. */
export const labelSmoothingEntry = defineLossEntry({
  name: 'ls',
  description: 'label smoothing: CE against (1 − α)·one-hot + α/C (Szegedy et al. 2016)',
  options: z
    .object({
      alpha: z.number().min(0).max(1).default(0.1).describe('smoothing α'),
      reduction: reductionOption,
      ...baseLossOptions,
    })
    .strict(),
  create: labelSmoothing,
});
