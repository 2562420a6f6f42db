/**
 * Optimizer factory and learning-rate control.
 *
 * - `adam`: Kingma & Ba 2015 (tfjs `AdamOptimizer`; ε defaults to the backend epsilon, 1e-7 on cpu/wasm).
 * - `adamw`: Adam + decoupled weight decay on kernels (see {@link AdamWOptimizer}).
 * - `rmsprop`: Tieleman & Hinton 2012, ρ = `decay` (0.9), optional momentum.
 * - `sgd`: plain SGD, or heavy-ball momentum when `momentum` > 0 (tfjs `MomentumOptimizer`).
 *
 * Learning rate per step: tfjs's Adam and RMSProp read `this.learningRate` inside `applyGradients` (checked in
 * tfjs-core 4.22 `adam_optimizer.js` / `rmsprop_optimizer.js`), SGD and Momentum multiply by a cached scalar
 * `this.c` that only `setLearningRate()` refreshes — {@link setLearningRate} handles both.
 */
import { SegConfigError, SegInputError } from '@seg/core';
import * as tf from '@tensorflow/tfjs';
import { AdamWOptimizer } from './adamw.js';

export type OptimizerName = 'adam' | 'rmsprop' | 'sgd' | 'adamw';
export const OPTIMIZER_NAMES: readonly OptimizerName[] = ['adam', 'rmsprop', 'sgd', 'adamw'];

export interface OptimizerOptions {
  name: OptimizerName;
  /** Learning rate (> 0). */
  lr: number;
  /** AdamW only: decoupled decay factor λ (default 0.01); w ← w − lr·λ·w on kernels each step. */
  weightDecay?: number;
  /** SGD: heavy-ball momentum (0 = plain SGD, default); RMSProp: momentum (default 0). */
  momentum?: number;
  /** Adam/AdamW first-moment decay (default 0.9). */
  beta1?: number;
  /** Adam/AdamW second-moment decay (default 0.999). */
  beta2?: number;
  /** Adam/AdamW/RMSProp ε (default: the backend epsilon). */
  epsilon?: number;
  /** RMSProp ρ (default 0.9). */
  decay?: number;
}

function checkOptions(options: OptimizerOptions): string[] {
  const problems: string[] = [];
  const { name, lr, weightDecay, momentum, beta1, beta2, epsilon, decay } = options;
  if (!OPTIMIZER_NAMES.includes(name)) problems.push(`'name' must be one of ${OPTIMIZER_NAMES.join(', ')}, got ${JSON.stringify(name)}`);
  if (!(typeof lr === 'number' && Number.isFinite(lr) && lr > 0)) problems.push(`'lr' must be a finite number > 0, got ${lr}`);
  const unit = { beta1, beta2, momentum, decay };
  for (const [key, v] of Object.entries(unit)) {
    if (v !== undefined && !(Number.isFinite(v) && v >= 0 && v < 1)) problems.push(`'${key}' must be in [0, 1), got ${v}`);
  }
  if (epsilon !== undefined && !(Number.isFinite(epsilon) && epsilon > 0)) problems.push(`'epsilon' must be > 0, got ${epsilon}`);
  if (weightDecay !== undefined) {
    if (name !== 'adamw') problems.push(`'weightDecay' applies only to 'adamw' (decoupled decay), got it with '${name}'`);
    else if (!(Number.isFinite(weightDecay) && weightDecay >= 0)) problems.push(`'weightDecay' must be ≥ 0, got ${weightDecay}`);
  }
  if (momentum !== undefined && (name === 'adam' || name === 'adamw')) problems.push(`'momentum' does not apply to '${name}'; use beta1`);
  return problems;
}

/** Builds a tfjs optimizer; every invalid option is listed in one SegConfigError. */
export function createOptimizer(options: OptimizerOptions): tf.Optimizer {
  const problems = checkOptions(options);
  if (problems.length > 0)
    throw new SegConfigError({ fn: 'createOptimizer', arg: 'options', detail: 'invalid optimizer options', problems });
  const { name, lr, weightDecay = 0.01, momentum = 0, beta1 = 0.9, beta2 = 0.999, epsilon, decay = 0.9 } = options;
  switch (name) {
    case 'adam':
      return new tf.AdamOptimizer(lr, beta1, beta2, epsilon);
    case 'adamw':
      return new AdamWOptimizer(lr, beta1, beta2, epsilon ?? null, weightDecay);
    case 'rmsprop':
      return new tf.RMSPropOptimizer(lr, decay, momentum, epsilon);
    default:
      return momentum > 0 ? new tf.MomentumOptimizer(lr, momentum) : new tf.SGDOptimizer(lr);
  }
}

interface WithLearningRate {
  learningRate?: unknown;
  setLearningRate?: (lr: number) => void;
}

/** The optimizer's current learning rate. */
export function getLearningRate(optimizer: tf.Optimizer): number {
  const lr = (optimizer as unknown as WithLearningRate).learningRate;
  if (typeof lr !== 'number') {
    throw new SegInputError({
      fn: 'getLearningRate',
      arg: 'optimizer',
      expected: 'a tfjs optimizer with a numeric learningRate',
      got: optimizer?.getClassName?.() ?? typeof optimizer,
    });
  }
  return lr;
}

/** Sets the learning rate used by the next `applyGradients` (SGD/Momentum via setLearningRate, others directly). */
export function setLearningRate(optimizer: tf.Optimizer, lr: number): void {
  if (!(Number.isFinite(lr) && lr >= 0))
    throw new SegInputError({ fn: 'setLearningRate', arg: 'lr', expected: 'a finite number ≥ 0', got: String(lr) });
  getLearningRate(optimizer);
  const o = optimizer as unknown as WithLearningRate;
  if (typeof o.setLearningRate === 'function') o.setLearningRate(lr);
  else o.learningRate = lr;
}
