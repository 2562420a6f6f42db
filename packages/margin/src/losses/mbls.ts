import { assertOneOf, assertPositive } from '@seg/core';
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { defineLoss } from '../define-loss.js';
import { baseLossOptions, defineLossEntry, reductionOption } from '../loss-entry.js';
import { pixelCrossEntropy } from '../pixel-ops.js';
import type { BaseLossOptions, Reduction, SegLoss } from '../types.js';

export interface MblsOptions extends BaseLossOptions {
  /** Margin m on the logit distances; only distances above m are penalised. Default 10 (the authors' default). */
  margin?: number;
  /** Weight α of the penalty. Default 0.1 (fixed in every experiment of the paper). */
  alpha?: number;
  /** Penalty over classes: 'mean' (authors' code, default) or 'sum' (paper, Eq. 7). 'sum' = C × 'mean'. */
  penalty?: 'mean' | 'sum';
  /**
   * 'l1': linear ReLU(d − m) (paper and code, default); 'l2': quadratic ReLU(d − m)² (the paper's ablation, Table 4).
   * The authors' L2 code computes ReLU((d − m)²) = (d − m)², which also penalises distances *below* the margin; we
   * implement the paper's inequality penalty instead.
   */
  norm?: 'l1' | 'l2';
  /** Default 'mean'. */
  reduction?: Reduction;
}

export const MBLS_PENALTIES = ['mean', 'sum'] as const;
export const MBLS_NORMS = ['l1', 'l2'] as const;

/**
 * Margin-based label smoothing (Murugesan, Liu, Galdran, Ben Ayed & Dolz, "Calibrating segmentation networks with
 * margin-based label smoothing", MedIA 2023; Liu et al., CVPR 2022), per pixel with logits z:
 *
 *   ℓ = CE(z, y) + α · Σ_k ReLU(d_k − m)        d_k = max_j z_j − z_k ≥ 0   (Eq. 7, penalty 'sum')
 *
 * ('mean' divides the class sum by C; 'l2' squares each ReLU). Label smoothing, focal loss and the explicit
 * confidence penalty approximate the linear penalty Σ_k d_k, i.e. the equality constraint d = 0 (m = 0), whose
 * gradient never vanishes; the margin lets distances up to m go unpenalised, so only logits further than m below the
 * winner get a gradient (+1 on the winner, −1 on each such logit, times α, and 1/C for 'mean').
 * `parts()`: `total`, `ce`, `penalty` (the unweighted penalty, before α).
 */
export function mbls(options: MblsOptions = {}): SegLoss {
  const { margin = 10, alpha = 0.1, penalty = 'mean', norm = 'l1', reduction = 'mean', ignoreIndex = 255, checkLabels = false } = options;
  assertPositive(margin, 'mbls', 'margin', true);
  assertPositive(alpha, 'mbls', 'alpha', true);
  assertOneOf(penalty, MBLS_PENALTIES, 'mbls', 'penalty');
  assertOneOf(norm, MBLS_NORMS, 'mbls', 'norm');
  return defineLoss(
    'mbls',
    (logits, _labels, { oneHot }) => {
      const ce = pixelCrossEntropy(logits, oneHot);
      const distance = tf.sub(tf.max(logits, -1, true), logits);
      const excess = tf.relu(tf.sub(distance, margin));
      const perClass = norm === 'l1' ? excess : tf.square(excess);
      const pen = penalty === 'mean' ? tf.mean(perClass, -1) : tf.sum(perClass, -1);
      return { total: tf.add(ce, tf.mul(pen, alpha)), ce, penalty: pen };
    },
    { reduction, ignoreIndex, checkLabels },
  );
}

/** Registry entry of {@link mbls}. */
export const mblsEntry = defineLossEntry({
  name: 'mbls',
  description: 'margin-based label smoothing: CE + α·ReLU(max_j z_j − z_k − m) (Murugesan et al. 2023)',
  options: z
    .object({
      margin: z.number().default(10).describe('logit-distance margin m'),
      alpha: z.number().min(0).default(0.1).describe('weight α of the penalty'),
      penalty: z.enum(['mean', 'sum']).default('mean').describe("over classes: 'mean' (authors' code) or 'sum' (paper)"),
      norm: z.enum(['l1', 'l2']).default('l1').describe('penalty norm'),
      reduction: reductionOption,
      ...baseLossOptions,
    })
    .strict(),
  create: mbls,
});
