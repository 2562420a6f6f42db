/**
 * The `Dataset` interface every reader returns, and {@link defineDataset}, which turns a
 * `get(index)` function plus metadata into one (checking the index on every call).
 */
import { assertInteger, type Sample } from '@seg/core';

/** An indexed collection of samples of one size. */
export interface Dataset {
  /** e.g. `'phantom:nodule'` or the folder path. */
  readonly name: string;
  readonly size: number;
  /** Classes including background. */
  readonly numClasses: number;
  readonly channels: number;
  /** Every sample of a dataset has this height and width. */
  readonly height: number;
  readonly width: number;
  /** One name per class, index = class (`classNames[0]` is the background). */
  readonly classNames: readonly string[];
  /** The sample at `index` (0 ≤ index < size); label present for labelled sets. Do not mutate its arrays. */
  get(index: number): Sample;
  /** Sample ids in index order. */
  ids(): string[];
}

/** Everything a dataset is made of; `get` may assume a valid index. */
export interface DatasetParts {
  name: string;
  size: number;
  numClasses: number;
  channels: number;
  height: number;
  width: number;
  classNames?: readonly string[];
  get(index: number): Sample;
  ids(): string[];
}

/** `['background', 'class_1', …]` for `numClasses` classes. */
export function defaultClassNames(numClasses: number): string[] {
  return Array.from({ length: numClasses }, (_, k) => (k === 0 ? 'background' : `class_${k}`));
}

/** A {@link Dataset} from its parts; `get` checks its index and names the dataset when it is out of range. */
export function defineDataset(parts: DatasetParts): Dataset {
  const { name, size, numClasses, channels, height, width, get, ids } = parts;
  const classNames = Object.freeze([...(parts.classNames ?? defaultClassNames(numClasses))]);
  return {
    name,
    size,
    numClasses,
    channels,
    height,
    width,
    classNames,
    get(index: number): Sample {
      assertInteger(index, `${name}.get`, 'index', 0, size - 1);
      return get(index);
    },
    ids,
  };
}
