/**
 * Real masks for the multi-scale discriminator: the one-hot mask at full resolution and at each coarser scale the
 * discriminator reads (its extra inputs' sizes). 'nearest' keeps them one-hot (crisp expert masks at every scale);
 * 'average' area-averages, giving soft edges like a low-resolution prediction.
 */
import { SegInputError } from '@seg/core';
import * as tf from '@tensorflow/tfjs';

export type RealScales = 'nearest' | 'average';
export const REAL_SCALES: readonly RealScales[] = ['nearest', 'average'];

/** `[full, ...coarser]` real inputs for a discriminator whose inputs have `sizes` ([h, w] each, full first). */
export function realPyramid(oneHot: tf.Tensor4D, sizes: readonly (readonly [number, number])[], how: RealScales): tf.Tensor4D[] {
  const [, h, w] = oneHot.shape;
  return sizes.map(([sh, sw], d) => {
    if (d === 0 || (sh === h && sw === w)) return d === 0 ? oneHot : tf.clone(oneHot);
    const fy = h / sh;
    const fx = w / sw;
    if (!Number.isInteger(fy) || fy !== fx) {
      throw new SegInputError({
        fn: 'aagStep',
        arg: 'discriminator',
        expected: `input ${d} at ${h}×${w} divided by a power of 2`,
        got: `${sh}×${sw}`,
        hint: 'Build the discriminator with the same input size and depth as the segmentor',
      });
    }
    if (how === 'average') return tf.avgPool(oneHot, fy, fy, 'valid') as tf.Tensor4D;
    return tf.image.resizeNearestNeighbor(oneHot, [sh, sw]) as tf.Tensor4D;
  });
}
