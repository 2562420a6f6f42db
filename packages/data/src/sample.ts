/**
 * Validation of one {@link Sample}: shapes consistent, pixels finite, labels in range. Readers in this
 * package produce valid samples by construction; use this on samples built by hand.
 */
import { assertFiniteArray, assertInteger, assertLabels, DEFAULT_IGNORE_INDEX, describeShape, type Sample, SegInputError } from '@seg/core';

function fail(fn: string, arg: string, expected: string, got: string, hint?: string): never {
  throw new SegInputError({ fn, arg, expected, got, hint });
}

/**
 * Throws a {@link SegInputError} unless `sample` has an id, an H×W×C float32 image with finite pixels,
 * and (when present) an H×W int32 label map with values in [0, numClasses) or 255 (ignored).
 */
export function assertSample(sample: Sample, numClasses: number, fn = 'assertSample'): void {
  assertInteger(numClasses, fn, 'numClasses', 2);
  const s = sample as Partial<Sample> | null | undefined;
  if (typeof s !== 'object' || s === null) fail(fn, 'sample', 'an object { id, image, label? }', String(s));
  const id = typeof s.id === 'string' && s.id.length > 0 ? s.id : fail(fn, 'sample.id', 'a non-empty string', String(s.id));
  const image = s.image;
  if (!image || !(image.data instanceof Float32Array) || !Array.isArray(image.shape) || image.shape.length !== 3) {
    fail(fn, `${id}.image`, 'an ImageArray { data: Float32Array, shape: [H, W, C] }', image ? `shape ${String(image.shape)}` : 'nothing');
  }
  const [h, w, c] = image.shape;
  if (!([h, w, c] as number[]).every((v) => Number.isInteger(v) && v > 0) || image.data.length !== h * w * c) {
    fail(fn, `${id}.image`, `H×W×C positive sizes with H·W·C values`, `${describeShape(image.shape)} with ${image.data.length} values`);
  }
  assertFiniteArray(image.data, fn, `${id}.image`);
  if (s.label === undefined) return;
  const label = s.label;
  if (!(label.data instanceof Int32Array))
    fail(fn, `${id}.label`, 'an Int32Array label map', (label.data as unknown as object | undefined)?.constructor?.name ?? 'nothing');
  const shape = label.shape;
  if (!Array.isArray(shape) || shape.length !== 2 || shape[0] !== h || shape[1] !== w || label.data.length !== h * w) {
    fail(
      fn,
      `${id}.label`,
      `${h}×${w} like the image`,
      `${describeShape(shape ?? [])} with ${label.data.length} values`,
      'The label map must cover the image pixel for pixel',
    );
  }
  assertLabels(label.data, numClasses, fn, `${id}.label`, DEFAULT_IGNORE_INDEX);
}
