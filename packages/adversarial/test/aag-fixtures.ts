/** Tiny stand-ins for the AAG networks (the real ones are in @seg/models): enough structure to check the step's maths. */
import * as tf from '@tensorflow/tfjs';

const init = (seed: number) => tf.initializers.glorotUniform({ seed });

/** 16×16×1 → [logits 16×16×C, softmax 8×8×C]: one 3×3 conv for the logits; avg-pool + 1×1 conv + softmax for the coarse map. */
export function toySegmentor(size: number, numClasses: number, seed: number): tf.LayersModel {
  const x = tf.input({ shape: [size, size, 1] });
  const h = tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(seed) }).apply(x);
  const logits = tf.layers.conv2d({ filters: numClasses, kernelSize: 1, kernelInitializer: init(seed + 1) }).apply(h) as tf.SymbolicTensor;
  const pooled = tf.layers.averagePooling2d({ poolSize: 2 }).apply(h);
  const coarse = tf.layers
    .conv2d({ filters: numClasses, kernelSize: 1, activation: 'softmax', kernelInitializer: init(seed + 2) })
    .apply(pooled) as tf.SymbolicTensor;
  return tf.model({ inputs: x, outputs: [logits, coarse] });
}

/** [16×16×C, 8×8×C] → scalar (or the full-resolution input alone when `scales` is 1). */
export function toyDiscriminator(size: number, numClasses: number, seed: number, scales = 2): tf.LayersModel {
  const full = tf.input({ shape: [size, size, numClasses] });
  let h = tf.layers
    .conv2d({ filters: 3, kernelSize: 4, strides: 2, padding: 'same', activation: 'tanh', kernelInitializer: init(seed) })
    .apply(full) as tf.SymbolicTensor;
  const inputs = [full];
  if (scales === 2) {
    const coarse = tf.input({ shape: [size / 2, size / 2, numClasses] });
    inputs.push(coarse);
    h = tf.layers.concatenate().apply([h, coarse]) as tf.SymbolicTensor;
  }
  const flat = tf.layers.flatten().apply(h);
  const out = tf.layers.dense({ units: 1, kernelInitializer: init(seed + 1) }).apply(flat) as tf.SymbolicTensor;
  return tf.model({ inputs, outputs: out });
}

export function weightValues(model: tf.LayersModel): number[][] {
  return model.getWeights().map((w) => Array.from(w.dataSync()));
}
