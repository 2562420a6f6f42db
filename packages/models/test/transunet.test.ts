import { Rng, SegConfigError, SegInputError } from '@seg/core';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { MultiHeadSelfAttention, PositionEmbedding, type TransUNetConfig, transunet, transunetEntry } from '../src/index.js';
import { expectAllGradients, expectRoundTrip, weightsOf } from './arch-b-helpers.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

type Matrix = number[][];
const matmul = (a: Matrix, b: Matrix): Matrix => a.map((row) => b[0].map((_, j) => row.reduce((s, v, k) => s + v * b[k][j], 0)));
const affine = (x: Matrix, w: number[], b: number[], d: number): Matrix =>
  matmul(
    x,
    Array.from({ length: d }, (_, i) => w.slice(i * d, (i + 1) * d)),
  ).map((row) => row.map((v, j) => v + b[j]));

/** Plain-JS multi-head self-attention on one sample x [T, D]: per head softmax(Q_h K_hᵀ/√d) V_h, concat, W_o. */
function attentionReference(x: Matrix, weights: number[][], heads: number): Matrix {
  const dim = x[0].length;
  const d = dim / heads;
  const [q, k, v] = [0, 1, 2].map((i) => affine(x, weights[2 * i], weights[2 * i + 1], dim));
  const merged = x.map(() => new Array<number>(dim).fill(0));
  for (let h = 0; h < heads; h++) {
    for (let t = 0; t < x.length; t++) {
      const scores = x.map((_, s) => q[t].slice(h * d, (h + 1) * d).reduce((acc, qv, j) => acc + qv * k[s][h * d + j], 0) / Math.sqrt(d));
      const max = Math.max(...scores);
      const e = scores.map((s) => Math.exp(s - max));
      const z = e.reduce((a, b) => a + b, 0);
      for (let j = 0; j < d; j++) merged[t][h * d + j] = e.reduce((acc, p, s) => acc + (p / z) * v[s][h * d + j], 0);
    }
  }
  return affine(merged, weights[6], weights[7], dim);
}

describe('MultiHeadSelfAttention', () => {
  it('matches a plain-JS computation on 2 tokens, 2 heads, D = 4 (random weights and biases)', () => {
    const layer = new MultiHeadSelfAttention({ heads: 2, seed: 1 });
    const data = new Rng(5).fillNormal(new Float32Array(2 * 2 * 4), 0, 1);
    const x = tf.tensor3d(data, [2, 2, 4]);
    (layer.apply(x) as tf.Tensor).dispose();
    const rng = new Rng(6);
    const weights = [16, 4, 16, 4, 16, 4, 16, 4].map((n) => Array.from(rng.fillNormal(new Float32Array(n), 0, 0.7)));
    const tensors = weights.map((w) => (w.length === 16 ? tf.tensor2d(w, [4, 4]) : tf.tensor1d(w)));
    layer.setWeights(tensors);
    tf.dispose(tensors);
    const y = layer.apply(x) as tf.Tensor;
    const out = y.dataSync();
    for (let n = 0; n < 2; n++) {
      const sample = [0, 1].map((t) => Array.from(data.slice((n * 2 + t) * 4, (n * 2 + t + 1) * 4)));
      const expected = attentionReference(sample, weights, 2).flat();
      for (let i = 0; i < 8; i++) expect(out[n * 8 + i]).toBeCloseTo(expected[i], 5);
    }
    tf.dispose([x, y]);
    layer.dispose();
  });

  it('has 4·D² + 4·D parameters and refuses a dimension the heads do not divide', () => {
    const layer = new MultiHeadSelfAttention({ heads: 2 });
    const x = tf.zeros([1, 3, 6]);
    (layer.apply(x) as tf.Tensor).dispose();
    expect(layer.countParams()).toBe(4 * 36 + 4 * 6);
    expect(() => new MultiHeadSelfAttention({ heads: 4 }).apply(x)).toThrow(
      "MultiHeadSelfAttention: 'inputShape' must be [N, tokens, dim] with dim divisible by heads = 4, got 1×3×6. Pick embedDim as a multiple of heads.",
    );
    expect(() => new MultiHeadSelfAttention({ heads: 0 })).toThrow("MultiHeadSelfAttention: 'heads' must be an integer ≥ 1, got 0.");
    x.dispose();
    layer.dispose();
  });
});

