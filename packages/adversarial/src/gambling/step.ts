/**
 * Gambling adversarial networks as a {@link TrainStep} (Bakhtiariziabari & Ghafoorian; Samson et al. 2019).
 *
 * Per batch, alternating, with separate optimizers:
 * 1. Segmenter update — logits = F(x) (training mode), bets g = G(x, softmax(F(x))) with the gambler's parameters
 *    fixed (not in the variable list), w = budget(g) (ignored pixels weigh 0), loss L_f = ceWeight·CE + λ·Σ w·ℓ.
 *    With `weightGradient: 'through-gambler'` (default) the gradient reaches F through ℓ (path A of Fig. 1) and through
 *    the frozen gambler's probability input (path B); `'detached'` keeps path A only.
 * 2. `gamblerSteps` gambler updates — on the segmenter's probabilities and per-pixel CE from step 1 (constants, so
 *    the segmenter is run once per batch and its batch-norm statistics move once), loss L_g = −Σ w·ℓ.
 * The gambler never sees the labels: they enter only ℓ and the ignore mask of the budget.
 */
import type { StepContext, TensorBatch, TrainStep } from '@seg/train';
import * as tf from '@tensorflow/tfjs';
import { readScalars, trainableVariables } from '../ce-adversarial/update.js';
import { type BudgetOptions, bettingWeights } from './budget.js';
import { gamblerLoss, pixelCE, segmentorGamblingLoss } from './losses.js';
import { type GamblingStepOptions, type ResolvedGamblingOptions, resolveGamblingOptions } from './options.js';
import { detach } from './stop-gradient.js';

/** A gambling TrainStep, with its resolved options (for betting-map export). */
export interface GamblingStep extends TrainStep {
  readonly options: Readonly<ResolvedGamblingOptions>;
}

/** Betting logits `[N,H,W]` of `gambler` on `images` and the segmenter's `probabilities`. Inside the caller's tidy. */
export function gamblerBets(gambler: tf.LayersModel, images: tf.Tensor4D, probabilities: tf.Tensor4D, training: boolean): tf.Tensor3D {
  const out = gambler.apply([images, probabilities], { training }) as tf.Tensor4D;
  return tf.squeeze(out, [3]) as tf.Tensor3D;
}

interface SegmentorResult {
  values: Record<string, number>;
  /** softmax(F(x)) and ℓ, detached, kept for the gambler's updates (the caller disposes them). */
  probabilities: tf.Tensor4D;
  ce: tf.Tensor3D;
}

function segmentorUpdate(o: ResolvedGamblingOptions, batch: TensorBatch, budget: BudgetOptions): SegmentorResult {
  const vars = trainableVariables(o.segmentor);
  const kept: Record<string, tf.Tensor> = {};
  const total = tf.tidy(() => {
    const { value, grads } = tf.variableGrads(() => {
      const logits = o.segmentor.apply(batch.images, { training: true }) as tf.Tensor4D;
      const probabilities = tf.softmax(logits) as tf.Tensor4D;
      const bets = gamblerBets(o.gambler, batch.images, probabilities, true);
      const live = bettingWeights(bets, { ...budget, labels: batch.labels, ignoreIndex: o.ignoreIndex });
      const weights = o.weightGradient === 'detached' ? detach(live) : live;
      const ce = pixelCE(logits, batch.labels, o.ignoreIndex);
      const mask = tf.cast(tf.notEqual(batch.labels, o.ignoreIndex), 'float32') as tf.Tensor3D;
      const parts = segmentorGamblingLoss(weights, ce, mask, { lambda: o.lambda, ceWeight: o.ceWeight });
      kept.ce = tf.keep(parts.ce);
      kept.bet_ce = tf.keep(parts.bet_ce);
      kept.probabilities = tf.keep(detach(probabilities));
      kept.pixelCe = tf.keep(detach(ce));
      return parts.total;
    }, vars);
    o.segmentorOptimizer.applyGradients(vars.map((v) => ({ name: v.name, tensor: grads[v.name] })));
    return value;
  });
  const { probabilities, pixelCe, ...scalars } = kept;
  return {
    values: readScalars({ loss: total, ...scalars }),
    probabilities: probabilities as tf.Tensor4D,
    ce: pixelCe as tf.Tensor3D,
  };
}

function gamblerUpdate(o: ResolvedGamblingOptions, batch: TensorBatch, s: SegmentorResult, budget: BudgetOptions): number {
  const vars = trainableVariables(o.gambler);
  const loss = tf.tidy(() => {
    const { value, grads } = tf.variableGrads(() => {
      const bets = gamblerBets(o.gambler, batch.images, s.probabilities, true);
      const weights = bettingWeights(bets, { ...budget, labels: batch.labels, ignoreIndex: o.ignoreIndex });
      return gamblerLoss(weights, s.ce);
    }, vars);
    o.gamblerOptimizer.applyGradients(vars.map((v) => ({ name: v.name, tensor: grads[v.name] })));
    return value;
  });
  return readScalars({ loss }).loss;
}

/** Builds the gambling TrainStep; invalid options are listed in one SegConfigError. */
export function gamblingStep(options: GamblingStepOptions): GamblingStep {
  const o = resolveGamblingOptions(options);
  const budget: BudgetOptions = { form: o.form, beta: o.beta };
  return {
    name: o.name,
    options: o,
    models: () => ({ segmentor: o.segmentor, gambler: o.gambler }),
    optimizers: () => ({ segmentor: o.segmentorOptimizer, gambler: o.gamblerOptimizer }),
    step(batch: TensorBatch, _ctx?: StepContext): Record<string, number> {
      const s = segmentorUpdate(o, batch, budget);
      let gambler = Number.NaN;
      try {
        for (let k = 0; k < o.gamblerSteps; k++) gambler = gamblerUpdate(o, batch, s, budget);
      } finally {
        tf.dispose([s.probabilities, s.ce]);
      }
      return { ...s.values, gambler_loss: gambler };
    },
    validate(batch: TensorBatch): Record<string, number> {
      return tf.tidy(() => {
        const logits = o.segmentor.apply(batch.images, { training: false }) as tf.Tensor4D;
        const bets = gamblerBets(o.gambler, batch.images, tf.softmax(logits) as tf.Tensor4D, false);
        const weights = bettingWeights(bets, { ...budget, labels: batch.labels, ignoreIndex: o.ignoreIndex });
        const ce = pixelCE(logits, batch.labels, o.ignoreIndex);
        const mask = tf.cast(tf.notEqual(batch.labels, o.ignoreIndex), 'float32') as tf.Tensor3D;
        const parts = segmentorGamblingLoss(weights, ce, mask, { lambda: o.lambda, ceWeight: o.ceWeight });
        const values = { loss: parts.total, ce: parts.ce, bet_ce: parts.bet_ce, gambler_loss: gamblerLoss(weights, ce) };
        return Object.fromEntries(Object.entries(values).map(([k, t]) => [k, t.dataSync()[0]]));
      });
    },
  };
}
