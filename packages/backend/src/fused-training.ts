/**
 * Wiring seg's fused training kernels into tfjs: the gradients of `SegBatchNormTraining` and of `Relu`, and
 * tfjs-layers' `BatchNormalization` layer calling the fused kernel in training mode.
 *
 * - `BatchNormalization.call(x, { training: true })` (tfjs-layers 4.22.0, whose `call` this replicates): runs
 *   `SegBatchNormTraining` (y, batch mean, batch variance in one kernel) and updates the moving averages exactly as
 *   tfjs-layers does (moving −= (moving − batch)·(1 − momentum)). Inference, other axes, `center`/`scale` off, a
 *   back-end without the kernel, or another tfjs-layers version: the layer's own `call`, untouched.
 * - `Relu`'s gradient: dy·step(x) as one `SegReluGrad` kernel where the back-end has it (two kernels and an
 *   activation-sized temporary otherwise: tfjs's own gradient, which is kept and used everywhere else).
 *
 * `setSegFusion(false)` (or `SEG_FUSION=off`) switches both back to tfjs's graphs, e.g. to compare results.
 */
import * as tf from '@tensorflow/tfjs';
import type { GradConfig, NamedAttrMap, Tensor } from '@tensorflow/tfjs-core';
import { fusedApplyGradients } from './fused-adam.js';
import { BN_TRAINING, BN_TRAINING_GRAD } from './fused-batch-norm.js';

/** The tfjs-layers version whose `BatchNormalization.call` the fused call replicates (and tfjs-core's, for Adam). */
export const FUSED_LAYERS_VERSION = '4.22.0';
const ADAM = 'SegAdam';
export const RELU_GRAD = 'SegReluGrad';

let enabled = process.env.SEG_FUSION !== 'off';

/** Turns the fused batch norm and ReLU gradient on or off (process-wide); returns the previous setting. */
export function setSegFusion(on: boolean): boolean {
  const was = enabled;
  enabled = on;
  return was;
}

/** True when fusion is on and the active back-end has `kernelName`. */
function available(kernelName: string): boolean {
  return enabled && tf.getKernel(kernelName, tf.getBackend()) !== undefined;
}

const bnGradient: GradConfig & { segFused: true } = {
  kernelName: BN_TRAINING,
  inputsToSave: ['x', 'scale'],
  outputsToSave: [false, true, true],
  gradFunc: (dys, saved, attrs) => {
    const [dy, dmean, dvariance] = dys as Tensor[];
    const [x, scale, mean, variance] = saved;
    const inputs = { dy, x, scale, mean, variance, dmean, dvariance };
    const [dx, dscale, doffset] = tf.engine().runKernel(BN_TRAINING_GRAD, inputs, attrs as NamedAttrMap) as Tensor[];
    return { x: () => dx, scale: () => dscale, offset: () => doffset };
  },
  segFused: true,
};

function reluGradient(stock: GradConfig): GradConfig & { segFused: true } {
  return {
    kernelName: 'Relu',
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      if (!available(RELU_GRAD)) return stock.gradFunc(dy, saved, attrs);
      const [x] = saved;
      return { x: () => tf.engine().runKernel(RELU_GRAD, { dy: dy as Tensor, x }, {}) as Tensor };
    },
    segFused: true,
  };
}

type LayerVariable = { read(): Tensor; write(value: Tensor): void };
interface BatchNormLayer {
  axis: number;
  momentum: number;
  epsilon: number;
  center: boolean;
  scale: boolean;
  gamma: LayerVariable;
  beta: LayerVariable;
  movingMean: LayerVariable;
  movingVariance: LayerVariable;
}
type Call = (this: BatchNormLayer, inputs: Tensor | Tensor[], kwargs: Record<string, unknown>) => Tensor;

/** tfjs-layers' moving-average update: variable ← v − (v − value)·(1 − momentum). */
function movingAverage(variable: LayerVariable, value: Tensor, momentum: number): void {
  tf.tidy(() => {
    const orig = variable.read();
    variable.write(tf.sub(orig, tf.mul(tf.sub(orig, value), 1 - momentum)));
  });
}

function fusedCall(original: Call): Call {
  return function (this: BatchNormLayer, inputs, kwargs) {
    const x = Array.isArray(inputs) ? (inputs.length === 1 ? inputs[0] : undefined) : inputs;
    const lastAxis = x !== undefined && (this.axis === -1 || this.axis === x.rank - 1);
    if (
      !kwargs?.training ||
      x === undefined ||
      !lastAxis ||
      x.dtype !== 'float32' ||
      !this.center ||
      !this.scale ||
      !available(BN_TRAINING)
    )
      return original.call(this, inputs, kwargs);
    return tf.tidy(() => {
      const inputsOf = { x, scale: this.gamma.read(), offset: this.beta.read() };
      const [y, mean, variance] = tf.engine().runKernel(BN_TRAINING, inputsOf, { varianceEpsilon: this.epsilon }) as Tensor[];
      movingAverage(this.movingMean, mean, this.momentum);
      movingAverage(this.movingVariance, variance, this.momentum);
      return y;
    });
  };
}

/** The `BatchNormalization` class from tfjs's serialization registry (no instance created: names stay unchanged). */
function batchNormClass(): { prototype: { call: Call; segFused?: boolean } } | undefined {
  const map = tf.serialization.SerializationMap.getMap().classNameMap as Record<string, [unknown, unknown]>;
  return map.BatchNormalization?.[0] as { prototype: { call: Call; segFused?: boolean } } | undefined;
}

/**
 * Installs the fused batch-norm gradient, the ReLU gradient and the BatchNormalization training call (idempotent).
 * Returns a one-line reason when the layer could not be patched (another tfjs-layers version), else undefined.
 */
export function installFusedTraining(): string | undefined {
  if ((tf.getGradient(BN_TRAINING) as { segFused?: boolean } | undefined)?.segFused !== true) tf.registerGradient(bnGradient);
  const relu = tf.getGradient('Relu');
  if (relu !== undefined && (relu as { segFused?: boolean }).segFused !== true) tf.registerGradient(reluGradient(relu));
  const adam = tf.AdamOptimizer.prototype as unknown as { applyGradients: never; segFused?: boolean };
  if (adam.segFused !== true && tf.version['tfjs-core'] === FUSED_LAYERS_VERSION) {
    adam.applyGradients = fusedApplyGradients(adam.applyGradients, () => available(ADAM)) as never;
    adam.segFused = true;
  }
  const cls = batchNormClass();
  if (cls === undefined) return 'fused batch norm: tfjs-layers BatchNormalization is not registered';
  if (cls.prototype.segFused === true) return undefined;
  const version = tf.version['tfjs-layers'];
  if (version !== FUSED_LAYERS_VERSION)
    return `fused batch norm: off (written for tfjs-layers ${FUSED_LAYERS_VERSION}, found ${version}); tfjs's own graph runs`;
  cls.prototype.call = fusedCall(cls.prototype.call);
  cls.prototype.segFused = true;
  return undefined;
}