describe('PositionEmbedding', () => {
  it('adds a learned T×D table (T·D parameters), the same for every sample', () => {
    const layer = new PositionEmbedding({ seed: 2 });
    const x = tf.tensor3d([1, 2, 3, 4, 5, 6, 10, 20, 30, 40, 50, 60], [2, 3, 2]);
    const y = layer.apply(x) as tf.Tensor;
    expect(layer.countParams()).toBe(3 * 2);
    const e = Array.from(layer.getWeights()[0].dataSync());
    expect(Array.from(y.dataSync())).toEqual(Array.from(x.dataSync()).map((v, i) => Math.fround(v + e[i % 6])));
    tf.dispose([x, y]);
    layer.dispose();
  });
});

const tiny: TransUNetConfig = {
  inputShape: [16, 16, 1],
  numClasses: 2,
  depth: 2,
  filters: 4,
  embedDim: 8,
  heads: 2,
  blocks: 1,
  mlpRatio: 2,
};

describe('transunet', () => {
  it.each([
    [tiny, [2, 16, 16, 2]],
    [{ ...tiny, inputShape: [32, 16, 3], numClasses: 3, blocks: 2, norm: 'group', groups: 2 }, [2, 32, 16, 3]],
  ] as [TransUNetConfig, number[]][])('logits at the input size: %j', (config, expected) => {
    const model = transunet(config);
    const x = tf.zeros([2, ...config.inputShape]);
    const y = model.predict(x) as tf.Tensor;
    expect(y.shape).toEqual(expected);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('depth 1, 2 filters, D = 4, 2 heads, 1 block, MLP ×2, no norm, 8×8: 614 parameters (hand count)', () => {
    // enc0: 3×3 1→2 (20) + 3×3 2→2 (38) = 58. tokens 1×1 2→4: 12. Position table 16 tokens × 4: 64.
    // Block: 2 LN × (γ, β) 2·8 = 16, attention 4·16 + 4·4 = 80, MLP 4→8 (40) and 8→4 (36): 172. Final LN: 8.
    // Bottleneck 3×3 4→4: 148. dec0: 2×2 transposed 4→2 (34), 3×3 4→2 (74), 3×3 2→2 (38): 146. Logits 2→2: 6.
    const expected = 58 + 12 + 64 + 172 + 8 + 148 + 146 + 6;
    expect(expected).toBe(614);
    const config: TransUNetConfig = {
      inputShape: [8, 8, 1],
      numClasses: 2,
      depth: 1,
      filters: 2,
      embedDim: 4,
      heads: 2,
      blocks: 1,
      mlpRatio: 2,
      norm: 'none',
    };
    expect(transunetEntry.paramCount(config)).toBe(expected);
  });

  it('same seed → identical weights, another seed → different', () => {
    const [a, b, c] = [transunet({ ...tiny, seed: 4 }), transunet({ ...tiny, seed: 4 }), transunet({ ...tiny, seed: 5 })];
    expect(weightsOf(a)).toEqual(weightsOf(b));
    const attn = (m: tf.LayersModel) => Array.from(m.getLayer('tf0_attn').getWeights()[0].dataSync());
    expect(attn(a)).not.toEqual(attn(c));
    for (const m of [a, b, c]) m.dispose();
  });

  it('round trip identical, every trainable weight gets a gradient, no leaks', async () => {
    const model = transunet(tiny);
    const x = tf.randomNormal([2, 16, 16, 1], 0, 1, 'float32', 7);
    await expectRoundTrip(model, x);
    // The key bias adds q·b_k to every score of a query alike, and softmax ignores such shifts: ∂L/∂b_k = 0.
    expectAllGradients(model, x, /^tf0_attn\/key_bias/);
    x.dispose();
    model.dispose();
  });

  it('refuses input sizes not divisible by 2^depth, and bad configs', () => {
    expect(() => transunet({ ...tiny, inputShape: [18, 16, 1] })).toThrow(SegInputError);
    expect(() => transunet({ ...tiny, inputShape: [18, 16, 1] })).toThrow(
      "transunet: 'inputShape' must be divisible by 4, got 18×16. Crop or pad to 20×16, or lower the depth.",
    );
    expect(() => transunet({ ...tiny, embedDim: 6, heads: 4 })).toThrow(SegConfigError);
    expect(() => transunet({ ...tiny, embedDim: 6, heads: 4 })).toThrow(
      "transunet: invalid TransUNet configuration:\n  - 'embedDim' must be divisible by 'heads' = 4, got 6.",
    );
    expect(() => transunet({ ...tiny, mlpRatio: 0 })).toThrow("  - 'mlpRatio' must be an integer ≥ 1, got 0.");
  });
});
