/**
 * Adaptive average pooling to a fixed `bins[0] × bins[1]` grid (PyTorch's `nn.AdaptiveAvgPool2d`), channels-last.
 * Output cell (i, j) of an H×W input averages rows start_i … end_i − 1 and columns start_j … end_j − 1 with
 *
 *   start_i = ⌊i·H / b⌋,   end_i = ⌈(i + 1)·H / b⌉,
 *
 * so cells overlap when b does not divide H (PyTorch's rule). The average over a rectangle is separable, so the
 * layer is two matrix products with constant pooling matrices P_h [b_h, H] and P_w [b_w, W]: y = P_h · x · P_wᵀ per
 * sample and channel. Used by PSPNet's pyramid pooling module (Zhao et al., CVPR 2017). No weights.
 */
import { SegConfigError, SegInputError } from '@seg/core';
import * as tf from '@tensorflow/tfjs';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

export interface AdaptiveAvgPool2DArgs extends LayerArgs {
  /** Output grid [rows, columns] (or one number for a square grid). */
  bins: number | [number, number];
}

/** The [b, n] row-averaging matrix of PyTorch's adaptive pooling along one axis of length n. */
export function adaptivePoolMatrix(n: number, b: number): Float32Array {
  const m = new Float32Array(b * n);
  for (let i = 0; i < b; i++) {
    const start = Math.floor((i * n) / b);
    const end = Math.ceil(((i + 1) * n) / b);
    for (let k = start; k < end; k++) m[i * n + k] = 1 / (end - start);
  }
  return m;
}

export class AdaptiveAvgPool2D extends tf.layers.Layer {
  static className = 'AdaptiveAvgPool2D';
  readonly bins: [number, number];

  constructor(args: AdaptiveAvgPool2DArgs) {
    super(args);
    const bins: [number, number] = typeof args.bins === 'number' ? [args.bins, args.bins] : [args.bins[0], args.bins[1]];
    if (!bins.every((b) => Number.isInteger(b) && b >= 1)) {
      throw new SegConfigError({ fn: 'AdaptiveAvgPool2D', arg: 'bins', expected: 'integers ≥ 1', got: JSON.stringify(args.bins) });
    }
    this.bins = bins;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const [, h, w] = s;
    if (s.length !== 4 || h == null || w == null || h < this.bins[0] || w < this.bins[1]) {
      throw new SegInputError({
        fn: 'AdaptiveAvgPool2D',
        arg: 'inputShape',
        expected: `[N, H, W, C] with H ≥ ${this.bins[0]} and W ≥ ${this.bins[1]}`,
        got: s.map((v) => v ?? '?').join('×'),
        hint: 'Use a larger input or fewer bins',
      });
    }
    return [s[0], this.bins[0], this.bins[1], s[3]];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
      this.computeOutputShape(x.shape);
      const [n, h, w, c] = x.shape;
      const [bh, bw] = this.bins;
      const ph = tf.tensor2d(adaptivePoolMatrix(h, bh), [bh, h]);
      const pw = tf.tensor2d(adaptivePoolMatrix(w, bw), [bw, w]);
      // Rows: [H, N·W·C] → [bh, N·W·C]; columns: [W, bh·N·C] → [bw, bh·N·C].
      const rows = tf.matMul(ph, tf.reshape(tf.transpose(x, [1, 0, 2, 3]), [h, n * w * c]));
      const byCol = tf.reshape(tf.transpose(tf.reshape(rows, [bh, n, w, c]), [2, 0, 1, 3]), [w, bh * n * c]);
      const cols = tf.reshape(tf.matMul(pw, byCol), [bw, bh, n, c]);
      return tf.transpose(cols, [2, 1, 0, 3]);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), bins: [...this.bins] };
  }
}

tf.serialization.registerClass(AdaptiveAvgPool2D);
