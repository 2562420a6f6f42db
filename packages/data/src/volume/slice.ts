/**
 * Volume ↔ 2D slices. A slice along `axis` keeps the two other voxel axes p < q as an H×W image with
 * H = size of q and W = size of p (row = q, column = p; no flipping or reorientation), so that
 * axis 2 (axial for RAS-like volumes) gives Y×X images whose pixels are contiguous in the file.
 * The channels of a 4D volume become the image channels. {@link stackSlices} is the exact inverse.
 */
import { describeShape, type ImageArray, type LabelMap, SegInputError } from '@seg/core';
import { assertVolume, gridOf, type Volume } from './volume.js';

export type SliceAxis = 0 | 1 | 2;

/** One slice: its index along the axis, the image (H×W×C float32) and, when a label volume was given, its label map. */
export interface VolumeSlice {
  index: number;
  image: ImageArray;
  label?: LabelMap;
}

export interface SliceOptions {
  /** Axis to slice along: 0, 1 or 2 (default 2). */
  axis?: SliceAxis;
  /** A label volume on the same grid; its slices become the labels. */
  label?: Volume;
  /** Keep only slices whose label has a non-zero voxel (needs `label`). Default false. */
  dropEmpty?: boolean;
}

/** Strides of the X, Y, Z axes and the (H, W) axes of a slice along `axis`. */
export function sliceGeometry(dims: readonly number[], axis: SliceAxis) {
  const strides = [1, dims[0], dims[0] * dims[1]];
  const [p, q] = [0, 1, 2].filter((a) => a !== axis);
  return { strides, p, q, height: dims[q], width: dims[p], count: dims[axis] };
}

function checkAxis(axis: unknown, fn: string): asserts axis is SliceAxis {
  if (axis !== 0 && axis !== 1 && axis !== 2)
    throw new SegInputError({ fn, arg: 'options.axis', expected: '0, 1 or 2', got: String(axis) });
}

/** Copies slice `k` of `data` (channels `channels`) into an H×W×C channels-last array. */
function extract(data: ArrayLike<number>, dims: number[], channels: number, axis: SliceAxis, k: number, out: Float32Array | Int32Array) {
  const { strides, p, q, height, width } = sliceGeometry(dims, axis);
  const volumeSize = dims[0] * dims[1] * dims[2];
  for (let c = 0; c < channels; c++) {
    const base = k * strides[axis] + c * volumeSize;
    for (let r = 0; r < height; r++)
      for (let w = 0; w < width; w++) out[(r * width + w) * channels + c] = data[base + r * strides[q] + w * strides[p]];
  }
  return out;
}

/** The 2D slices of `volume` along `axis` (labels from `options.label`), optionally without label-free slices. */
export function sliceVolume(volume: Volume, options: SliceOptions = {}): VolumeSlice[] {
  const fn = 'sliceVolume';
  const { axis = 2, label, dropEmpty = false } = options;
  assertVolume(volume, fn, 'volume');
  checkAxis(axis, fn);
  const { dims, channels } = gridOf(volume);
  if (label !== undefined) {
    assertVolume(label, fn, 'options.label');
    const lg = gridOf(label);
    if (lg.channels !== 1 || lg.dims.some((d, i) => d !== dims[i]))
      throw new SegInputError({
        fn,
        arg: 'options.label',
        expected: `a 3D volume on the ${describeShape(dims)} grid of 'volume'`,
        got: describeShape(label.shape),
        hint: 'Resample the label volume onto the image grid',
      });
  }
  if (dropEmpty && label === undefined)
    throw new SegInputError({ fn, arg: 'options.dropEmpty', expected: "false when no 'label' volume is given", got: 'true' });
  const { height, width, count } = sliceGeometry(dims, axis);
  const out: VolumeSlice[] = [];
  for (let k = 0; k < count; k++) {
    let lab: LabelMap | undefined;
    if (label !== undefined) {
      const data = extract(label.data, dims, 1, axis, k, new Int32Array(height * width)) as Int32Array;
      if (dropEmpty && data.every((v) => v === 0)) continue;
      lab = { data, shape: [height, width] };
    }
    const image = {
      data: extract(volume.data, dims, channels, axis, k, new Float32Array(height * width * channels)) as Float32Array,
      shape: [height, width, channels] as const,
    };
    out.push(lab ? { index: k, image, label: lab } : { index: k, image });
  }
  return out;
}

export interface StackOptions {
  /** The axis the slices were cut along (default 2). */
  axis?: SliceAxis;
  /** Slice index of each entry of `slices` (default 0, 1, …); slices not listed are filled with 0. */
  indices?: readonly number[];
}

/**
 * Puts 2D slices back onto the grid of `like` (the inverse of {@link sliceVolume}). Label maps (Int32Array,
 * H×W) give an Int32Array label volume written as int16 by default; images (H×W×C) a float32 volume with C channels.
 * The geometry (affine, header) is that of `like`.
 */
export function stackSlices(slices: readonly (ImageArray | LabelMap)[], like: Volume, options: StackOptions = {}): Volume {
  const fn = 'stackSlices';
  const { axis = 2, indices = slices.map((_, i) => i) } = options;
  assertVolume(like, fn, 'like');
  checkAxis(axis, fn);
  const { dims } = gridOf(like);
  const { strides, p, q, height, width, count } = sliceGeometry(dims, axis);
  if (slices.length === 0 || indices.length !== slices.length)
    throw new SegInputError({ fn, arg: 'options.indices', expected: `one index per slice (${slices.length})`, got: `${indices.length}` });
  const isLabel = slices[0].data instanceof Int32Array;
  const channels = isLabel ? 1 : (slices[0].shape[2] ?? 1);
  const volumeSize = dims[0] * dims[1] * dims[2];
  const data = isLabel ? new Int32Array(volumeSize) : new Float32Array(volumeSize * channels);
  slices.forEach((s, i) => {
    const k = indices[i];
    const want = isLabel ? [height, width] : [height, width, channels];
    if (s.shape.length !== want.length || s.shape.some((v, j) => v !== want[j]) || s.data instanceof Int32Array !== isLabel)
      throw new SegInputError({
        fn,
        arg: `slices[${i}]`,
        expected: `${isLabel ? 'an int32 label map' : 'a float32 image'} of ${describeShape(want)} (slices of the ${describeShape(dims)} grid along axis ${axis})`,
        got: `${s.data.constructor.name} of ${describeShape(s.shape)}`,
        hint: 'Undo any resize before stacking (see unfitSlice)',
      });
    if (!(Number.isInteger(k) && k >= 0 && k < count))
      throw new SegInputError({ fn, arg: `options.indices[${i}]`, expected: `a slice index in [0, ${count - 1}]`, got: String(k) });
    for (let c = 0; c < channels; c++) {
      const base = k * strides[axis] + c * volumeSize;
      for (let r = 0; r < height; r++)
        for (let w = 0; w < width; w++) data[base + r * strides[q] + w * strides[p]] = s.data[(r * width + w) * channels + c];
    }
  });
  const shape = channels > 1 ? [...dims, channels] : [...dims];
  const datatype = isLabel ? (['uint8', 'int16', 'int32'].includes(like.datatype) ? like.datatype : 'int16') : 'float32';
  return {
    data,
    shape,
    spacing: [...like.spacing.slice(0, 3), ...(channels > 1 ? [1] : [])],
    affine: [...like.affine],
    datatype,
    header: { ...like.header },
  };
}
