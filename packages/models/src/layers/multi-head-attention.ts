/**
 * Multi-head self-attention (Vaswani et al., NeurIPS 2017) on tokens x ∈ ℝ^{N×T×D}, h heads of size d = D / h:
 *
 *   Q = xW_q + b_q,  K = xW_k + b_k,  V = xW_v + b_v   (split into h heads along the last axis)
 *   head_i = softmax(Q_i K_iᵀ / √d) V_i,   y = concat(head_1 … head_h) W_o + b_o
 *
 * written from dense projections, batched `matMul` and `softmax` (tfjs has no attention layer).
 * Parameters: 4·D² + 4·D. The key bias b_k never gets a gradient (it adds Q_i·b_k equally to every score of a query,
 * which softmax ignores); it is kept for parity with PyTorch's `nn.MultiheadAttention`. Kernels Glorot-uniform seeded from `seed` (q, k, v, o: seed … seed + 3), biases 0.
 */
import { SegConfigError, SegInputError } from '@seg/core';
import * as tf from '@tensorflow/tfjs';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

export interface MultiHeadSelfAttentionArgs extends LayerArgs {
  /** Number of heads h; must divide the token dimension. */
  heads: number;
  /** Initialiser seed. Default 0. */
  seed?: number;
}

const ROLES = ['query', 'key', 'value', 'output'] as const;

export class MultiHeadSelfAttention extends tf.layers.Layer {
  static className = 'MultiHeadSelfAttention';
  readonly heads: number;
  readonly seed: number;
  private kernels: tf.LayerVariable[] = [];
  private biases: tf.LayerVariable[] = [];

  constructor(args: MultiHeadSelfAttentionArgs) {
    super(args);
    const { heads, seed = 0 } = args;
    if (!Number.isInteger(heads) || heads < 1) {
      throw new SegConfigError({ fn: 'MultiHeadSelfAttention', arg: 'heads', expected: 'an integer ≥ 1', got: JSON.stringify(heads) });
    }
    this.heads = heads;
    this.seed = seed;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const dim = s[2];
    if (s.length !== 3 || dim == null || dim % this.heads !== 0) {
      throw new SegInputError({
        fn: 'MultiHeadSelfAttention',
        arg: 'inputShape',
        expected: `[N, tokens, dim] with dim divisible by heads = ${this.heads}`,
        got: s.map((v) => v ?? '?').join('×'),
        hint: 'Pick embedDim as a multiple of heads',
      });
    }
    ROLES.forEach((role, i) => {
      const init = tf.initializers.glorotUniform({ seed: this.seed + i });
      this.kernels.push(this.addWeight(`${role}_kernel`, [dim, dim], 'float32', init));
      this.biases.push(this.addWeight(`${role}_bias`, [dim], 'float32', tf.initializers.zeros()));
    });
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor3D;
      const [n, t, dim] = x.shape;
      const h = this.heads;
      const d = dim / h;
      const flat = tf.reshape(x, [n * t, dim]) as tf.Tensor2D;
      const project = (i: number, v: tf.Tensor2D) => tf.add(tf.matMul(v, this.kernels[i].read() as tf.Tensor2D), this.biases[i].read());
      // [N·T, D] → [N, h, T, d]
      const split = (v: tf.Tensor) => tf.transpose(tf.reshape(v, [n, t, h, d]), [0, 2, 1, 3]);
      const [q, k, v] = [0, 1, 2].map((i) => split(project(i, flat)));
      const scores = tf.div(tf.matMul(q, k, false, true), Math.sqrt(d));
      const context = tf.matMul(tf.softmax(scores, -1), v); // [N, h, T, d]
      const merged = tf.reshape(tf.transpose(context, [0, 2, 1, 3]), [n * t, dim]) as tf.Tensor2D;
      return tf.reshape(project(3, merged), [n, t, dim]);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), heads: this.heads, seed: this.seed };
  }
}

tf.serialization.registerClass(MultiHeadSelfAttention);
