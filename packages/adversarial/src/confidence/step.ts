/**
 * Adversarial confidence learning (Nie & Shen) as a seg {@link TrainStep}. Per batch:
 *
 * 1. segmentor update (its own optimizer): logits = F(x) in training mode, s = softmax(logits),
 *    c = C(x ⊕ s) the confidence logits, w = (1 − σ(c))^γ with a stop-gradient (w is a fixed per-pixel weight: the
 *    segmenter may not lower its loss by moving the weights, only by fitting the pixels they point at), loss =
 *    confidence-weighted CE + λ·mean(−log σ(c)) — the adversarial term, which does flow through C into F.
 * 2. `discriminatorSteps` confidence-net updates (its own optimizer): per-pixel BCE, (x ⊕ onehot(y)) → 1 and
 *    (x ⊕ s) → 0 on every labelled pixel, s from step 1 held fixed.
 *
 * Pixels labelled `ignoreIndex` are excluded from every term (and the real map holds s there).
 */
import { assertInteger, assertOneOf, assertPositive, DEFAULT_IGNORE_INDEX } from '@seg/core';
import type { StepContext, TensorBatch, TrainStep } from '@seg/train';
import * as tf from '@tensorflow/tfjs';
import { criticInput, realClassMap } from '../ce-adversarial/losses.js';
import { alternatingUpdate, checkCritic } from '../ce-adversarial/update.js';
import {
  type ConfidenceNormalize,
  confidenceNetworkLoss,
  confidenceWeightedCE,
  confidenceWeights,
  labelledMask,
  maskedMean,
  pixelNonSaturatingLoss,
  stopGradient,
} from './losses.js';

export interface ConfidenceStepOptions {
  /** The segmentation network F: images `[N,H,W,C]` → logits `[N,H,W,K]`. */
  segmentor: tf.LayersModel;
  /** The fully convolutional confidence network C: `[N,H,W,C+K]` → `[N,H,W,1]` logits (`confidenceNetwork`). */
  confidence: tf.LayersModel;
  segmentorOptimizer: tf.Optimizer;
  confidenceOptimizer: tf.Optimizer;
  /** Focusing exponent γ ≥ 0 of the weights (1 − D)^γ; 0 = plain CE. Default 2. */
  gamma?: number;
  /** Weight λ ≥ 0 of the adversarial term (0 = weighting only, as the gambling paper's Eq. 3 alone). Default 0.01. */
  adversarialWeight?: number;
  /** Normalisation of the weighted CE: labelled-pixel count (paper) or sum of weights. Default 'pixels'. */
  normalize?: ConfidenceNormalize;
  /** Confidence-network updates per segmentor update. Default 1. */
  discriminatorSteps?: number;
  /** Label value excluded from every term. Default 255. */
  ignoreIndex?: number;
  /** Step name for logs and checkpoints. Default 'confidence'. */
  name?: string;
}

/**
 * A {@link TrainStep} with models `{ segmentor, confidence }` and optimizers of the same names. Log record: `loss`,
 * `ce` (weighted CE), `adversarial`, `weight_mean` and `confidence_mean` (mean w and mean D on the prediction over
 * labelled pixels), `discriminator`, `discriminator_real`, `discriminator_fake` (the confidence network's BCE).
 */
