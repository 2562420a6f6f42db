/**
 * Plain supervised training: logits = model(x) in training mode (dropout on, batch-norm batch statistics and
 * moving-average updates), loss = SegLoss(logits, labels), gradients of the loss w.r.t. the model's trainable
 * weights (`tf.variableGrads`), one optimizer update.
 *
 * Multi-output models (deep supervision heads, AAG's multi-scale maps) are trained through their first output, the
 * full-resolution logits, unless `deepSupervision` adds the loss of every output against the labels brought to its
 * size (nearest neighbour, as nnU-Net downsamples its targets).
 */
import { SegConfigError } from '@seg/core';
import type { SegLoss } from '@seg/margin';
import * as tf from '@tensorflow/tfjs';
import { segmentorModels } from './logits-view.js';
import { isLossSchedule, type LossSchedule } from './loss-schedule.js';
import type { StepContext, TensorBatch, TrainStep } from './train-step.js';

export interface SupervisedStepOptions {
  model: tf.LayersModel;
  /** One loss, or a {@link LossSchedule} that switches losses by epoch (validation uses the current epoch's loss). */
  loss: SegLoss | LossSchedule;
  optimizer: tf.Optimizer;
  /** Step name for logs (default 'supervised'). */
  name?: string;
  /**
   * Loss over every output of a multi-output model: 'off' (default: the first output only), 'nnunet' (weights
   * ∝ 1/2^i for output i, the coarsest 0, normalised to sum 1 — Isensee et al. 2021), or one weight per output.
   * The extra outputs must be logits (U-Net / UNet++ `deepSupervision: true`), not probabilities.
   */
  deepSupervision?: 'off' | 'nnunet' | readonly number[];
}

/** nnU-Net's deep-supervision weights for `k` outputs: 1/2^i, the last one 0, normalised (k = 1 → [1]). */
export function nnunetWeights(k: number): number[] {
  const w = Array.from({ length: k }, (_, i) => (k > 1 && i === k - 1 ? 0 : 1 / 2 ** i));
  const sum = w.reduce((a, b) => a + b, 0);
  return w.map((v) => v / sum);
}

function outputWeights(model: tf.LayersModel, option: SupervisedStepOptions['deepSupervision']): number[] {
  const k = model.outputs.length;
  if (option === undefined || option === 'off') return [1, ...new Array(k - 1).fill(0)];
  if (option === 'nnunet') return nnunetWeights(k);
  if (!Array.isArray(option) || option.length !== k || option.some((w) => !(Number.isFinite(w) && w >= 0))) {
    throw new SegConfigError({
      fn: 'supervisedStep',
      arg: 'deepSupervision',
      expected: `'off', 'nnunet' or ${k} finite weights ≥ 0 (one per model output)`,
      got: JSON.stringify(option),
    });
  }
  return [...option];
}

/** Labels `[N,H,W]` at `[h,w]` by nearest neighbour (ignoreIndex survives as a value). */
function labelsAt(labels: tf.Tensor3D, h: number, w: number): tf.Tensor3D {
  const [, H, W] = labels.shape;
  if (H === h && W === w) return labels;
  const resized = tf.image.resizeNearestNeighbor(tf.expandDims(tf.cast(labels, 'float32'), -1) as tf.Tensor4D, [h, w]);
  return tf.cast(tf.squeeze(resized, [3]), 'int32') as tf.Tensor3D;
}

/** Σ_i w_i · loss(output_i, labels at its size), parts of output 0 logged as they are, `ds_<i>` for the others. */
function lossOverOutputs(loss: SegLoss, outputs: tf.Tensor[], labels: tf.Tensor3D, weights: readonly number[]): Record<string, tf.Scalar> {
  const parts = loss.parts(outputs[0] as tf.Tensor4D, labels);
  if (weights.every((w, i) => i === 0 || w === 0) && weights[0] === 1) return parts;
  let total = tf.mul(weights[0], parts.total) as tf.Scalar;
  const out: Record<string, tf.Scalar> = { ...parts };
  for (let i = 1; i < outputs.length; i++) {
    if (weights[i] === 0) continue;
    const [, h, w] = outputs[i].shape as number[];
    const li = loss(outputs[i] as tf.Tensor4D, labelsAt(labels, h, w));
    out[`ds_${i}`] = li;
    total = tf.add(total, tf.mul(weights[i], li)) as tf.Scalar;
  }
  return { ...out, total };
}

/** Reads kept scalars into numbers and disposes them. */
function readScalars(tensors: Record<string, tf.Tensor>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, t] of Object.entries(tensors)) {
    out[k] = t.dataSync()[0];
    t.dispose();
  }
  return out;
}

/** Loss parts → log record: `loss` = the total, then every other part under its own name. */
function logRecord(total: number, parts: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = { loss: total };
  for (const [k, v] of Object.entries(parts)) if (k !== 'total' && k !== 'loss') out[k] = v;
  return out;
}

/** A {@link TrainStep} that trains one segmentor with one loss and one optimizer. */
export function supervisedStep(options: SupervisedStepOptions): TrainStep {
  const { model, optimizer, name = 'supervised' } = options;
  const weights = outputWeights(model, options.deepSupervision);
  const models = segmentorModels(model);
  const asList = (t: tf.Tensor | tf.Tensor[]) => (Array.isArray(t) ? t : [t]);
  const schedule = isLossSchedule(options.loss) ? options.loss : undefined;
  let loss: SegLoss = schedule ? schedule.at(0) : (options.loss as SegLoss);
  let phase = 0;
  const withPhase = (record: Record<string, number>) => (schedule ? { ...record, loss_phase: phase } : record);
  return {
    name,
    models: () => models,
    optimizers: () => ({ segmentor: optimizer }),
    step(batch: TensorBatch, ctx?: StepContext): Record<string, number> {
      if (schedule && ctx) {
        phase = schedule.phaseAt(ctx.epoch);
        loss = schedule.at(ctx.epoch);
      }
      const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
      const kept: Record<string, tf.Tensor> = {};
      const { value, grads } = tf.variableGrads(() => {
        const outputs = asList(model.apply(batch.images, { training: true }) as tf.Tensor | tf.Tensor[]);
        const parts = lossOverOutputs(loss, outputs, batch.labels, weights);
        for (const [k, t] of Object.entries(parts)) if (k !== 'total') kept[k] = tf.keep(t);
        return parts.total;
      }, vars);
      optimizer.applyGradients(vars.map((v) => ({ name: v.name, tensor: grads[v.name] })));
      tf.dispose(grads);
      return withPhase(logRecord(readScalars({ total: value }).total, readScalars(kept)));
    },
    validate(batch: TensorBatch): Record<string, number> {
      const parts = tf.tidy(() => {
        const logits = asList(model.apply(batch.images, { training: false }) as tf.Tensor | tf.Tensor[])[0] as tf.Tensor4D;
        const p = loss.parts(logits, batch.labels);
        const out: Record<string, number> = {};
        for (const [k, t] of Object.entries(p)) out[k] = t.dataSync()[0];
        return out;
      });
      return withPhase(logRecord(parts.total, parts));
    },
  };
}
