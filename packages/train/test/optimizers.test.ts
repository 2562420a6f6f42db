import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AdamWOptimizer, isKernelName } from '../src/adamw.js';
import { getOptimizerState, setOptimizerState } from '../src/optimizer-state.js';
import { createOptimizer, getLearningRate, setLearningRate } from '../src/optimizers.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const created: tf.Variable[] = [];
function variable(values: number[], name: string): tf.Variable {
  const v = tf.variable(tf.tensor1d(values), true, name);
  created.push(v);
  return v;
}
afterEach(() => {
  for (const v of created.splice(0)) v.dispose();
});

/** One applyGradients with a constant gradient. */
function apply(opt: tf.Optimizer, v: tf.Variable, g: number[]): void {
  const grad = tf.tensor1d(g);
  opt.applyGradients([{ name: v.name, tensor: grad }]);
  grad.dispose();
}

/** Element-wise toBeCloseTo. */
function expectClose(actual: tf.Tensor, expected: number[], digits: number): void {
  const values = Array.from(actual.dataSync());
  expect(values).toHaveLength(expected.length);
  values.forEach((x, i) => {
    expect(x).toBeCloseTo(expected[i], digits);
  });
}

const EPS = 1e-7; // cpu backend epsilon (tfjs ENGINE.backend.epsilon())

describe('createOptimizer: one update against the closed form (plain JS, float64)', () => {
  it('sgd: w ← w − lr·g', () => {
    const w = variable([1, -2], 'sgd/kernel');
    apply(createOptimizer({ name: 'sgd', lr: 0.1 }), w, [0.5, -3]);
    expect(Array.from(w.dataSync())).toEqual([1 - 0.05, -2 + 0.3].map(Math.fround));
  });

  it('sgd with momentum μ: v ← μv + g, w ← w − lr·v (two steps)', () => {
    const w = variable([1, -2], 'mom/kernel');
    const opt = createOptimizer({ name: 'sgd', lr: 0.1, momentum: 0.9 });
    apply(opt, w, [0.5, -3]);
    apply(opt, w, [1, 1]);
    // v1 = g1; v2 = 0.9·g1 + g2 = [1.45, −1.7]; w = w0 − 0.1·(v1 + v2)
    const expected = [1 - 0.1 * (0.5 + 1.45), -2 - 0.1 * (-3 - 1.7)];
    expectClose(w, expected, 6);
  });

  it('adam: two steps of m, v with bias correction (Kingma & Ba 2015, Alg. 1)', () => {
    const [b1, b2, lr] = [0.9, 0.999, 0.01];
    const w = variable([1, -2], 'adam/kernel');
    const opt = createOptimizer({ name: 'adam', lr, beta1: b1, beta2: b2 });
    const grads = [
      [0.5, -3],
      [-1, 2],
    ];
    const ref = [1, -2];
    const m = [0, 0];
    const v = [0, 0];
    grads.forEach((g, t) => {
      apply(opt, w, g);
      for (let i = 0; i < 2; i++) {
        m[i] = b1 * m[i] + (1 - b1) * g[i];
        v[i] = b2 * v[i] + (1 - b2) * g[i] ** 2;
        const mh = m[i] / (1 - b1 ** (t + 1));
        const vh = v[i] / (1 - b2 ** (t + 1));
        ref[i] -= (lr * mh) / (Math.sqrt(vh) + EPS);
      }
    });
    expectClose(w, ref, 6);
  });

  it('adamw: w ← w·(1 − lr·wd) − lr·m̂/(√v̂+ε) on kernels; biases get plain Adam', () => {
    const [lr, wd] = [0.01, 0.1];
    const kernel = variable([1, -2], 'adamw/kernel');
    const bias = variable([1, -2], 'adamw/bias');
    const opt = createOptimizer({ name: 'adamw', lr, weightDecay: wd });
    const g = tf.tensor1d([0.5, -3]);
    opt.applyGradients([
      { name: kernel.name, tensor: g },
      { name: bias.name, tensor: g },
    ]);
    g.dispose();
    // first step: m̂ = g, v̂ = g², so the Adam part is lr·g/(|g| + ε)
    const adamPart = [0.5, -3].map((gi) => (lr * gi) / (Math.abs(gi) + EPS));
    const expectedKernel = [1, -2].map((w0, i) => w0 * (1 - lr * wd) - adamPart[i]);
    const expectedBias = [1, -2].map((w0, i) => w0 - adamPart[i]);
    expectClose(kernel, expectedKernel, 6);
    expectClose(bias, expectedBias, 6);
    expect(opt).toBeInstanceOf(AdamWOptimizer);
  });

  it('rmsprop: ms ← ρ·ms + (1−ρ)g², w ← w − lr·g/√(ms+ε)', () => {
    const w = variable([1, -2], 'rms/kernel');
    apply(createOptimizer({ name: 'rmsprop', lr: 0.01, decay: 0.9 }), w, [0.5, -3]);
    const expected = [1, -2].map((w0, i) => {
      const g = [0.5, -3][i];
      return w0 - (0.01 * g) / Math.sqrt(0.1 * g * g + EPS);
    });
    expectClose(w, expected, 6);
  });
});

