/**
 * `ChannelBroadcastMultiply`: x ⊙ α for x [N,H,W,C] and a one-channel map α [N,H,W,1], broadcast over the channels.
 * `tf.layers.multiply` needs equal shapes (it would need α repeated C times, a C× larger tensor and gradient);
 * this layer multiplies with broadcasting instead. No weights. Registered with `tf.serialization`.
 */
import { SegInputError } from '@seg/core';
import * as tf from '@tensorflow/tfjs';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

export class ChannelBroadcastMultiply extends tf.layers.Layer {
  static className = 'ChannelBroadcastMultiply';

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shapes = inputShape as tf.Shape[];
    const ok =
      Array.isArray(shapes[0]) &&
      shapes.length === 2 &&
      shapes[0].length === shapes[1].length &&
      shapes[1][shapes[1].length - 1] === 1 &&
      shapes[0].slice(1, -1).every((s, i) => s === shapes[1][i + 1]);
    if (!ok) {
      throw new SegInputError({
        fn: 'ChannelBroadcastMultiply',
        arg: 'inputShape',
        expected: 'two inputs [N,H,W,C] and [N,H,W,1]',
        got: JSON.stringify(inputShape),
      });
    }
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return (inputShape as tf.Shape[])[0];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const [x, alpha] = inputs as tf.Tensor[];
      return tf.mul(x, alpha);
    });
  }
}

tf.serialization.registerClass(ChannelBroadcastMultiply);

/** `new ChannelBroadcastMultiply(args)`, in the style of `tf.layers.*`. */
export function channelBroadcastMultiply(args: LayerArgs = {}): ChannelBroadcastMultiply {
  return new ChannelBroadcastMultiply(args);
}
