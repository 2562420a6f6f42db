/**
 * The in-memory volume of this folder: voxel values in NIfTI order (x fastest, then y, z, and t/channel
 * slowest), the voxel → world (mm) affine, and the raw header fields needed to write a volume back.
 */
import { SegInputError } from '@seg/core';

/** NIfTI datatypes seg reads (all) and writes (uint8, int16, int32, float32). */
export type NiftiDatatype = 'uint8' | 'int8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'float32' | 'float64';

/** The header fields kept from a file; everything a writer needs to make a volume that lands on the same grid. */
export interface NiftiHeader {
  /** 1 (348-byte header) or 2 (540-byte header). */
  version: 1 | 2;
  littleEndian: boolean;
  /** dim[0..7] as in the file. */
  dim: number[];
  /** pixdim[0..7]; pixdim[0] is qfac (±1). */
  pixdim: number[];
  datatype: NiftiDatatype;
  voxOffset: number;
  sclSlope: number;
  sclInter: number;
  qformCode: number;
  sformCode: number;
  /** quatern_b, c, d, qoffset_x, y, z. */
  quatern: number[];
  /** srow_x, srow_y, srow_z (12 numbers). */
  srow: number[];
  xyztUnits: number;
  intentCode: number;
  descrip: string;
}

/** A 3D volume [X, Y, Z] or a 4D one [X, Y, Z, T] (T = time points or channels). */
export interface Volume {
  /** Voxel values (scl_slope/scl_inter applied): Int32Array for unscaled integer files, Float32Array otherwise. */
  data: Float32Array | Int32Array;
  shape: number[];
  /** Voxel size per axis (mm for the first three), from pixdim[1..]. */
  spacing: number[];
  /** 4×4 voxel → world matrix, row-major (sform if sform_code > 0, else qform, else pixdim scaling). */
  affine: number[];
  /** Datatype of the file it came from (or the one it will be written as). */
  datatype: NiftiDatatype;
  header: NiftiHeader;
}

/** `[X, Y, Z]` of a volume (its first three axes) and the number of channels (T, 1 for 3D). */
export function gridOf(volume: Volume): { dims: [number, number, number]; channels: number } {
  const [x, y, z = 1, t = 1] = volume.shape;
  return { dims: [x, y, z], channels: t };
}

/** Checks that `volume` looks like a {@link Volume} (shape and data length agree). */
export function assertVolume(volume: Volume, fn: string, arg: string): void {
  const shape = volume?.shape;
  const ok =
    Array.isArray(shape) &&
    shape.length >= 3 &&
    shape.length <= 4 &&
    shape.every((s) => Number.isInteger(s) && s > 0) &&
    (volume.data instanceof Float32Array || volume.data instanceof Int32Array) &&
    volume.data.length === shape.reduce((a, b) => a * b, 1) &&
    Array.isArray(volume.affine) &&
    volume.affine.length === 16;
  if (!ok) {
    throw new SegInputError({
      fn,
      arg,
      expected: 'a Volume { data, shape: [X, Y, Z(, T)], affine: 16 numbers } whose data has X·Y·Z·T values',
      got: shape ? `shape ${JSON.stringify(shape)} with ${volume?.data?.length} values` : String(volume),
      hint: 'Read volumes with readNifti',
    });
  }
}

/** True when both affines agree to `tol` (mm) entry by entry. */
export function sameAffine(a: readonly number[], b: readonly number[], tol = 1e-4): boolean {
  return a.length === b.length && a.every((v, i) => Math.abs(v - b[i]) <= tol * Math.max(1, Math.abs(v)));
}

/** A header for a volume made from scratch: NIfTI-1, unit spacing, identity-like affine from spacing (sform code 0). */
export function defaultHeader(shape: readonly number[], datatype: NiftiDatatype, spacing: readonly number[] = [1, 1, 1]): NiftiHeader {
  const dim = [shape.length, ...shape, ...Array(7 - shape.length).fill(1)];
  const pixdim = [1, ...spacing, ...Array(7 - spacing.length).fill(1)];
  return {
    version: 1,
    littleEndian: true,
    dim,
    pixdim,
    datatype,
    voxOffset: 352,
    sclSlope: 1,
    sclInter: 0,
    qformCode: 0,
    sformCode: 0,
    quatern: [0, 0, 0, 0, 0, 0],
    srow: [spacing[0] ?? 1, 0, 0, 0, 0, spacing[1] ?? 1, 0, 0, 0, 0, spacing[2] ?? 1, 0],
    xyztUnits: 2,
    intentCode: 0,
    descrip: '',
  };
}
