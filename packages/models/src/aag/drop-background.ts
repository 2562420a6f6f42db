/**
 * Drops channel 0 (the background) of a class map `[N,H,W,C]` → `[N,H,W,C−1]`: the AAG discriminator sees only the
 * foreground channels of masks and predictions (Valvano et al. 2021, Sec. III-B: "we slice the predicted array removing
 * the channel associated to the background"; the authors' code feeds `mask[..., 1:]`). Registered with
 * `tf.serialization` (tfjs has no Lambda layer).
 */
import { SegInputError } from '@seg/core';
import * as tf from '@tensorflow/tfjs';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

export class DropBackground extends tf.layers.Layer {
  static className = 'DropBackground';

  constructor(args: LayerArgs = {}) {
    super(args);
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = inputShape as tf.Shape;
    if (shape.length !== 4 || (shape[3] ?? 0) < 2) {
      const got = shape.map((s) => (Array.isArray(s) ? 'list' : (s ?? '?'))).join('×');
      throw new SegInputError({ fn: 'DropBackground', arg: 'inputShape', expected: '[N,H,W,C] with C ≥ 2', got });
    }
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const [n, h, w, c] = inputShape as tf.Shape;
    return [n, h, w, c == null ? null : c - 1];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => tf.slice(Array.isArray(inputs) ? inputs[0] : inputs, [0, 0, 0, 1], [-1, -1, -1, -1]));
  }
}

tf.serialization.registerClass(DropBackground);
