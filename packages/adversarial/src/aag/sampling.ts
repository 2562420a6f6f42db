/** Draws the extra batches AAG needs (unlabeled images, unpaired masks) from datasets, with the trainer's Rng. */
import { type Rng, SegInputError } from '@seg/core';
import type { Dataset } from '@seg/data';
import * as tf from '@tensorflow/tfjs';

/** `n` indices drawn uniformly with replacement from [0, size) (the trainer's Rng, so a resumed run draws the same). */
function draw(rng: Rng, size: number, n: number): number[] {
  return Array.from({ length: n }, () => rng.int(size));
}

/** `n` images of `ds` as `[n,H,W,C]`. */
export function drawImages(ds: Dataset, n: number, rng: Rng): tf.Tensor4D {
  const idx = draw(rng, ds.size, n);
  const size = ds.height * ds.width * ds.channels;
  const out = new Float32Array(n * size);
  idx.forEach((i, k) => {
    out.set(ds.get(i).image.data, k * size);
  });
  return tf.tensor4d(out, [n, ds.height, ds.width, ds.channels]);
}

/** `n` label maps of `ds` as int32 `[n,H,W]` (the unpaired real masks of the adversarial game). */
export function drawMasks(ds: Dataset, n: number, rng: Rng, fn: string): tf.Tensor3D {
  const idx = draw(rng, ds.size, n);
  const size = ds.height * ds.width;
  const out = new Int32Array(n * size);
  idx.forEach((i, k) => {
    const s = ds.get(i);
    if (!s.label) {
      throw new SegInputError({
        fn,
        arg: 'maskPool',
        expected: 'a dataset of full segmentation masks',
        got: `'${s.id}' without a label map`,
        hint: 'The mask pool holds expert masks of other cases (weakSplit in @seg/data builds one)',
      });
    }
    out.set(s.label.data, k * size);
  });
  return tf.tensor3d(out, [n, ds.height, ds.width], 'int32');
}
