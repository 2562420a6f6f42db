/**
 * Plain supervised training: logits = model(x) in training mode (dropout on, batch-norm batch statistics and
 * moving-average updates), loss = SegLoss(logits, labels), gradients of the loss w.r.t. the model's trainable
 * weights (`tf.variableGrads`), one optimizer update.
 */
import type { SegLoss } from '@seg/margin';
import * as tf from '@tensorflow/tfjs';
import { isLossSchedule, type LossSchedule } from './loss-schedule.js';
import type { StepContext, TensorBatch, TrainStep } from './train-step.js';

export interface SupervisedStepOptions {
  model: tf.LayersModel;
  /** One loss, or a {@link LossSchedule} that switches losses by epoch (validation uses the current epoch's loss). */
  loss: SegLoss | LossSchedule;
  optimizer: tf.Optimizer;
  /** Step name for logs (default 'supervised'). */
  name?: string;
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
  const schedule = isLossSchedule(options.loss) ? options.loss : undefined;
  let loss: SegLoss = schedule ? schedule.at(0) : (options.loss as SegLoss);
  let phase = 0;
  const withPhase = (record: Record<string, number>) => (schedule ? { ...record, loss_phase: phase } : record);
  return {
    name,
    models: () => ({ segmentor: model }),
    optimizers: () => ({ segmentor: optimizer }),
    step(batch: TensorBatch, ctx?: StepContext): Record<string, number> {
      if (schedule && ctx) {
        phase = schedule.phaseAt(ctx.epoch);
        loss = schedule.at(ctx.epoch);
      }
      const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
      const kept: Record<string, tf.Tensor> = {};
      const { value, grads } = tf.variableGrads(() => {
        const logits = model.apply(batch.images, { training: true }) as tf.Tensor4D;
        const parts = loss.parts(logits, batch.labels);
        for (const [k, t] of Object.entries(parts)) if (k !== 'total') kept[k] = tf.keep(t);
        return parts.total;
      }, vars);
      optimizer.applyGradients(vars.map((v) => ({ name: v.name, tensor: grads[v.name] })));
      tf.dispose(grads);
      return withPhase(logRecord(readScalars({ total: value }).total, readScalars(kept)));
    },
    validate(batch: TensorBatch): Record<string, number> {
      const parts = tf.tidy(() => {
        const logits = model.apply(batch.images, { training: false }) as tf.Tensor4D;
        const p = loss.parts(logits, batch.labels);
        const out: Record<string, number> = {};
        for (const [k, t] of Object.entries(p)) out[k] = t.dataSync()[0];
        return out;
      });
      return withPhase(logRecord(parts.total, parts));
    },
  };
}
