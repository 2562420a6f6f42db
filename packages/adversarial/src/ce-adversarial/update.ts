/** Helpers the two adversarial baselines share: one optimizer update in one tf.tidy, scalar read-out, critic checks. */
import { SegInputError } from '@seg/core';
import * as tf from '@tensorflow/tfjs';

/** The variables behind a model's trainable weights (what `tf.variableGrads` differentiates). */
export function trainableVariables(model: tf.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((w) => w.read() as tf.Variable);
}

/**
 * One update of `model`'s trainable weights, in one tf.tidy: `lossFn` returns the loss to minimise and may put
 * scalars to log in `logged` (they are kept and read out); gradients only for this model's variables, so the
 * other network of the game is a constant here. Returns the logged numbers with the loss under `total`.
 */
export function update(
  model: tf.LayersModel,
  optimizer: tf.Optimizer,
  lossFn: (logged: Record<string, tf.Tensor>) => tf.Scalar,
): Record<string, number> {
  const vars = trainableVariables(model);
  const logged: Record<string, tf.Tensor> = {};
  const kept = tf.tidy(() => {
    const { value, grads } = tf.variableGrads(() => {
      const loss = lossFn(logged);
      for (const [k, t] of Object.entries(logged)) logged[k] = tf.keep(t);
      return loss;
    }, vars);
    optimizer.applyGradients(vars.map((v) => ({ name: v.name, tensor: grads[v.name] })));
    return { ...logged, total: value };
  });
  return readScalars(kept);
}

/**
 * One round of the two-player game on a batch: one segmentor update (its loss logs the softmax under `probs`), then
 * `criticSteps` critic updates on that softmax held fixed. Returns both updates' logged numbers.
 */
export function alternatingUpdate(o: {
  segmentor: tf.LayersModel;
  segmentorOptimizer: tf.Optimizer;
  critic: tf.LayersModel;
  criticOptimizer: tf.Optimizer;
  criticSteps: number;
  segmentorLoss: (logged: Record<string, tf.Tensor>) => tf.Scalar;
  criticLoss: (probs: tf.Tensor4D, logged: Record<string, tf.Tensor>) => tf.Scalar;
}): { segmentor: Record<string, number>; critic: Record<string, number> } {
  let probs: tf.Tensor4D | undefined;
  const segmentor = update(o.segmentor, o.segmentorOptimizer, (logged) => {
    const loss = o.segmentorLoss(logged);
    probs = tf.keep(logged.probs as tf.Tensor4D);
    delete logged.probs;
    return loss;
  });
  let critic: Record<string, number> = {};
  try {
    for (let k = 0; k < o.criticSteps; k++)
      critic = update(o.critic, o.criticOptimizer, (logged) => o.criticLoss(probs as tf.Tensor4D, logged));
  } finally {
    probs?.dispose();
  }
  return { segmentor, critic };
}

/** Reads scalars into numbers and disposes them. */
export function readScalars(tensors: Record<string, tf.Tensor>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, t] of Object.entries(tensors)) {
    out[k] = t.dataSync()[0];
    t.dispose();
  }
  return out;
}

/** The critic must read image channels + classes and output `outShape` (null = batch axis). */
export function checkCritic(fn: string, arg: string, critic: tf.LayersModel, channels: number, outShape: readonly (number | null)[]): void {
  const inShape = critic.inputs[0].shape;
  const got = critic.outputs[0].shape;
  const inOk = inShape[inShape.length - 1] === channels;
  const outOk = got.length === outShape.length && outShape.every((d, i) => d === null || d === got[i]);
  if (!inOk || !outOk) {
    const show = (s: readonly (number | null)[]) => s.map((d) => d ?? 'N').join('×');
    throw new SegInputError({
      fn,
      arg,
      expected: `a model reading ${channels} channels (image + one per class) and returning ${show(outShape)}`,
      got: `one reading ${show(inShape)} and returning ${show(got)}`,
      hint: 'Build it with the same inputShape and numClasses as the segmentor',
    });
  }
}
