/** Options of {@link gamblingStep}, their defaults, and their validation (every problem listed at once). */
import { DEFAULT_IGNORE_INDEX, SegConfigError } from '@seg/core';
import type * as tf from '@tensorflow/tfjs';
import { BUDGET_FORMS, type BudgetForm, DEFAULT_BETA } from './budget.js';

/**
 * How the segmenter's gradient treats the bet weights w (both keep the gambler's parameters fixed in the segmenter's
 * update — only the segmenter's optimizer steps):
 * - `'through-gambler'` (paper, Fig. 1 paths A and B): w is a function of softmax(F(x)) through the frozen gambler, so
 *   the gradient reaches F both through the weighted CE (A) and through the gambler's probability input (B).
 * - `'detached'`: w = stopGradient(w), a fixed per-pixel weighting — path A only (pure hard-pixel re-weighting).
 */
export type WeightGradient = 'through-gambler' | 'detached';
export const WEIGHT_GRADIENTS: readonly WeightGradient[] = ['through-gambler', 'detached'];

export interface GamblingStepOptions {
  /** The segmenter F (outputs logits `[N,H,W,C]`). Evaluated and saved as the run's model. */
  segmentor: tf.LayersModel;
  /** The gambler G(x, softmax(F(x))) → betting logits `[N,H,W,1]` (see `gambler` in @seg/models). */
  gambler: tf.LayersModel;
  segmentorOptimizer: tf.Optimizer;
  gamblerOptimizer: tf.Optimizer;
  /** Budget normalisation: 'exp-budget' (paper, Eq. 6) or 'sigmoid-budget' (authors' code). Default 'exp-budget'. */
  form?: BudgetForm;
  /** Smoothing β ≥ 0. Default 1 for 'exp-budget', 0.1 for 'sigmoid-budget'. */
  beta?: number;
  /** λ, weight of the bet-weighted CE in the segmenter's loss. Default 1. */
  lambda?: number;
  /** Weight of the plain CE in the segmenter's loss. Default 1 (0 = the paper's L_f = −L_g alone). */
  ceWeight?: number;
  /** Default 'through-gambler'. */
  weightGradient?: WeightGradient;
  /** Gambler updates per segmenter update (on the same batch). Default 1. */
  gamblerSteps?: number;
  /** Label value that gets no weight and no CE. Default 255. */
  ignoreIndex?: number;
  /** Step name (logs, checkpoints). Default 'gambling'. */
  name?: string;
}

export type ResolvedGamblingOptions = Required<GamblingStepOptions>;

const isModel = (m: unknown): boolean =>
  typeof (m as tf.LayersModel)?.apply === 'function' && Array.isArray((m as tf.LayersModel)?.trainableWeights);
const isOptimizer = (o: unknown): boolean => typeof (o as tf.Optimizer)?.applyGradients === 'function';
const nonNegative = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const show = (v: unknown): string => (v === undefined ? 'undefined' : JSON.stringify(v));

function problemsOf(o: ResolvedGamblingOptions): string[] {
  const problems: string[] = [];
  if (!isModel(o.segmentor)) problems.push(`'segmentor' must be a tf.LayersModel`);
  if (!isModel(o.gambler)) problems.push(`'gambler' must be a tf.LayersModel`);
  else if (o.gambler.inputs.length !== 2 || o.gambler.outputs[0]?.shape.at(-1) !== 1) {
    const got = `${o.gambler.inputs.length} input(s), output ${JSON.stringify(o.gambler.outputs[0]?.shape)}`;
    problems.push(`'gambler' must take [image, probabilities] and output one betting channel [N,H,W,1], got ${got}`);
  }
  if (!isOptimizer(o.segmentorOptimizer)) problems.push(`'segmentorOptimizer' must be a tf.Optimizer`);
  if (!isOptimizer(o.gamblerOptimizer)) problems.push(`'gamblerOptimizer' must be a tf.Optimizer`);
  if (o.segmentorOptimizer === o.gamblerOptimizer) problems.push(`'segmentorOptimizer' and 'gamblerOptimizer' must be two optimizers`);
  if (!BUDGET_FORMS.includes(o.form))
    problems.push(`'form' must be one of ${BUDGET_FORMS.map((f) => `'${f}'`).join(', ')}, got ${show(o.form)}`);
  for (const key of ['beta', 'lambda', 'ceWeight'] as const)
    if (!nonNegative(o[key])) problems.push(`'${key}' must be a finite number ≥ 0, got ${show(o[key])}`);
  if (!WEIGHT_GRADIENTS.includes(o.weightGradient))
    problems.push(`'weightGradient' must be one of ${WEIGHT_GRADIENTS.map((f) => `'${f}'`).join(', ')}, got ${show(o.weightGradient)}`);
  if (!(Number.isInteger(o.gamblerSteps) && o.gamblerSteps >= 1))
    problems.push(`'gamblerSteps' must be an integer ≥ 1, got ${show(o.gamblerSteps)}`);
  if (!Number.isInteger(o.ignoreIndex)) problems.push(`'ignoreIndex' must be an integer, got ${show(o.ignoreIndex)}`);
  return problems;
}

/** Fills in the defaults and validates; throws one SegConfigError listing every problem. */
export function resolveGamblingOptions(options: GamblingStepOptions): ResolvedGamblingOptions {
  const {
    form = 'exp-budget',
    lambda = 1,
    ceWeight = 1,
    weightGradient = 'through-gambler',
    gamblerSteps = 1,
    ignoreIndex = DEFAULT_IGNORE_INDEX,
    name = 'gambling',
  } = options;
  const beta = options.beta ?? (DEFAULT_BETA[form] as number | undefined) ?? 1;
  const resolved = { ...options, form, beta, lambda, ceWeight, weightGradient, gamblerSteps, ignoreIndex, name };
  const problems = problemsOf(resolved);
  if (problems.length > 0) throw new SegConfigError({ fn: 'gamblingStep', arg: 'options', detail: 'invalid gambling options', problems });
  return resolved;
}
