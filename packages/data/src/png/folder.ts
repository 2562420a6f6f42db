/**
 * A dataset from a folder of PNG image/mask pairs. Every pair is read and checked when the dataset is
 * opened (so problems surface before training starts) and kept in memory.
 *
 * Images: gray PNGs give 1 channel, colour PNGs 3 (alpha is dropped); values are scaled to [0, 1] by the
 * file's bit depth, then z-scored per image and channel (normalize.ts). Masks: gray values are class
 * indices (255 = unlabeled, ignored), or with `labelValues: 'binary-255'` 0/255 become 0/1.
 */
import { describeShape, type Sample, SegConfigError, SegInputError } from '@seg/core';
import { type Dataset, defaultClassNames, defineDataset } from '../dataset.js';
import { standardizeImage } from '../normalize.js';
import { pngToImage, pngToMaskValues, type RawPng, readPng } from './decode.js';
import { checkLabels, inferNumClasses } from './labels.js';
import { findPngPairs } from './pairs.js';

export interface PngFolderOptions {
  /** Classes including background. Default: largest mask value (other than 255) + 1, at least 2. */
  numClasses?: number;
  /** `'index'` (default): gray value = class index, 255 = ignored. `'binary-255'`: 0 → 0, 255 → 1, nothing else. */
  labelValues?: 'index' | 'binary-255';
  /** true: convert colour to 1 channel (BT.601 luminance); false: always 3 channels; default: 1 if every image is gray. */
  grayscale?: boolean;
  /** `'required'` (default), or `'optional'`: without masks/ the dataset is unlabeled (for prediction). */
  masks?: 'required' | 'optional';
  classNames?: readonly string[];
  /** Default: the folder path. */
  name?: string;
}

const FN = 'pngFolderDataset';

function checkOptions(options: PngFolderOptions): void {
  const { numClasses, labelValues = 'index', grayscale, masks = 'required', classNames } = options;
  const problems: string[] = [];
  if (numClasses !== undefined && !(Number.isInteger(numClasses) && numClasses >= 2 && numClasses <= 255))
    problems.push(`'numClasses' must be an integer in [2, 255], got ${numClasses}`);
  if (!['index', 'binary-255'].includes(labelValues))
    problems.push(`'labelValues' must be 'index' or 'binary-255', got ${JSON.stringify(labelValues)}`);
  if (labelValues === 'binary-255' && numClasses !== undefined && numClasses !== 2)
    problems.push(`'numClasses' must be 2 with labelValues 'binary-255', got ${numClasses}`);
  if (grayscale !== undefined && typeof grayscale !== 'boolean')
    problems.push(`'grayscale' must be true, false or left out, got ${JSON.stringify(grayscale)}`);
  if (!['required', 'optional'].includes(masks)) problems.push(`'masks' must be 'required' or 'optional', got ${JSON.stringify(masks)}`);
  if (classNames !== undefined && numClasses !== undefined && classNames.length !== numClasses)
    problems.push(`'classNames' must hold ${numClasses} names, got ${classNames.length}`);
  if (problems.length > 0) throw new SegConfigError({ fn: FN, detail: 'invalid options', problems });
}

const hw = (p: RawPng) => describeShape([p.height, p.width]);

/** Reads `dir/images/*.png` and `dir/masks/*.png` (matched by file stem) as a {@link Dataset}. */
export function pngFolderDataset(dir: string, options: PngFolderOptions = {}): Dataset {
  checkOptions(options);
  const { labelValues = 'index', grayscale, masks = 'required', name = dir } = options;
  const pairs = findPngPairs(dir, masks === 'required', FN);
  const images = pairs.map((p) => readPng(p.image, FN));
  const first = images[0];
  const rawMasks = pairs.map((p, i) => {
    if (p.mask === undefined) return undefined;
    const png = readPng(p.mask, FN);
    if (png.width !== images[i].width || png.height !== images[i].height) {
      throw new SegInputError({
        fn: FN,
        detail: `${p.id}: image is ${hw(images[i])} but mask is ${hw(png)}`,
        hint: 'The mask must cover the image pixel for pixel',
      });
    }
    return pngToMaskValues(png, FN);
  });
  images.forEach((png, i) => {
    if (png.width !== first.width || png.height !== first.height) {
      throw new SegInputError({
        fn: FN,
        detail: `${pairs[i].id} is ${hw(png)} but ${pairs[0].id} is ${hw(first)}; every case of a dataset must have one size`,
        hint: 'Resize or crop the images and masks to one size',
      });
    }
  });
  const numClasses = options.numClasses ?? (labelValues === 'binary-255' ? 2 : inferNumClasses(rawMasks, dir, FN));
  const labels = rawMasks.map((m, i) => (m === undefined ? undefined : checkLabels(m, pairs[i].mask!, numClasses, labelValues, FN)));
  const channels: 1 | 3 = (grayscale ?? images.every((p) => p.gray)) ? 1 : 3;
  const samples: Sample[] = pairs.map((p, i) => {
    const data = standardizeImage(pngToImage(images[i], channels), channels);
    const image = { data, shape: [first.height, first.width, channels] as const };
    const label = labels[i] && { data: labels[i]!, shape: [first.height, first.width] };
    return label ? { id: p.id, image, label } : { id: p.id, image };
  });
  return defineDataset({
    name,
    size: samples.length,
    numClasses,
    channels,
    height: first.height,
    width: first.width,
    classNames: options.classNames ?? defaultClassNames(numClasses),
    get: (i) => samples[i],
    ids: () => pairs.map((p) => p.id),
  });
}
