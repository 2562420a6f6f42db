/** tfjs has no `stop_gradient`: an identity op whose gradient is zero, as a custom-gradient op. */
import * as tf from '@tensorflow/tfjs';

const identityWithoutGradient = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => ({
  value: tf.clone(args[0] as tf.Tensor),
  gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy),
}));

/** x unchanged, but treated as a constant by gradients (TensorFlow's `tf.stop_gradient`, PyTorch's `.detach()`). */
export function detach<T extends tf.Tensor>(x: T): T {
  return identityWithoutGradient(x) as T;
}
