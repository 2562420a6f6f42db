/**
 * CE + adversarial training (Luc, Couprie, Chintala & Verbeek 2016) as a seg {@link TrainStep}. Per batch:
 *
 * 1. segmentor update (its own optimizer): logits = F(x) in training mode, s = softmax(logits),
 *    loss = CE(logits, y) + α·(−log σ(D(x ⊕ s))) — the non-saturating adversarial term; D is a constant here.
 * 2. `discriminatorSteps` discriminator updates (its own optimizer) on the same batch: real = (x ⊕ onehot(y)),
 *    fake = (x ⊕ s) with s from step 1 held fixed; loss = BCE(D(real), 1) + BCE(D(fake), 0).
 *
 * ⊕ is channel concatenation; `realEncoding: 'scaling'` shows D the τ-scaled ground truth instead. On pixels labelled `ignoreIndex` the real map holds s too (see {@link realClassMap})
 * and CE skips them. One forward pass of F per batch, so batch-norm statistics move once per step.
 */
import { assertInteger, assertOneOf, assertPositive, DEFAULT_IGNORE_INDEX, SegInputError } from '@seg/core';
import { crossEntropy } from '@seg/margin';
import type { StepContext, TensorBatch, TrainStep } from '@seg/train';
import * as tf from '@tensorflow/tfjs';
import { criticInput, discriminatorLoss, nonSaturatingLoss, realClassMap, scaledClassMap } from './losses.js';
import { alternatingUpdate, checkCritic } from './update.js';

export interface CeAdversarialStepOptions {
  /** The segmentation network F: images `[N,H,W,C]` → logits `[N,H,W,K]`. */
  segmentor: tf.LayersModel;
  /** The image-level discriminator D: `[N,H,W,C+K]` → `[N,1]` logits (e.g. `imageDiscriminator` of @seg/models). */
  discriminator: tf.LayersModel;
  segmentorOptimizer: tf.Optimizer;
  discriminatorOptimizer: tf.Optimizer;
  /** Weight α of the adversarial term in the segmenter loss (≥ 0; 0 = plain CE, D still trained). Default 0.1. */
  alpha?: number;
  /**
   * How the ground truth is shown to the discriminator: 'one-hot' (Luc et al.'s "basic") or 'scaling' (their
   * τ-scaled map, {@link scaledClassMap}, which hides the one-hot-vs-soft value clue). Default 'one-hot'.
   */
  realEncoding?: 'one-hot' | 'scaling';
  /** τ of the 'scaling' encoding, in (0, 1]. Default 0.9. */
  tau?: number;
  /** Discriminator updates per segmentor update. Default 1. */
  discriminatorSteps?: number;
  /** Label value excluded from CE (and filled with the prediction in the real map). Default 255. */
  ignoreIndex?: number;
  /** Step name for logs and checkpoints. Default 'ce-adversarial'. */
  name?: string;
}

/**
 * A {@link TrainStep} with models `{ segmentor, discriminator }` and optimizers of the same names. Log record:
 * `loss` (segmentor total), `ce`, `adversarial` (−log D on fakes), `discriminator` (real + fake BCE after the last
 * discriminator update's forward pass), `discriminator_real`, `discriminator_fake`.
 */
export function ceAdversarialStep(options: CeAdversarialStepOptions): TrainStep {
  const { segmentor, discriminator, segmentorOptimizer, discriminatorOptimizer } = options;
  const { alpha = 0.1, discriminatorSteps = 1, ignoreIndex = DEFAULT_IGNORE_INDEX, name = 'ce-adversarial' } = options;
  const { realEncoding = 'one-hot', tau = 0.9 } = options;
  const fn = 'ceAdversarialStep';
  assertPositive(alpha, fn, 'alpha', true);
  assertInteger(discriminatorSteps, fn, 'discriminatorSteps', 1);
  assertInteger(ignoreIndex, fn, 'ignoreIndex');
  assertOneOf(realEncoding, ['one-hot', 'scaling'] as const, fn, 'realEncoding');
  if (!(typeof tau === 'number' && tau > 0 && tau <= 1))
    throw new SegInputError({ fn, arg: 'tau', expected: 'a number in (0, 1]', got: String(tau) });
  const [imageChannels] = segmentor.inputs[0].shape.slice(-1) as number[];
  const [numClasses] = segmentor.outputs[0].shape.slice(-1) as number[];
  checkCritic(fn, 'discriminator', discriminator, imageChannels + numClasses, [null, 1]);
  const ce = crossEntropy({ ignoreIndex });

  /** The segmentor's losses; `probs` receives s = softmax(F(x)). Runs inside the caller's tidy/variableGrads. */
  const segmentorLoss = (batch: TensorBatch, training: boolean, logged: Record<string, tf.Tensor>) => {
    const logits = segmentor.apply(batch.images, { training }) as tf.Tensor4D;
    const probs = tf.softmax(logits) as tf.Tensor4D;
    logged.ce = ce(logits, batch.labels);
    logged.adversarial = nonSaturatingLoss(discriminator.apply(criticInput(batch.images, probs), { training }) as tf.Tensor);
    logged.probs = probs;
    return tf.add(logged.ce, tf.mul(alpha, logged.adversarial)) as tf.Scalar;
  };

  const criticLoss = (batch: TensorBatch, probs: tf.Tensor4D, training: boolean, logged: Record<string, tf.Tensor>) => {
    const realMap =
      realEncoding === 'scaling' ? scaledClassMap(batch.labels, probs, ignoreIndex, tau) : realClassMap(batch.labels, probs, ignoreIndex);
    const real = discriminator.apply(criticInput(batch.images, realMap), { training });
    const fake = discriminator.apply(criticInput(batch.images, probs), { training });
    const parts = discriminatorLoss(real as tf.Tensor, fake as tf.Tensor);
    logged.real = parts.real;
    logged.fake = parts.fake;
    return parts.total;
  };

  return {
    name,
    models: () => ({ segmentor, discriminator }),
    optimizers: () => ({ segmentor: segmentorOptimizer, discriminator: discriminatorOptimizer }),
    step(batch: TensorBatch, _ctx?: StepContext): Record<string, number> {
      const { segmentor: s, critic: d } = alternatingUpdate({
        segmentor,
        segmentorOptimizer,
        critic: discriminator,
        criticOptimizer: discriminatorOptimizer,
        criticSteps: discriminatorSteps,
        segmentorLoss: (logged) => segmentorLoss(batch, true, logged),
        criticLoss: (probs, logged) => criticLoss(batch, probs, true, logged),
      });
      return {
        loss: s.total,
        ce: s.ce,
        adversarial: s.adversarial,
        discriminator: d.total,
        discriminator_real: d.real,
        discriminator_fake: d.fake,
      };
    },
    validate(batch: TensorBatch): Record<string, number> {
      return tf.tidy(() => {
        const logged: Record<string, tf.Tensor> = {};
        const loss = segmentorLoss(batch, false, logged);
        const dLoss = criticLoss(batch, logged.probs as tf.Tensor4D, false, logged);
        const read = (t: tf.Tensor) => t.dataSync()[0];
        return {
          loss: read(loss),
          ce: read(logged.ce),
          adversarial: read(logged.adversarial),
          discriminator: read(dLoss),
          discriminator_real: read(logged.real),
          discriminator_fake: read(logged.fake),
        };
      });
    },
  };
}
