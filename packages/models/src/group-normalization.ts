/**
 * Group normalization (Wu & He, ECCV 2018) as a tfjs layer, channels-last:
 *
 *   y = γ_c · (x − μ_ng) / √(σ²_ng + ε) + β_c
 *
 * where the C channels are split into `groups` contiguous groups of C/groups channels and μ_ng, σ²_ng are the mean and
 * (biased) variance over the spatial axes and the channels of group g of sample n. Independent of the batch size,
 * so it behaves identically in training and inference (unlike batch norm). groups = 1 is layer norm over H×W×C;
 * groups = C is instance norm. Registered with `tf.serialization`, so saved models reload with `tf.loadLayersModel`
 * once `@seg/models` has been imported.
 */

import { SegConfigError, SegInputError } from '@seg/core';
import * as tf from '@tensorflow/tfjs';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

export interface GroupNormalizationArgs extends LayerArgs {
  /** Number of channel groups; must divide the channel count. Default 8. */
  groups?: number;
  /** Added to the variance. Default 1e-5 (PyTorch's GroupNorm). */
  epsilon?: number;
  /** Learn the per-channel offset β. Default true. */
  center?: boolean;
  /** Learn the per-channel scale γ. Default true. */
  scale?: boolean;
}

export class GroupNormalization extends tf.layers.Layer {
  static className = 'GroupNormalization';
  readonly groups: number;
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  private gamma?: tf.LayerVariable;
  private beta?: tf.LayerVariable;

  constructor(args: GroupNormalizationArgs = {}) {
    super(args);
    const { groups = 8, epsilon = 1e-5, center = true, scale = true } = args;
    if (!Number.isInteger(groups) || groups < 1) {
      throw new SegConfigError({ fn: 'GroupNormalization', arg: 'groups', expected: 'an integer ≥ 1', got: String(groups) });
    }
    if (!(epsilon > 0))
      throw new SegConfigError({ fn: 'GroupNormalization', arg: 'epsilon', expected: 'a number > 0', got: String(epsilon) });
    this.groups = groups;
    this.epsilon = epsilon;
    this.center = center;
    this.scale = scale;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const channels = shape[shape.length - 1];
    if (shape.length < 2 || channels == null || channels % this.groups !== 0) {
      throw new SegInputError({
        fn: 'GroupNormalization',
        arg: 'inputShape',
        expected: `channels-last with a channel count divisible by groups = ${this.groups}`,
        got: shape.map((s) => s ?? '?').join('×'),
        hint: 'Pick groups dividing the number of filters',
      });
    }
    if (this.scale) this.gamma = this.addWeight('gamma', [channels], 'float32', tf.initializers.ones());
    if (this.center) this.beta = this.addWeight('beta', [channels], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      const channels = x.shape[x.rank - 1];
      const grouped = tf.reshape(x, [...x.shape.slice(0, -1), this.groups, channels / this.groups]);
      // Reduce over the spatial axes and the channels within a group: every axis but batch (0) and group (rank − 2).
      const axes = [...Array.from({ length: x.rank - 2 }, (_, i) => i + 1), grouped.rank - 1];
      const { mean, variance } = tf.moments(grouped, axes, true);
      const normalized = tf.reshape(tf.mul(tf.sub(grouped, mean), tf.rsqrt(tf.add(variance, this.epsilon))), x.shape);
      const scaled = this.gamma ? tf.mul(normalized, this.gamma.read()) : normalized;
      return this.beta ? tf.add(scaled, this.beta.read()) : scaled;
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), groups: this.groups, epsilon: this.epsilon, center: this.center, scale: this.scale };
  }
}

tf.serialization.registerClass(GroupNormalization);

/** `new GroupNormalization(args)`, in the style of `tf.layers.*`. */
export function groupNormalization(args: GroupNormalizationArgs = {}): GroupNormalization {
  return new GroupNormalization(args);
}
