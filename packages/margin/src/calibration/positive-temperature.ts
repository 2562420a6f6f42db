/**
 * The output layer of a local-temperature network: T = softplus(t) + T_min, elementwise, so every predicted
 * temperature is ≥ T_min > 0 (dividing logits by it is always defined) and the gradient never vanishes for large t
 * (softplus′ = sigmoid). Registered with `tf.serialization`, so a saved local-temperature model reloads with
 * `tf.loadLayersModel` / `loadModel` from `@seg/train` once `@seg/margin` has been imported.
 */
import { SegConfigError } from '@seg/core';
import * as tf from '@tensorflow/tfjs';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

export interface PositiveTemperatureArgs extends LayerArgs {
  /** Lowest temperature the layer can output, > 0. Default 0.05. */
  minTemperature?: number;
}

export class PositiveTemperature extends tf.layers.Layer {
  static className = 'SegPositiveTemperature';
  readonly minTemperature: number;

  constructor(args: PositiveTemperatureArgs = {}) {
    super(args);
    const { minTemperature = 0.05 } = args;
    if (!(typeof minTemperature === 'number' && Number.isFinite(minTemperature) && minTemperature > 0)) {
      throw new SegConfigError({
        fn: 'PositiveTemperature',
        arg: 'minTemperature',
        expected: 'a finite number > 0',
        got: String(minTemperature),
      });
    }
    this.minTemperature = minTemperature;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => tf.add(tf.softplus(Array.isArray(inputs) ? inputs[0] : inputs), this.minTemperature));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), minTemperature: this.minTemperature };
  }
}

tf.serialization.registerClass(PositiveTemperature);

/**
 * The pre-activation t with softplus(t) + T_min = T: t = ln(eˣ − 1) = x + ln(1 − e⁻ˣ), x = T − T_min > 0
 * (the second form does not overflow for large x).
 */
export function inverseTemperature(temperature: number, minTemperature: number): number {
  const x = temperature - minTemperature;
  return x + Math.log1p(-Math.exp(-x));
}
