/**
 * Bilinear resize to a fixed `size` [height, width], channels-last, with PyTorch's `align_corners=False` convention
 * (TensorFlow's half-pixel centres): output pixel o samples the input at s = (o + ½)·in/out − ½, clamped to [0, in − 1],
 * interpolating linearly between ⌊s⌋ and ⌊s⌋ + 1 (the last row/column repeats at the border). No weights.
 * Used by PSPNet and DeepLabV3+ to bring pooled or strided features back to a target resolution.
 */
import { SegConfigError } from '@seg/core';
import * as tf from '@tensorflow/tfjs';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

export interface ResizeBilinearArgs extends LayerArgs {
  /** Target [height, width]. */
  size: [number, number];
}

export class ResizeBilinear extends tf.layers.Layer {
  static className = 'ResizeBilinear';
  readonly size: [number, number];

  constructor(args: ResizeBilinearArgs) {
    super(args);
    const size = args.size;
    if (!Array.isArray(size) || size.length !== 2 || !size.every((v) => Number.isInteger(v) && v >= 1)) {
      throw new SegConfigError({
        fn: 'ResizeBilinear',
        arg: 'size',
        expected: '[height, width] of integers ≥ 1',
        got: JSON.stringify(size),
      });
    }
    this.size = [size[0], size[1]];
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [s[0], this.size[0], this.size[1], s[3]];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
      if (x.shape[1] === this.size[0] && x.shape[2] === this.size[1]) return tf.clone(x);
      return tf.image.resizeBilinear(x, this.size, false, true);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), size: [...this.size] };
  }
}

tf.serialization.registerClass(ResizeBilinear);
