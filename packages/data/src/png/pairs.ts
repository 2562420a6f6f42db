/**
 * Finding image/mask pairs in a folder: `dir/images/*.png` and `dir/masks/*.png`, matched by file stem
 * (case_017.png ↔ case_017.png), in natural order (case_2 before case_10).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SegInputError } from '@seg/core';

export interface PngPair {
  id: string;
  image: string;
  mask?: string;
}

function isDir(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

/** Natural order: digit runs compare by value ('case_2' < 'case_10'), the rest by code point. */
export function naturalCompare(a: string, b: string): number {
  const ra = a.match(/\d+|\D+/g) ?? [];
  const rb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(ra.length, rb.length); i++) {
    const [x, y] = [ra[i], rb[i]];
    if (x === y) continue;
    const nx = /^\d/.test(x) && /^\d/.test(y);
    if (nx && Number(x) !== Number(y)) return Number(x) - Number(y);
    return x < y ? -1 : 1;
  }
  return ra.length - rb.length;
}

/** PNG files of a folder by stem (extension matched case-insensitively). */
function pngStems(dir: string): Map<string, string> {
  const files = readdirSync(dir).filter((f) => /\.png$/i.test(f) && !f.startsWith('.'));
  return new Map(files.map((f) => [f.slice(0, -4), f]));
}

function listSome(names: string[]): string {
  const shown = names.slice(0, 3).join(', ');
  return names.length > 3 ? `${shown} (and ${names.length - 3} more)` : shown;
}

/**
 * The image/mask pairs of `dir`. With `masksRequired` false and no masks/ folder, the pairs have no mask;
 * and when there is no images/ folder either, the PNGs of `dir` itself are the images.
 */
export function findPngPairs(dir: string, masksRequired: boolean, fn: string): PngPair[] {
  if (!isDir(dir)) {
    throw new SegInputError({
      fn,
      arg: 'dir',
      expected: 'an existing folder holding images/ and masks/',
      got: `${dir} (${existsSync(dir) ? 'not a folder' : 'not found'})`,
      hint: 'Check the path',
    });
  }
  const imagesDir = join(dir, 'images');
  const masksDir = join(dir, 'masks');
  const hasMasks = isDir(masksDir);
  if (masksRequired && (!isDir(imagesDir) || !hasMasks)) {
    const missing = [isDir(imagesDir) ? '' : 'images/', hasMasks ? '' : 'masks/'].filter(Boolean).join(' and ');
    throw new SegInputError({
      fn,
      detail: `${dir} has no ${missing} folder`,
      hint: `Put image PNGs in ${imagesDir} and one mask PNG per image, named like the image, in ${masksDir}`,
    });
  }
  const imageRoot = isDir(imagesDir) ? imagesDir : dir;
  const images = pngStems(imageRoot);
  if (images.size === 0)
    throw new SegInputError({ fn, detail: `${imageRoot} holds no .png images`, hint: 'Add PNG files, or point to the dataset folder' });
  const ids = [...images.keys()].sort(naturalCompare);
  if (!hasMasks) return ids.map((id) => ({ id, image: join(imageRoot, images.get(id)!) }));
  const masks = pngStems(masksDir);
  const noMask = ids.filter((id) => !masks.has(id)).map((id) => images.get(id)!);
  const noImage = [...masks.keys()]
    .filter((id) => !images.has(id))
    .sort(naturalCompare)
    .map((id) => masks.get(id)!);
  if (noMask.length > 0 || noImage.length > 0) {
    const what = [
      noMask.length > 0 ? `missing mask${noMask.length > 1 ? 's' : ''} for ${listSome(noMask)}` : '',
      noImage.length > 0 ? `mask${noImage.length > 1 ? 's' : ''} without image: ${listSome(noImage)}` : '',
    ].filter(Boolean);
    throw new SegInputError({
      fn,
      detail: `${dir} holds ${images.size} image${images.size === 1 ? '' : 's'} but ${masks.size} mask${masks.size === 1 ? '' : 's'}; ${what.join('; ')}`,
      hint: 'Every image needs a mask with the same file name in masks/',
    });
  }
  return ids.map((id) => ({ id, image: join(imageRoot, images.get(id)!), mask: join(masksDir, masks.get(id)!) }));
}
