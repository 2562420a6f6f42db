/**
 * The SegAN training game (Xue et al. 2018, Eq. 2, §2.3) as a seg TrainStep:
 *
 *   min_θS max_θC L(θS, θC) = (1/N) Σ_n ℓ_mae(f_C(x_n ∘ S(x_n)), f_C(x_n ∘ y_n))
 *
 * Per batch: `criticSteps` critic updates (ascend L with S fixed, then clamp every critic weight to ±c), then one
 * segmentor update (descend L with C fixed; the segmentor learns only through the critic's features, unless
 * `dice: 'soft'` adds the authors' code's Dice term). S(x) = softmax(logits) for the foreground classes; y one-hot.
 * As in the authors' code both networks run in training mode (batch-norm batch statistics) in both updates.
 */
import { SegConfigError } from '@seg/core';
import { oneHotLabels, softDice, validMask } from '@seg/margin';
import { createOptimizer, type StepContext, type TensorBatch, type TrainStep } from '@seg/train';
import * as tf from '@tensorflow/tfjs';
import { type ClipPreset, clipWeights, SEGAN_CLIP } from './clip.js';
import { type MultiScaleWeighting, multiScaleL1 } from './losses.js';
import { criticInputs, foregroundMaps, type SeganVariant } from './masking.js';
import { checkSeganNetworks } from './networks.js';

export interface SeganStepOptions {
  segmentor: tf.LayersModel;
  /** One critic (S3-1C, S1-1C) or one per foreground class (S3-3C), e.g. from `seganCritic`. */
  critics: tf.LayersModel | readonly tf.LayersModel[];
  segmentorOptimizer: tf.Optimizer;
  /** One optimizer for every critic weight. */
  criticOptimizer: tf.Optimizer;
  /** Multi-class arrangement (§3.1). Default 'S3-3C' (the paper's final model). */
  variant?: SeganVariant;
  /** Multi-scale L1 layer weighting. Default 'paper'. */
  weighting?: MultiScaleWeighting;
  /** Segmentor loss: L alone ('none', paper) or L + diceWeight·soft Dice ('soft', authors' code). Default 'none'. */
  dice?: 'none' | 'soft';
  diceWeight?: number;
  /** Critic clipping bound c: 'code' = 0.05 (default, authors' code), 'paper' = 0.01, or a number. */
  clip?: ClipPreset | number;
  /** Critic updates per segmentor update. Default 1. */
  criticSteps?: number;
  /** Label marking unlabelled pixels (blank in both masked images). Default 255. */
  ignoreIndex?: number;
}

/** RMSProp (paper: lr 2e-5) or Adam (the authors' code: lr 2e-4, β1 0.5) for both networks, via createOptimizer. */
export function seganOptimizers(options: { name?: 'rmsprop' | 'adam'; lr?: number; beta1?: number } = {}) {
  const { name = 'rmsprop', lr = name === 'rmsprop' ? 2e-5 : 2e-4, beta1 = 0.5 } = options;
  const make = () => (name === 'adam' ? createOptimizer({ name, lr, beta1 }) : createOptimizer({ name, lr }));
  return { segmentor: make(), critic: make() };
}

const asList = (t: tf.Tensor | tf.Tensor[]): tf.Tensor[] => (Array.isArray(t) ? t : [t]);
const read = (t: tf.Tensor): number => {
  const v = t.dataSync()[0];
  t.dispose();
  return v;
};

