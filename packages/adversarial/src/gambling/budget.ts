/**
 * The gambler's budget: betting logits g `[N,H,W]` → pixel weights w `[N,H,W]` that sum to 1 over each image's
 * labelled pixels (pixels labelled `ignoreIndex` get weight 0 and take no share of the budget).
 *
 * - `'exp-budget'` (paper, Eq. 6): w = (e^g + β) / Σ_pixels (e^g + β). β ≥ 0 smooths the bets towards uniform
 *   (β → ∞ gives 1/n everywhere). Computed stably: with m = max(max of g over the labelled pixels, ln β) per image (a constant to the gradient),
 *   w = (e^{g−m} + e^{ln β − m}) / Σ(…), so nothing overflows and the denominator is ≥ 1 term of size 1.
 * - `'sigmoid-budget'` (the authors' code variant as issue 5 describes it — sigmoid + smoothing, normalised to the
 *   budget; their code itself was not available to check against): w = (σ(g) + β) / Σ_pixels (σ(g) + β). Each pixel's stake is bounded
 *   in (β, 1 + β), so the gambler cannot put the whole budget on one pixel; β smooths as above.
 */
import { assertOneOf, assertPositive, assertRank, assertSameShape, DEFAULT_IGNORE_INDEX } from '@seg/core';
import * as tf from '@tensorflow/tfjs';
import { detach } from './stop-gradient.js';

export type BudgetForm = 'exp-budget' | 'sigmoid-budget';
export const BUDGET_FORMS: readonly BudgetForm[] = ['exp-budget', 'sigmoid-budget'];

/** Default smoothing β per form: 1 for 'exp-budget' (e^0 + 1 at an untrained gambler), 0.1 for 'sigmoid-budget'. */
export const DEFAULT_BETA: Readonly<Record<BudgetForm, number>> = { 'exp-budget': 1, 'sigmoid-budget': 0.1 };

export interface BudgetOptions {
  /** Normalisation: 'exp-budget' (paper) or 'sigmoid-budget' (authors' code). Default 'exp-budget'. */
  form?: BudgetForm;
  /** Smoothing β ≥ 0 (finite). Default {@link DEFAULT_BETA} of the form. */
  beta?: number;
}

/** Checks the options and fills in the defaults. */
export function resolveBudget(options: BudgetOptions = {}, fn = 'bettingWeights'): Required<BudgetOptions> {
  const { form = 'exp-budget' } = options;
  assertOneOf(form, BUDGET_FORMS, fn, 'form');
  const { beta = DEFAULT_BETA[form] } = options;
  assertPositive(beta, fn, 'beta', true);
  return { form, beta };
}

/**
 * The un-normalised stakes on labelled pixels (0 elsewhere; any positive common factor cancels in the normalisation).
 * The shift m is taken over labelled pixels only (ignored ones are replaced by the image's smallest bet), so a huge
 * bet on an ignored pixel cannot underflow the others. Inside the caller's tidy.
 */
function stakes(bets: tf.Tensor3D, valid: tf.Tensor3D | undefined, form: BudgetForm, beta: number): tf.Tensor3D {
  let s: tf.Tensor3D;
  if (form === 'sigmoid-budget') s = tf.add(tf.sigmoid(bets), beta);
  else {
    const logBeta = beta > 0 ? Math.log(beta) : Number.NEGATIVE_INFINITY;
    const shiftable = valid ? tf.where(valid, bets, tf.broadcastTo(tf.min(bets), bets.shape)) : bets;
    const m = detach(tf.maximum(tf.max(shiftable, [1, 2], true), logBeta));
    const smooth = beta > 0 ? tf.exp(tf.sub(logBeta, m)) : tf.zerosLike(m);
    s = tf.add(tf.exp(tf.sub(bets, m)), smooth);
  }
  return valid ? tf.where(valid, s, tf.zerosLike(s)) : s;
}

/**
 * Pixel weights from betting logits `bets` `[N,H,W]`; with `labels` `[N,H,W]`, pixels labelled `ignoreIndex` weigh 0
 * and the budget is spread over the others. An image without a labelled pixel gets all-zero weights.
 * (The zero-sum guard is max(Σ, 1e-30), not divNoNan: tfjs has no gradient for divNoNan's internal Equal.)
 */
export function bettingWeights(
  bets: tf.Tensor3D,
  options: BudgetOptions & { labels?: tf.Tensor3D; ignoreIndex?: number } = {},
): tf.Tensor3D {
  const { form, beta } = resolveBudget(options);
  const { labels, ignoreIndex = DEFAULT_IGNORE_INDEX } = options;
  assertRank(bets, 3, 'bettingWeights', 'bets', 'Squeeze the gambler output [N,H,W,1] to [N,H,W]');
  if (labels) assertSameShape(bets, labels, 'bettingWeights', 'bets', 'labels');
  return tf.tidy(() => {
    const valid = labels ? (tf.notEqual(labels, ignoreIndex) as tf.Tensor3D) : undefined;
    const s = stakes(bets, valid, form, beta);
    return tf.div(s, tf.maximum(tf.sum(s, [1, 2], true), 1e-30)) as tf.Tensor3D;
  });
}
