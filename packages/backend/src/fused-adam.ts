/**
 * Adam's update of one variable as ONE kernel (`SegAdam`) instead of tfjs's 14 (mul, add, square, div, sqrt, …, each
 * allocating a parameter-sized array): bit-identical, since every operation is rounded to float32 in tfjs's order:
 *   m' = m·β1 + g·(1−β1),  v' = v·β2 + g²·(1−β2),  value' = (m'/(1−β1ᵗ)) / (√(v'/(1−β2ᵗ)) + ε)·(−lr) + value.
 * `AdamOptimizer.applyGradients` (tfjs-core 4.22.0, whose body the patched one replicates, state and all) calls it
 * where the active back-end has it and fusion is on; seg's AdamW runs the same through `super`.
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, NamedTensorMap, Tensor, TensorInfo } from '@tensorflow/tfjs-core';
import { type KernelArgs, readFloat32, writeFloat32 } from './kernel-registry.js';

export const ADAM = 'SegAdam';

/** Attributes of `SegAdam` (plain numbers, rounded to float32 as tfjs's scalar tensors are). */
export interface AdamAttrs {
  beta1: number;
  beta2: number;
  epsilon: number;
  learningRate: number;
}

/** The 8 float32 constants the update multiplies and divides by, in the addon's order. */
export function adamConstants(a: AdamAttrs, oneMinusAccBeta1: number, oneMinusAccBeta2: number): Float32Array {
  const { beta1, beta2, epsilon, learningRate } = a;
  return Float32Array.of(beta1, 1 - beta1, beta2, 1 - beta2, oneMinusAccBeta1, oneMinusAccBeta2, epsilon, -learningRate);
}

/** The update in JavaScript, one `Math.fround` per tfjs operation. */
export function adamUpdateJs(
  value: Float32Array,
  m: Float32Array,
  v: Float32Array,
  g: Float32Array,
  k: Float32Array,
): { value: Float32Array; m: Float32Array; v: Float32Array } {
  const f = Math.fround;
  const [b1, c1, b2, c2, a1, a2, eps, nlr] = k;
  const out = { value: new Float32Array(value.length), m: new Float32Array(value.length), v: new Float32Array(value.length) };
  for (let i = 0; i < value.length; i++) {
    const m1 = f(f(m[i] * b1) + f(g[i] * c1));
    const v1 = f(f(v[i] * b2) + f(f(g[i] * g[i]) * c2));
    const q = f(f(m1 / a1) / f(f(Math.sqrt(f(v1 / a2))) + eps));
    out.m[i] = m1;
    out.v[i] = v1;
    out.value[i] = f(q * nlr) + value[i];
  }
  return out;
}

/** `SegAdam`: inputs value, m, v, g, oneMinusAccBeta1, oneMinusAccBeta2 (scalars); outputs [value', m', v']. */
export function adamKernel(update: typeof adamUpdateJs = adamUpdateJs): KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args as KernelArgs;
    const t = inputs as Record<string, TensorInfo>;
    const read = (info: TensorInfo) => readFloat32(backend, info);
    const k = adamConstants(attrs as unknown as AdamAttrs, read(t.oneMinusAccBeta1)[0], read(t.oneMinusAccBeta2)[0]);
    const r = update(read(t.value), read(t.m), read(t.v), read(t.g), k);
    const shape = [...t.value.shape];
    return [writeFloat32(backend, shape, r.value), writeFloat32(backend, shape, r.m), writeFloat32(backend, shape, r.v)];
  };
}

type Slot = { originalName: string; variable: tf.Variable };
interface AdamLike {
  beta1: number;
  beta2: number;
  epsilon: number;
  learningRate: number;
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: Slot[];
  accumulatedSecondMoment: Slot[];
  incrementIterations(): void;
}
type Grads = NamedTensorMap | { name: string; tensor: Tensor }[];

/** tfjs-core 4.22.0's AdamOptimizer.applyGradients with the per-variable arithmetic in one `SegAdam` kernel. */
export function fusedApplyGradients(original: (this: AdamLike, g: Grads) => void, available: () => boolean) {
  return function (this: AdamLike, variableGradients: Grads): void {
    if (!available() || !variableGradients) {
      original.call(this, variableGradients);
      return;
    }
    const list = Array.isArray(variableGradients);
    const names = list ? variableGradients.map((v) => v.name) : Object.keys(variableGradients);
    const attrs = { beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon, learningRate: this.learningRate };
    tf.tidy(() => {
      const oneMinusAccBeta1 = tf.sub(1, this.accBeta1);
      const oneMinusAccBeta2 = tf.sub(1, this.accBeta2);
      names.forEach((name, i) => {
        const value = tf.engine().registeredVariables[name];
        this.accumulatedFirstMoment[i] ??= { originalName: `${name}/m`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
        this.accumulatedSecondMoment[i] ??= { originalName: `${name}/v`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
        const g = list ? variableGradients[i].tensor : variableGradients[name];
        if (g == null) return;
        const m = this.accumulatedFirstMoment[i].variable;
        const v = this.accumulatedSecondMoment[i].variable;
        const inputs = { value, m, v, g, oneMinusAccBeta1, oneMinusAccBeta2 };
        const [value1, m1, v1] = tf.engine().runKernel(ADAM, inputs, attrs as never) as Tensor[];
        m.assign(m1);
        v.assign(v1);
        value.assign(value1);
      });
      this.accBeta1.assign(tf.mul(this.accBeta1, this.beta1));
      this.accBeta2.assign(tf.mul(this.accBeta2, this.beta2));
    });
    this.incrementIterations();
  };
}
