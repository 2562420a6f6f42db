/**
 * Per-layer initialiser seeds derived from one model seed. Each layer's seed comes from `Rng(seed).fork(layerName)`,
 * so it depends only on the model seed and the layer's (stable) name — not on the order layers are built — and two
 * layers never share a seed by construction order accident.
 */

import { Rng } from '@seg/core';
import * as tf from '@tensorflow/tfjs';

/** Maps a layer name to its initialiser seed (an unsigned 32-bit integer). */
export type LayerSeeds = (layerName: string) => number;

export function layerSeeds(seed: number): LayerSeeds {
  const root = new Rng(seed);
  return (layerName) => root.fork(layerName).nextUint32();
}

/** He-normal (truncated normal, σ = √(2 / fan_in)) seeded for `layerName`: for convolutions followed by ReLU. */
export function heNormalFor(seeds: LayerSeeds, layerName: string): ReturnType<typeof tf.initializers.heNormal> {
  return tf.initializers.heNormal({ seed: seeds(layerName) });
}

/** Glorot-uniform seeded for `layerName`: for layers not followed by ReLU (the logits). */
export function glorotUniformFor(seeds: LayerSeeds, layerName: string): ReturnType<typeof tf.initializers.heNormal> {
  return tf.initializers.glorotUniform({ seed: seeds(layerName) });
}
