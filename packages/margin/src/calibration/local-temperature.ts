/**
 * Local temperature scaling (Ding, Han, Liu & Niethammer, "Local Temperature Scaling for Probability Calibration",
 * ICCV 2021): instead of one temperature for every pixel, a small network predicts a temperature per pixel from the
 * logits (and optionally the image), p_i = softmax(z_i / T(x)_i), trained on held-out labelled data by the mean NLL
 * over the labeled pixels P:
 *
 *   NLL(θ) = (1/|P|) Σ_{i∈P} [ log Σ_k exp(z_ik / T_θ(x)_i) − z_{i,y_i} / T_θ(x)_i ]
 *
 * with Adam, `epochs` passes over the given batches in their order (deterministic: seeded initialisation, no
 * shuffling). As with global scaling, T > 0 keeps every argmax, so the segmentation is unchanged. The network is
 * {@link localTemperatureModel}; the fit returns it as a `tf.LayersModel` (save it with `saveModel` from
 * `@seg/train`; its custom output layer is registered when `@seg/margin` is imported).
 */
import { assertInteger, assertOneOf, DEFAULT_IGNORE_INDEX, SegConfigError } from '@seg/core';
import * as tf from '@tensorflow/tfjs';
import { crossEntropy } from '../losses/cross-entropy.js';
import type { SegLoss } from '../types.js';
import { type CalibrationBatch, checkBatches, evaluateNll } from './calibration-batches.js';
import { type LocalTemperatureModelConfig, localTemperatureModel, resolveLocalTemperatureConfig } from './local-temperature-model.js';

export type LocalTemperatureInputs = 'logits' | 'logits+image';
export const LOCAL_TEMPERATURE_INPUTS: readonly LocalTemperatureInputs[] = ['logits', 'logits+image'];

export interface FitLocalTemperatureOptions extends Omit<LocalTemperatureModelConfig, 'numClasses' | 'imageChannels'> {
  /** What the network sees: the logits (default) or the logits and the image (every batch then needs `images`). */
  inputs?: LocalTemperatureInputs;
  /** Passes over the batches. Default 50. */
  epochs?: number;
  /** Adam learning rate. Default 0.01. */
  lr?: number;
  /** Label value that is skipped. Default 255. */
  ignoreIndex?: number;
  /** Called after every epoch with the epoch (1-based) and that epoch's mean training NLL. */
  onEpoch?: (info: { epoch: number; nll: number }) => void;
}

/** What {@link fitLocalTemperature} returns. Everything but `model` is JSON-serialisable. */
export interface LocalTemperatureFit {
  method: 'local-temperature';
  /** The trained temperature network (caller owns it: dispose or save it). */
  model: tf.LayersModel;
  /** Mean NLL over the labeled pixels at T = 1 (the uncalibrated model). */
  nllBefore: number;
  /** Mean NLL with the trained T(x). */
  nllAfter: number;
  /** Labeled pixels used. */
  pixels: number;
  /** Optimizer steps (epochs × batches holding a labeled pixel). */
  steps: number;
  /** Mean training NLL of each epoch (weighted by labeled pixels; measured while the weights moved). */
  history: number[];
  /** Predicted temperatures over every pixel of the batches, after training. */
  temperatureRange: { min: number; mean: number; max: number };
  /** The network and training settings, defaults filled in. */
  config: Required<Omit<LocalTemperatureModelConfig, 'imageChannels'>> & {
    imageChannels: number;
    inputs: LocalTemperatureInputs;
    epochs: number;
    lr: number;
    ignoreIndex: number;
  };
}

const FN = 'fitLocalTemperature';

function checkTraining(epochs: unknown, lr: unknown): void {
  const problems: string[] = [];
  if (!(typeof epochs === 'number' && Number.isInteger(epochs) && epochs >= 0))
    problems.push(`'epochs' must be an integer ≥ 0, got ${epochs}`);
  if (!(typeof lr === 'number' && Number.isFinite(lr) && lr > 0)) problems.push(`'lr' must be a finite number > 0, got ${lr}`);
  if (problems.length > 0) throw new SegConfigError({ fn: FN, arg: 'options', detail: 'invalid training options', problems });
}

/** One Adam step on one batch; returns the batch's mean NLL before the step. */
async function trainStep(
  model: tf.LayersModel,
  optimizer: tf.Optimizer,
  batch: CalibrationBatch,
  useImage: boolean,
  nll: SegLoss,
): Promise<number> {
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const cost = optimizer.minimize(
    () => {
      const inputs = useImage ? [batch.logits, batch.images as tf.Tensor4D] : batch.logits;
      const t = model.apply(inputs, { training: true }) as tf.Tensor4D;
      return nll(tf.div(batch.logits, t) as tf.Tensor4D, batch.labels);
    },
    true,
    vars,
  ) as tf.Scalar;
  const value = (await cost.data())[0];
  cost.dispose();
  return value;
}

/** Trains a local-temperature network on validation batches (see the module doc). The batches stay the caller's. */
export async function fitLocalTemperature(
  batches: readonly CalibrationBatch[],
  options: FitLocalTemperatureOptions = {},
): Promise<LocalTemperatureFit> {
  const { inputs = 'logits', epochs = 50, lr = 0.01, ignoreIndex = DEFAULT_IGNORE_INDEX, onEpoch, ...network } = options;
  assertOneOf(inputs, LOCAL_TEMPERATURE_INPUTS, FN, 'inputs');
  assertInteger(ignoreIndex, FN, 'ignoreIndex');
  checkTraining(epochs, lr);
  const useImage = inputs === 'logits+image';
  const shape = checkBatches(FN, batches, useImage, ignoreIndex);
  const resolved = resolveLocalTemperatureConfig({ ...network, numClasses: shape.numClasses, imageChannels: shape.imageChannels }, FN);
  const before = evaluateNll(batches, ignoreIndex);
  const model = localTemperatureModel(resolved);
  const optimizer = tf.train.adam(lr);
  const nll = crossEntropy({ ignoreIndex });
  const history: number[] = [];
  let steps = 0;
  try {
    for (let epoch = 1; epoch <= epochs; epoch++) {
      let sum = 0;
      for (const [i, batch] of batches.entries()) {
        if (shape.counts[i] === 0) continue;
        sum += shape.counts[i] * (await trainStep(model, optimizer, batch, useImage, nll));
        steps++;
      }
      history.push(sum / before.count);
      onEpoch?.({ epoch, nll: sum / before.count });
      await tf.nextFrame();
    }
  } catch (error) {
    model.dispose();
    throw error;
  } finally {
    optimizer.dispose();
  }
  const after = evaluateNll(batches, ignoreIndex, model, useImage);
  return {
    method: 'local-temperature',
    model,
    nllBefore: before.nll,
    nllAfter: after.nll,
    pixels: before.count,
    steps,
    history,
    temperatureRange: after.temperature,
    config: { ...resolved, inputs, epochs, lr, ignoreIndex },
  };
}
