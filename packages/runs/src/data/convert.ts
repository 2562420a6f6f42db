/** `seg data convert` as a library call: a NIfTI volume → a PNG slice folder, or a folder of mask PNGs → a NIfTI label volume. */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { SegInputError } from '@seg/core';
import { pngMasksToVolume, readNifti, volumeToPngFolder, writeNifti } from '@seg/data';

export interface ConvertOptions {
  /** A .nii/.nii.gz volume, or a folder of mask PNGs (its masks/ subfolder when present). */
  from: string;
  /** A folder (for a volume) or a .nii/.nii.gz file (for a PNG folder). */
  to: string;
  /** NIfTI → PNG: a label volume on the same grid, written to masks/. */
  label?: string;
  /** PNG → NIfTI: the reference volume whose grid and header the result takes. */
  like?: string;
  axis?: 0 | 1 | 2;
  /** NIfTI → PNG: skip slices whose label is all background. */
  dropEmpty?: boolean;
  /** NIfTI → PNG: file name prefix (default 'slice'). */
  prefix?: string;
  /** PNG → NIfTI: datatype on disk (default uint8). */
  datatype?: 'uint8' | 'int16';
}

export interface ConvertResult {
  direction: 'nifti-to-png' | 'png-to-nifti';
  from: string;
  to: string;
  /** Slices written (NIfTI → PNG) or mask PNGs read (PNG → NIfTI). */
  slices: number;
  /** Voxel grid of the volume. */
  shape: number[];
  spacing: number[];
}

const FN = 'seg data convert';
const isNifti = (p: string) => /\.nii(\.gz)?$/i.test(p);

export async function convertData(options: ConvertOptions): Promise<ConvertResult> {
  const { from, to, label, like, axis = 2, dropEmpty = false, prefix = 'slice', datatype = 'uint8' } = options;
  if (!existsSync(from))
    throw new SegInputError({ fn: FN, arg: '--from', expected: 'an existing NIfTI file or PNG folder', got: `${from} (not found)` });
  if (isNifti(from)) {
    if (isNifti(to)) throw new SegInputError({ fn: FN, arg: '--to', expected: 'a folder for the PNG slices', got: to });
    const volume = readNifti(from);
    const slices = await volumeToPngFolder(volume, to, {
      axis,
      prefix,
      dropEmpty,
      label: label === undefined ? undefined : readNifti(label),
    });
    return { direction: 'nifti-to-png', from, to, slices, shape: volume.shape, spacing: volume.spacing };
  }
  if (!isNifti(to))
    throw new SegInputError({ fn: FN, arg: '--to', expected: 'a .nii or .nii.gz file when --from is a PNG folder', got: to });
  if (like === undefined)
    throw new SegInputError({
      fn: FN,
      arg: '--like',
      expected: 'the reference volume the masks were cut from',
      got: 'nothing',
      hint: 'Pass --like scan.nii.gz so the result lands on the scan grid',
    });
  const ref = readNifti(like);
  const volume = pngMasksToVolume(from, ref, { axis });
  writeNifti(to, volume, { like: ref, datatype });
  const root = existsSync(join(from, 'masks')) ? join(from, 'masks') : from;
  const slices = readdirSync(root).filter((f) => /\.png$/i.test(f) && !f.startsWith('.')).length;
  return { direction: 'png-to-nifti', from, to, slices, shape: ref.shape.slice(0, 3), spacing: ref.spacing.slice(0, 3) };
}