/** A {@link TrainStep} playing SegAN's min-max game; models: `segmentor`, `critic` (or `critic_<k>` per class). */
export function seganStep(options: SeganStepOptions): TrainStep {
  const { segmentor, segmentorOptimizer, criticOptimizer, variant = 'S3-3C', weighting = 'paper' } = options;
  const { dice = 'none', diceWeight = 1, clip = 'code', criticSteps = 1, ignoreIndex = 255 } = options;
  const critics: tf.LayersModel[] = Array.isArray(options.critics) ? [...options.critics] : [options.critics as tf.LayersModel];
  const c = typeof clip === 'number' ? clip : SEGAN_CLIP[clip];
  if (!(Number.isInteger(criticSteps) && criticSteps >= 1) || !(c > 0) || !(diceWeight >= 0) || !['none', 'soft'].includes(dice)) {
    throw new SegConfigError({
      fn: 'seganStep',
      arg: 'options',
      detail: `invalid options (criticSteps ${criticSteps}, clip ${clip}, dice ${dice}, diceWeight ${diceWeight})`,
      hint: 'criticSteps: integer ≥ 1; clip: > 0; dice: none | soft; diceWeight ≥ 0',
    });
  }
  const { numClasses, firstIsInput } = checkSeganNetworks(segmentor, critics, variant);
  const diceLoss = softDice({ ignoreIndex });
  const criticVars = () => critics.flatMap((m) => m.trainableWeights.map((w) => w.read() as tf.Variable));
  const segVars = () => segmentor.trainableWeights.map((w) => w.read() as tf.Variable);

  /** L over the critics (S3-3C: their mean) for the given maps; training selects batch-norm mode. */
  const gameLoss = (images: tf.Tensor4D, pred: tf.Tensor4D, truth: tf.Tensor4D, training: boolean): tf.Scalar => {
    const pIn = criticInputs(images, pred, variant);
    const tIn = criticInputs(images, truth, variant);
    const per = critics.map((m, i) =>
      multiScaleL1(asList(m.apply(pIn[i], { training }) as tf.Tensor), asList(m.apply(tIn[i], { training }) as tf.Tensor), {
        weighting,
        firstIsInput,
      }),
    );
    return tf.div(tf.addN(per), per.length) as tf.Scalar;
  };
  const maps = (logits: tf.Tensor4D, labels: tf.Tensor3D) => {
    const valid = validMask(labels, ignoreIndex);
    return { pred: foregroundMaps(tf.softmax(logits), valid), truth: foregroundMaps(oneHotLabels(labels, numClasses, ignoreIndex), valid) };
  };

  const criticUpdate = (batch: TensorBatch): number => {
    const value = tf.tidy(() => {
      const logits = segmentor.apply(batch.images, { training: true }) as tf.Tensor4D;
      const { pred, truth } = maps(logits, batch.labels); // constants here: only critic weights are differentiated
      const vars = criticVars();
      const out = tf.variableGrads(() => tf.neg(gameLoss(batch.images, pred, truth, true)), vars);
      criticOptimizer.applyGradients(vars.map((v) => ({ name: v.name, tensor: out.grads[v.name] })));
      return tf.neg(out.value);
    });
    clipWeights(critics, c);
    return read(value);
  };

  const segmentorUpdate = (batch: TensorBatch): Record<string, number> => {
    const kept: Record<string, tf.Tensor> = {};
    const total = tf.tidy(() => {
      const vars = segVars();
      const out = tf.variableGrads(() => {
        const logits = segmentor.apply(batch.images, { training: true }) as tf.Tensor4D;
        const { pred, truth } = maps(logits, batch.labels);
        const l1 = gameLoss(batch.images, pred, truth, true);
        kept.l1 = tf.keep(tf.clone(l1)); // a copy: `l1` itself may come back as the value
        if (dice === 'none') return l1;
        kept.dice = tf.keep(diceLoss(logits, batch.labels));
        return tf.add(l1, tf.mul(kept.dice, diceWeight)) as tf.Scalar;
      }, vars);
      segmentorOptimizer.applyGradients(vars.map((v) => ({ name: v.name, tensor: out.grads[v.name] })));
      return out.value;
    });
    const record: Record<string, number> = { loss: read(total) };
    for (const [k, t] of Object.entries(kept)) record[k] = read(t);
    return record;
  };

  const models: Record<string, tf.LayersModel> = { segmentor };
  critics.forEach((m, i) => {
    models[critics.length === 1 ? 'critic' : `critic_${i + 1}`] = m;
  });
  return {
    name: 'segan',
    models: () => models,
    optimizers: () => ({ segmentor: segmentorOptimizer, critic: criticOptimizer }),
    step(batch: TensorBatch, _ctx?: StepContext): Record<string, number> {
      let criticL1 = 0;
      for (let s = 0; s < criticSteps; s++) criticL1 = criticUpdate(batch);
      return { ...segmentorUpdate(batch), critic_l1: criticL1 };
    },
    validate(batch: TensorBatch): Record<string, number> {
      return tf.tidy((): Record<string, number> => {
        const logits = segmentor.apply(batch.images, { training: false }) as tf.Tensor4D;
        const { pred, truth } = maps(logits, batch.labels);
        const l1 = gameLoss(batch.images, pred, truth, false).dataSync()[0];
        if (dice === 'none') return { loss: l1, l1 };
        const d = diceLoss(logits, batch.labels).dataSync()[0];
        return { loss: l1 + diceWeight * d, l1, dice: d };
      });
    },
  };
}
