/**
 * Learned additive position embedding (ViT, Dosovitskiy et al., ICLR 2021; TransUNet, Chen et al. 2021):
 * y[n, t, :] = x[n, t, :] + E[t, :] for tokens [N, T, D], E ∈ ℝ^{T×D} initialised N(0, 0.02²) truncated,
 * seeded from `seed`. T·D parameters.
 */
import { SegInputError } from '@seg/core';
import * as tf from '@tensorflow/tfjs';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

export interface PositionEmbeddingArgs extends LayerArgs {
  /** Initialiser seed. Default 0. */
  seed?: number;
}

export class PositionEmbedding extends tf.layers.Layer {
  static className = 'PositionEmbedding';
  readonly seed: number;
  private embedding?: tf.LayerVariable;

  constructor(args: PositionEmbeddingArgs = {}) {
    super(args);
    this.seed = args.seed ?? 0;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    if (s.length !== 3 || s[1] == null || s[2] == null) {
      throw new SegInputError({
        fn: 'PositionEmbedding',
        arg: 'inputShape',
        expected: '[N, tokens, dim] with known tokens and dim',
        got: s.map((v) => v ?? '?').join('×'),
      });
    }
    const init = tf.initializers.truncatedNormal({ stddev: 0.02, seed: this.seed });
    this.embedding = this.addWeight('embedding', [s[1], s[2]], 'float32', init);
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => tf.add(Array.isArray(inputs) ? inputs[0] : inputs, this.embedding!.read()));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), seed: this.seed };
  }
}

tf.serialization.registerClass(PositionEmbedding);
