// seg's one-kernel Adam update (SegAdam) against tfjs's own AdamOptimizer arithmetic: bit-identical variables and
// moments after several steps, on cpu (JavaScript or the addon) and wasm; and seg's AdamW (through `super`).
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADAM,
  adamConstants,
  adamUpdateJs,
  nativeKernelCounts,
  registerNativeKernels,
  registerSegKernels,
  setSegFusion,
} from '../src/index.js';
import { randn, use } from './helpers.js';
import { BUILT } from './native-helpers.js';

/** Three Adam steps on two variables with fixed gradients; returns the variables and the optimizer's weights. */
function adamSteps(fused: boolean, lr = 1e-3): number[][] {
  const was = setSegFusion(fused);
  try {
    const w = tf.variable(tf.tensor(randn([3, 3, 4, 5], 1).values, [3, 3, 4, 5]));
    const b = tf.variable(tf.tensor1d(randn([5], 2).values));
    const opt = tf.train.adam(lr, 0.9, 0.999, 1e-7);
    for (let step = 0; step < 3; step++) {
      const gw = tf.tensor(
        randn([3, 3, 4, 5], 10 + step).values.map((v) => v * 10 ** (step - 1)),
        [3, 3, 4, 5],
      );
      const gb = tf.tensor1d(randn([5], 20 + step).values);
      opt.applyGradients({ [w.name]: gw, [b.name]: gb });
      tf.dispose([gw, gb]);
    }
    const out = [w, b].map((t) => Array.from(t.dataSync()));
    tf.dispose([w, b]);
    opt.dispose();
    return out;
  } finally {
    setSegFusion(was);
  }
}

describe.each(['cpu', 'wasm'] as const)('SegAdam on %s', (backendName) => {
  beforeAll(async () => {
    await use(backendName);
    registerSegKernels();
    if (backendName === 'cpu') expect(registerNativeKernels({ threads: 2 })).toBe(BUILT);
  });
  afterAll(() => setSegFusion(true));

  it('three steps: the variables are bit-identical to tfjs’s AdamOptimizer (fusion off), no extra tensors', () => {
    const calls = nativeKernelCounts()[ADAM]?.native ?? 0;
    // tfjs's optimizer itself leaves a tensor or two behind (its iteration counter): the fused one leaves no more.
    const n0 = tf.memory().numTensors;
    const own = adamSteps(false);
    const n1 = tf.memory().numTensors;
    const fused = adamSteps(true);
    expect(tf.memory().numTensors - n1).toBe(n1 - n0);
    expect(fused).toEqual(own);
    expect(fused[0]).not.toEqual(Array.from(randn([3, 3, 4, 5], 1).values)); // the update moved the weights
    const native = (nativeKernelCounts()[ADAM]?.native ?? 0) - calls;
    expect(native).toBe(backendName === 'cpu' && BUILT ? 6 : 0);
  });
});

describe('adamUpdateJs against a hand count', () => {
  it('first step from zero moments: m = 0.1·g, v = 0.001·g², value − lr·sign(g) (bias-corrected, ε ≪ |g|)', () => {
    const k = adamConstants({ beta1: 0.9, beta2: 0.999, epsilon: 1e-7, learningRate: 0.01 }, Math.fround(1 - 0.9), Math.fround(1 - 0.999));
    const r = adamUpdateJs(Float32Array.of(1, 1), Float32Array.of(0, 0), Float32Array.of(0, 0), Float32Array.of(2, -0.5), k);
    expect(r.m[0]).toBeCloseTo(0.2, 6);
    expect(r.v[1]).toBeCloseTo(0.001 * 0.25, 9);
    expect(r.value[0]).toBeCloseTo(1 - 0.01, 5);
    expect(r.value[1]).toBeCloseTo(1 + 0.01, 5);
  });
});
