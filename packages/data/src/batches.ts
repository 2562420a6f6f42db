/**
 * Mini-batches for training and evaluation: one epoch per generator, shuffling and augmentation drawn
 * only from the Rng passed in (so the trainer can checkpoint and restore it and resume bit-exactly).
 */
import { assertInteger, type Batch, Rng, type Sample, SegConfigError, SegInputError } from '@seg/core';
import { type AugmentOptions, augmentSize, copyTransformed, drawTransform, type Transform } from './augment.js';
import type { Dataset } from './dataset.js';

export interface BatchOptions {
  batchSize: number;
  /** Visit samples in a random order (`rng.permutation(size)`). Default false (dataset order). */
  shuffle?: boolean;
  /** Required when shuffling or augmenting; the only source of randomness. */
  rng?: Rng;
  augment?: AugmentOptions;
  /** Skip the last batch when it is smaller than batchSize. Default false. */
  dropLast?: boolean;
}

/** Batches per epoch: ⌈size / batchSize⌉, or ⌊size / batchSize⌋ with dropLast. */
export function numBatches(size: number, batchSize: number, dropLast = false): number {
  assertInteger(size, 'numBatches', 'size', 0);
  assertInteger(batchSize, 'numBatches', 'batchSize', 1);
  return dropLast ? Math.floor(size / batchSize) : Math.ceil(size / batchSize);
}

function checkOptions(ds: Dataset, options: BatchOptions): [number, number] {
  const { batchSize, shuffle = false, rng, augment = {}, dropLast = false } = options ?? ({} as BatchOptions);
  const problems: string[] = [];
  if (!(Number.isInteger(batchSize) && batchSize >= 1))
    problems.push(`'batchSize' must be an integer ≥ 1, got ${JSON.stringify(batchSize)}`);
  if (typeof shuffle !== 'boolean') problems.push(`'shuffle' must be a boolean, got ${JSON.stringify(shuffle)}`);
  if (typeof dropLast !== 'boolean') problems.push(`'dropLast' must be a boolean, got ${JSON.stringify(dropLast)}`);
  const random = shuffle === true || augment.flipHorizontal === true || augment.flipVertical === true || augment.crop !== undefined;
  if (rng !== undefined && !(rng instanceof Rng)) problems.push(`'rng' must be an Rng from @seg/core, got ${typeof rng}`);
  else if (random && rng === undefined)
    problems.push(`'rng' must be given when shuffling or augmenting (pass the trainer's Rng so a resumed run draws the same batches)`);
  if (problems.length > 0) throw new SegConfigError({ fn: 'batches', detail: 'invalid batch options', problems });
  return augmentSize(augment, ds.height, ds.width, 'batches');
}

const NO_PIXELS = new Float32Array(0);

/** Every annotator's label map of sample `s`, through the same flip/crop as its image, into slot `n` of `out`. */
function copyAnnotations(s: Sample, out: Int32Array[], t: Transform, ds: Dataset, index: number, slot: number): void {
  const given = s.annotations ?? [];
  if (given.length !== out.length || given.some((a) => a.data.length !== ds.height * ds.width)) {
    throw new SegInputError({
      fn: 'batches',
      arg: `annotations of '${s.id}' (index ${index})`,
      expected: `${out.length} label maps of ${ds.height}×${ds.width}, as the first sample of ${ds.name}`,
      got: `${given.length} of sizes ${given.map((a) => a.shape.join('×')).join(', ') || 'none'}`,
      hint: 'Every sample of a multi-annotator dataset needs the same number of annotations',
    });
  }
  given.forEach((a, k) => {
    copyTransformed(t, NO_PIXELS, a.data, ds.width, 0, NO_PIXELS, out[k], slot);
  });
}

/**
 * One epoch of batches: images N×h×w×C (Float32Array), labels N×h×w (Int32Array) when the dataset is
 * labelled, where h×w is the crop size or the dataset's. The last batch may be smaller unless dropLast.
 */
export function batches(ds: Dataset, options: BatchOptions): Generator<Batch> {
  const [h, w] = checkOptions(ds, options);
  const { batchSize, shuffle = false, rng, augment = {}, dropLast = false } = options;
  const order = shuffle ? rng!.permutation(ds.size) : Array.from({ length: ds.size }, (_, i) => i);
  const count = numBatches(ds.size, batchSize, dropLast);
  const labelled = ds.size > 0 && ds.get(0).label !== undefined;
  const annotators = ds.size > 0 ? (ds.get(0).annotations?.length ?? 0) : 0;
  return (function* () {
    for (let b = 0; b < count; b++) {
      const idx = order.slice(b * batchSize, (b + 1) * batchSize);
      const n = idx.length;
      const c = ds.channels;
      const images = new Float32Array(n * h * w * c);
      const labels = labelled ? new Int32Array(n * h * w) : undefined;
      const annotations = annotators >= 2 ? Array.from({ length: annotators }, () => new Int32Array(n * h * w)) : undefined;
      const ids: string[] = [];
      idx.forEach((index, slot) => {
        const s = ds.get(index);
        if (s.image.data.length !== ds.height * ds.width * c || (s.label !== undefined) !== labelled) {
          throw new SegInputError({
            fn: 'batches',
            detail: `${s.id} (index ${index}) does not match ${ds.name}: ${ds.height}×${ds.width}×${c}, ${labelled ? 'labelled' : 'unlabelled'}`,
            hint: 'Every sample of a dataset needs one size, and all or none need labels',
          });
        }
        const t = drawTransform(rng, augment, ds.height, ds.width);
        copyTransformed(t, s.image.data, s.label?.data, ds.width, c, images, labels, slot);
        if (annotations) copyAnnotations(s, annotations, t, ds, index, slot);
        ids.push(s.id);
      });
      const batch: Batch = { ids, images, shape: [n, h, w, c], ...(annotations ? { annotations } : {}) };
      yield labels ? { ...batch, labels } : batch;
    }
  })();
}
