/**
 * Proper scoring rules over the counted pixels (labels ≠ `ignoreIndex`, and ≠ 0 with
 * `region: 'foreground'`); NaN when no pixel is counted.
 *
 * - NLL = mean −ln max(p_label, 1e-12), natural log. The clamp keeps a pixel whose float32 softmax
 *   underflowed to 0 finite (it adds −ln 1e-12 ≈ 27.63); training code computes the same quantity
 *   from logits without a clamp (PyTorch `cross_entropy`), so values agree unless p_label < 1e-12.
 * - Brier = mean Σ_c (p_c − 1[c = label])² (Brier 1950, multi-class form), NOT divided by C: range
 *   [0, 2]. For C = 2 it is twice the binary Brier score of scikit-learn's `brier_score_loss`.
 */
import type { LabelLike } from '../grid.js';
import type { EceOptions } from './ece.js';
import type { ProbabilityLike } from './input.js';
import { scan, scanSettings } from './scan.js';

export type ScoreOptions = Omit<EceOptions, 'bins'>;

/** Mean negative log-likelihood of the true class, −ln max(p_label, 1e-12). */
export function nll(probs: ProbabilityLike, labels: LabelLike, options: ScoreOptions = {}): number {
  const s = scan(probs, labels, scanSettings(options, false, 'nll'), 'nll');
  return s.count === 0 ? Number.NaN : s.nll / s.count;
}

/** Mean multi-class Brier score Σ_c (p_c − onehot_c)² (not divided by C). */
export function brierScore(probs: ProbabilityLike, labels: LabelLike, options: ScoreOptions = {}): number {
  const s = scan(probs, labels, scanSettings(options, false, 'brierScore'), 'brierScore');
  return s.count === 0 ? Number.NaN : s.brier / s.count;
}