export function confidenceStep(options: ConfidenceStepOptions): TrainStep {
  const { segmentor, confidence, segmentorOptimizer, confidenceOptimizer } = options;
  const { gamma = 2, adversarialWeight = 0.01, normalize = 'pixels', discriminatorSteps = 1 } = options;
  const { ignoreIndex = DEFAULT_IGNORE_INDEX, name = 'confidence' } = options;
  const fn = 'confidenceStep';
  assertPositive(gamma, fn, 'gamma', true);
  assertPositive(adversarialWeight, fn, 'adversarialWeight', true);
  assertOneOf(normalize, ['pixels', 'weights'] as const, fn, 'normalize');
  assertInteger(discriminatorSteps, fn, 'discriminatorSteps', 1);
  assertInteger(ignoreIndex, fn, 'ignoreIndex');
  const [imageChannels] = segmentor.inputs[0].shape.slice(-1) as number[];
  const [h, w, numClasses] = segmentor.outputs[0].shape.slice(1) as number[];
  checkCritic(fn, 'confidence', confidence, imageChannels + numClasses, [null, h, w, 1]);

  const segmentorLoss = (batch: TensorBatch, training: boolean, logged: Record<string, tf.Tensor>) => {
    const mask = labelledMask(batch.labels, ignoreIndex);
    const logits = segmentor.apply(batch.images, { training }) as tf.Tensor4D;
    const probs = tf.softmax(logits) as tf.Tensor4D;
    const c = confidence.apply(criticInput(batch.images, probs), { training }) as tf.Tensor4D;
    const weights = stopGradient(confidenceWeights(c, gamma));
    logged.ce = confidenceWeightedCE(logits, batch.labels, weights, { ignoreIndex, normalize });
    logged.adversarial = pixelNonSaturatingLoss(c, mask);
    logged.weight_mean = maskedMean(weights, mask);
    logged.confidence_mean = maskedMean(stopGradient(tf.sigmoid(tf.squeeze(c, [3]))), mask);
    logged.probs = probs;
    return tf.add(logged.ce, tf.mul(adversarialWeight, logged.adversarial)) as tf.Scalar;
  };

  const criticLoss = (batch: TensorBatch, probs: tf.Tensor4D, training: boolean, logged: Record<string, tf.Tensor>) => {
    const mask = labelledMask(batch.labels, ignoreIndex);
    const real = confidence.apply(criticInput(batch.images, realClassMap(batch.labels, probs, ignoreIndex)), { training });
    const fake = confidence.apply(criticInput(batch.images, probs), { training });
    const parts = confidenceNetworkLoss(real as tf.Tensor, fake as tf.Tensor, mask);
    logged.real = parts.real;
    logged.fake = parts.fake;
    return parts.total;
  };

  const record = (s: Record<string, number>, d: Record<string, number>) => ({
    loss: s.total,
    ce: s.ce,
    adversarial: s.adversarial,
    weight_mean: s.weight_mean,
    confidence_mean: s.confidence_mean,
    discriminator: d.total,
    discriminator_real: d.real,
    discriminator_fake: d.fake,
  });

  return {
    name,
    models: () => ({ segmentor, confidence }),
    optimizers: () => ({ segmentor: segmentorOptimizer, confidence: confidenceOptimizer }),
    step(batch: TensorBatch, _ctx?: StepContext): Record<string, number> {
      const { segmentor: s, critic: d } = alternatingUpdate({
        segmentor,
        segmentorOptimizer,
        critic: confidence,
        criticOptimizer: confidenceOptimizer,
        criticSteps: discriminatorSteps,
        segmentorLoss: (logged) => segmentorLoss(batch, true, logged),
        criticLoss: (probs, logged) => criticLoss(batch, probs, true, logged),
      });
      return record(s, d);
    },
    validate(batch: TensorBatch): Record<string, number> {
      return tf.tidy(() => {
        const logged: Record<string, tf.Tensor> = {};
        const total = segmentorLoss(batch, false, logged);
        const dTotal = criticLoss(batch, logged.probs as tf.Tensor4D, false, logged);
        const read = (t: tf.Tensor) => t.dataSync()[0];
        const s = { total: read(total), ce: read(logged.ce), adversarial: read(logged.adversarial) };
        const extra = { weight_mean: read(logged.weight_mean), confidence_mean: read(logged.confidence_mean) };
        return record({ ...s, ...extra }, { total: read(dTotal), real: read(logged.real), fake: read(logged.fake) });
      });
    },
  };
}