describe('isKernelName', () => {
  it('decays kernels only', () => {
    expect(['conv2d_Conv2D1/kernel', 'dw/depthwise_kernel', 'a/kernel_1'].map(isKernelName)).toEqual([true, true, true]);
    expect(['conv/bias', 'bn/gamma', 'bn/beta', 'bn/moving_mean'].map(isKernelName)).toEqual([false, false, false, false]);
  });
});

describe('setLearningRate', () => {
  it('changes the step size of sgd (cached scalar) and adam (field) for the next update', () => {
    const w = variable([0, 0], 'lr/kernel');
    const sgd = createOptimizer({ name: 'sgd', lr: 1 });
    setLearningRate(sgd, 0.25);
    apply(sgd, w, [1, 2]);
    expect(Array.from(w.dataSync())).toEqual([-0.25, -0.5]);
    const adam = createOptimizer({ name: 'adam', lr: 1 });
    setLearningRate(adam, 0.5);
    expect(getLearningRate(adam)).toBe(0.5);
    apply(adam, w, [1, -1]);
    // first Adam step moves each weight by lr·sign(g) (up to ε)
    expectClose(w, [-0.75, 0], 5);
  });

  it('does not leak the cached sgd scalar', () => {
    const sgd = createOptimizer({ name: 'sgd', lr: 1 });
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) setLearningRate(sgd, 0.1 * (i + 1));
    expect(tf.memory().numTensors).toBe(before);
    sgd.dispose();
  });

  it('names the argument on a bad rate', () => {
    expect(() => setLearningRate(createOptimizer({ name: 'adam', lr: 1 }), Number.NaN)).toThrow(
      /setLearningRate: 'lr' must be a finite number ≥ 0, got NaN/,
    );
  });
});

describe('createOptimizer errors', () => {
  it('lists every problem at once', () => {
    const bad = () => createOptimizer({ name: 'adam', lr: -1, beta1: 1.5, weightDecay: 0.1 });
    expect(bad).toThrow(/createOptimizer: invalid optimizer options:/);
    expect(bad).toThrow(/'lr' must be a finite number > 0, got -1/);
    expect(bad).toThrow(/'beta1' must be in \[0, 1\), got 1.5/);
    expect(bad).toThrow(/'weightDecay' applies only to 'adamw'/);
  });
});

describe('optimizer state', () => {
  async function read(o: tf.Optimizer): Promise<number[][]> {
    const st = await getOptimizerState(o);
    const values = st.map((w) => Array.from(w.tensor.dataSync()));
    tf.dispose(st.map((w) => w.tensor));
    return values;
  }

  async function roundTrip(name: 'adam' | 'adamw' | 'rmsprop' | 'sgd', momentum?: number) {
    const a = variable([1, -2], `${name}A/kernel`);
    const b = variable([1, -2], `${name}B/kernel`);
    const optA = createOptimizer({ name, lr: 0.01, momentum });
    // 8 steps: tfjs's setWeights would recompute β1^9 as pow(0.9, 9), one ulp off the accumulated product
    for (let t = 0; t < 8; t++) apply(optA, a, [0.3 * t - 1, 2 - t]);
    b.assign(a);
    const state = await getOptimizerState(optA);
    const optB = createOptimizer({ name, lr: 0.01, momentum });
    await setOptimizerState(optB, state);
    const names = state.map((s) => s.name);
    const saved = state.map((s) => Array.from(s.tensor.dataSync()));
    tf.dispose(state.map((s) => s.tensor));
    const justRestored = await read(optB);
    apply(optA, a, [0.7, -0.2]);
    apply(optB, b, [0.7, -0.2]);
    const restored = await optB.getWeights();
    const [stateA, stateB] = [await read(optA), await read(optB)];
    return {
      a: Array.from(a.dataSync()),
      b: Array.from(b.dataSync()),
      saved,
      justRestored,
      stateA,
      stateB,
      names,
      restored: restored.map((w) => w.name),
      optA,
      optB,
    };
  }

  it.each([['adam'], ['adamw'], ['rmsprop'], ['sgd']] as const)('%s: a fresh optimizer continues bit for bit', async (name) => {
    const r = await roundTrip(name, name === 'sgd' ? 0.9 : undefined);
    expect(r.b).toEqual(r.a);
    // the whole state (slots, iteration, Adam's β^t products) is restored exactly, and stays equal after a step
    expect(r.justRestored).toEqual(r.saved);
    expect(r.stateB).toEqual(r.stateA);
    r.optA.dispose();
    r.optB.dispose();
  });

  it("keeps the saved slot names (m, v named after the first run's variables) and the iteration count", async () => {
    const r = await roundTrip('adam');
    expect(r.names).toEqual(['iter', 'adamA/kernel/m', 'adamA/kernel/v', '__accBeta1', '__accBeta2']);
    expect(r.restored).toEqual(['iter', 'adamA/kernel/m', 'adamA/kernel/v']);
    expect(r.optB.iterations).toBe(9);
    r.optA.dispose();
    r.optB.dispose();
  });

  it('getOptimizerState leaks nothing beyond the returned copies', async () => {
    const w = variable([1, 2], 'leak/kernel');
    const opt = createOptimizer({ name: 'adam', lr: 0.1 });
    apply(opt, w, [1, 1]);
    const before = tf.memory().numTensors;
    const state = await getOptimizerState(opt);
    tf.dispose(state.map((s) => s.tensor));
    expect(tf.memory().numTensors).toBe(before);
    opt.dispose();
  });
});
