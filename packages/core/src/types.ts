/**
 * Shared data types. Layout is channels-last everywhere: an image is H×W×C float32, a label map
 * H×W int32 with class 0 = background and {@link DEFAULT_IGNORE_INDEX} for unlabeled pixels.
 * These are plain typed arrays with a shape so that metrics and data need no tensors.
 */

/** A shape, outermost axis first. */
export type Shape = readonly number[];

/** Anything with a shape and a dtype: a tf.Tensor, or one of the arrays below. Validators read only these. */
export interface ShapedLike {
  readonly shape: Shape;
  readonly dtype?: string;
}

/** The label value that marks an unlabeled pixel (scribbles): it never contributes to a loss or a metric. */
export const DEFAULT_IGNORE_INDEX = 255;

/** One image, H×W×C, channels-last, float32. */
export interface ImageArray {
  readonly data: Float32Array;
  readonly shape: readonly [height: number, width: number, channels: number];
}

/** One label map, H×W (2D) or D×H×W (3D), int32 class indices. */
export interface LabelMap {
  readonly data: Int32Array;
  readonly shape: readonly number[];
}

/** Per-pixel class probabilities, H×W×C (channels-last), rows summing to 1. */
export interface ProbabilityMap {
  readonly data: Float32Array;
  readonly shape: readonly [height: number, width: number, classes: number];
}

/** A binary mask (any non-zero value is foreground), 2D or 3D. */
export interface Mask {
  readonly data: ArrayLike<number>;
  readonly shape: readonly number[];
}

/** One training or evaluation case. */
export interface Sample {
  /** A stable identifier (file stem, phantom index), used in logs, reports and output file names. */
  readonly id: string;
  readonly image: ImageArray;
  /** Absent for unlabeled images. */
  readonly label?: LabelMap;
  /**
   * Several annotations of this image (multi-annotator scribbles), `label` being the first. Schemes that use them
   * (scribble supervision) sum their supervised loss over the annotators; everything else reads `label` only.
   */
  readonly annotations?: readonly LabelMap[];
}

/** A stack of samples of one size, ready to become tensors: images N×H×W×C, labels N×H×W. */
export interface Batch {
  readonly ids: readonly string[];
  readonly images: Float32Array;
  readonly labels?: Int32Array;
  /** One N×H×W label stack per annotator when every sample of the batch has the same number (≥ 2) of annotations. */
  readonly annotations?: readonly Int32Array[];
  readonly shape: readonly [n: number, height: number, width: number, channels: number];
}
