import { z } from 'zod';
import { defineLoss } from '../define-loss.js';
import { baseLossOptions, defineLossEntry, reductionOption } from '../loss-entry.js';
import { pixelCrossEntropy } from '../pixel-ops.js';
import type { BaseLossOptions, Reduction, SegLoss } from '../types.js';

export interface CrossEntropyOptions extends BaseLossOptions {
  /** One weight per class (background first); each pixel counts w[label]. Default: all 1. */
  classWeights?: readonly number[];
  /** Default 'mean'. */
  reduction?: Reduction;
}

/**
 * Softmax cross-entropy on logits: ℓ_i = −log softmax(z_i)_{y_i} = log Σ_k exp(z_ik) − z_{i,y_i}, computed with the
 * stable log-softmax (max subtracted before exp).
 *
 * With class weights w and pixel weights v, pixels labelled `ignoreIndex` excluded:
 * 'mean' = Σ_i v_i·w[y_i]·ℓ_i / Σ_i v_i·w[y_i] — the sum of the weights, not the pixel count, is the
 * denominator, exactly as PyTorch's `CrossEntropyLoss(weight=w, ignore_index=…, reduction='mean')`;
 * 'sum' = Σ_i v_i·w[y_i]·ℓ_i; 'none' = the per-pixel v_i·w[y_i]·ℓ_i (0 on ignored pixels).
 * Gradient with respect to z_i: v_i·w[y_i]·(softmax(z_i) − onehot(y_i)) / Σ v·w for 'mean'.
 */
export function crossEntropy(options: CrossEntropyOptions = {}): SegLoss {
  const { classWeights, ignoreIndex = 255, reduction = 'mean', checkLabels = false } = options;
  return defineLoss('crossEntropy', (logits, _labels, { oneHot }) => ({ total: pixelCrossEntropy(logits, oneHot) }), {
    classWeights,
    ignoreIndex,
    reduction,
    checkLabels,
  });
}

/** Registry entry of {@link crossEntropy}. */
export const crossEntropyEntry = defineLossEntry({
  name: 'ce',
  description: 'softmax cross-entropy, optional class weights (PyTorch weighted mean)',
  options: z
    .object({
      classWeights: z.array(z.number().min(0)).optional().describe('per-class weights (weighted mean, as PyTorch)'),
      reduction: reductionOption,
      ...baseLossOptions,
    })
    .strict(),
  create: crossEntropy,
});
