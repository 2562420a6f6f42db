/**
 * SegAN's multi-scale L1 loss (Xue et al. 2018, Eq. 1–2) between critic features of x ∘ S(x) and x ∘ y:
 *
 * - `'paper'`: ℓ = (1/L) Σ_{i=1..L} mean|f^i(x∘S(x)) − f^i(x∘y)|, the mean over layers of each layer's mean absolute
 *   difference (mean over batch, positions and channels), so every scale counts equally.
 * - `'code'` (authors' PyTorch `NetC.forward`): the layers are flattened, scaled and concatenated — input ×1, first block
 *   ×1, middle blocks ×2, last block ×4 — and ℓ = mean|concat(a) − concat(b)| = Σ_i w_i Σ|a_i − b_i| / Σ_i n_i,
 *   so large early layers weigh by their size.
 */
import { SegInputError } from '@seg/core';
import * as tf from '@tensorflow/tfjs';

export type MultiScaleWeighting = 'paper' | 'code';
export const MULTI_SCALE_WEIGHTINGS: readonly MultiScaleWeighting[] = ['paper', 'code'];

export interface MultiScaleL1Options {
  /** Default 'paper'. */
  weighting?: MultiScaleWeighting;
  /** 'code' weighting only: the first feature layer is the critic's input (layer 0, ×1). Default true. */
  firstIsInput?: boolean;
}

/** The authors' code scale factors for `numLayers` feature layers: [1 (input), 1, 2, …, 2, 4]. */
export function seganCodeWeights(numLayers: number, firstIsInput = true): number[] {
  const blocks = firstIsInput ? numLayers - 1 : numLayers;
  const w = Array.from({ length: blocks }, (_, i) => (i === blocks - 1 ? 4 : i === 0 ? 1 : 2));
  return firstIsInput ? [1, ...w] : w;
}

/** Multi-scale L1 between two lists of feature maps of equal shapes (see the module docstring). */
export function multiScaleL1(a: readonly tf.Tensor[], b: readonly tf.Tensor[], options: MultiScaleL1Options = {}): tf.Scalar {
  const { weighting = 'paper', firstIsInput = true } = options;
  const bad = a.length === 0 || a.length !== b.length ? -2 : a.findIndex((t, i) => t.shape.join() !== b[i].shape.join());
  if (bad !== -1) {
    throw new SegInputError({
      fn: 'multiScaleL1',
      arg: 'b',
      expected:
        bad === -2 ? `as many feature layers as 'a' (${a.length}, ≥ 1)` : `layer ${bad} shaped [${a[bad].shape.join(', ')}] like 'a'`,
      got: bad === -2 ? `${b.length}` : `[${b[bad].shape.join(', ')}]`,
      hint: 'Pass the outputs of one critic for both masked images',
    });
  }
  return tf.tidy(() => {
    const abs = a.map((t, i) => tf.abs(tf.sub(t, b[i])));
    if (weighting === 'paper') return tf.div(tf.addN(abs.map((d) => tf.mean(d))), abs.length) as tf.Scalar;
    const w = seganCodeWeights(abs.length, firstIsInput);
    const total = abs.reduce((n, d) => n + d.size, 0);
    return tf.div(tf.addN(abs.map((d, i) => tf.mul(tf.sum(d), w[i]))), total) as tf.Scalar;
  });
}
