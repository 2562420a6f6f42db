/**
 * NIfTI writing, typically of predicted label volumes: the geometry (pixdim, qform, sform and their codes, units)
 * is copied from a source volume (`like`), so the result overlays the scan in any viewer. Files ending in `.gz`
 * are gzip-compressed. The file is written to a temporary sibling and renamed over the target.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { SegInputError } from '@seg/core';
import { headerAffine } from './affine.js';
import { DATATYPES, encodeHeader } from './header-codec.js';
import { assertVolume, type NiftiDatatype, type NiftiHeader, sameAffine, type Volume } from './volume.js';

export interface WriteNiftiOptions {
  /** Copy the geometry from this volume (same X×Y×Z grid required). Default: the volume's own header. */
  like?: Volume;
  /** Datatype on disk. Default: the volume's datatype if writable, else int16 for Int32Array data and float32 otherwise. */
  datatype?: 'uint8' | 'int16' | 'int32' | 'float32';
  /** Header layout. Default: that of the source header. */
  version?: 1 | 2;
}

const WRITABLE = ['uint8', 'int16', 'int32', 'float32'] as const;
const RANGE: Record<string, [number, number]> = { uint8: [0, 255], int16: [-32768, 32767], int32: [-(2 ** 31), 2 ** 31 - 1] };
const FN = 'writeNifti';

function pickDatatype(volume: Volume, requested?: string): (typeof WRITABLE)[number] {
  if (requested !== undefined) {
    if (!(WRITABLE as readonly string[]).includes(requested))
      throw new SegInputError({
        fn: FN,
        arg: 'options.datatype',
        expected: `one of ${WRITABLE.join(', ')}`,
        got: JSON.stringify(requested),
      });
    return requested as (typeof WRITABLE)[number];
  }
  if ((WRITABLE as readonly string[]).includes(volume.datatype)) return volume.datatype as (typeof WRITABLE)[number];
  return volume.data instanceof Int32Array ? 'int16' : 'float32';
}

function encodeVoxels(volume: Volume, datatype: NiftiDatatype): Uint8Array {
  const { data } = volume;
  const bytes = new Uint8Array(data.length * DATATYPES[datatype].bytes);
  const view = new DataView(bytes.buffer);
  const range = RANGE[datatype];
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (range && !(Number.isInteger(v) && v >= range[0] && v <= range[1])) {
      throw new SegInputError({
        fn: FN,
        arg: 'volume',
        expected: `integer values in [${range[0]}, ${range[1]}] to be written as ${datatype}`,
        got: `${v} at flat index ${i}`,
        hint: "Round the values, or write with datatype: 'float32'",
      });
    }
    if (datatype === 'uint8') view.setUint8(i, v);
    else if (datatype === 'int16') view.setInt16(2 * i, v, true);
    else if (datatype === 'int32') view.setInt32(4 * i, v, true);
    else view.setFloat32(4 * i, v, true);
  }
  return bytes;
}

function headerFor(volume: Volume, like: Volume | undefined, datatype: NiftiDatatype, version?: 1 | 2): NiftiHeader {
  const src = (like ?? volume).header;
  const { shape } = volume;
  const dim = [shape.length, ...shape, ...Array(7 - shape.length).fill(1)];
  const pixdim = [...src.pixdim];
  if (shape.length === 3) pixdim[4] = 1;
  return { ...src, version: version ?? src.version, littleEndian: true, dim, datatype, sclSlope: 1, sclInter: 0, voxOffset: 0 };
}

/** The bytes of a NIfTI file for `volume` (see {@link writeNifti}); gzip when `gzip` is true. */
export function encodeNifti(volume: Volume, options: WriteNiftiOptions & { gzip?: boolean } = {}): Uint8Array {
  assertVolume(volume, FN, 'volume');
  const { like, gzip = false } = options;
  if (like !== undefined) {
    assertVolume(like, FN, 'options.like');
    if (like.shape.slice(0, 3).some((s, i) => s !== volume.shape[i])) {
      throw new SegInputError({
        fn: FN,
        arg: 'options.like',
        expected: `a volume on the ${volume.shape.slice(0, 3).join('×')} grid of 'volume'`,
        got: like.shape.slice(0, 3).join('×'),
        hint: 'Stack the slices back onto the grid of the scan they came from',
      });
    }
  }
  const datatype = pickDatatype(volume, options.datatype);
  const header = headerFor(volume, like, datatype, options.version);
  if (like === undefined && !sameAffine(headerAffine(header), volume.affine)) {
    // a volume whose affine was set by hand: store it as the sform
    Object.assign(header, { sformCode: header.sformCode || 2, srow: volume.affine.slice(0, 12) });
  }
  const head = encodeHeader(header);
  const body = encodeVoxels(volume, datatype);
  const out = new Uint8Array(head.length + body.length);
  out.set(head, 0);
  out.set(body, head.length);
  return gzip ? gzipSync(out) : out;
}

/** Writes `volume` to `path` (`.nii` or `.nii.gz`), atomically; parent folders are created. */
export function writeNifti(path: string, volume: Volume, options: WriteNiftiOptions = {}): void {
  if (!/\.nii(\.gz)?$/i.test(path)) {
    throw new SegInputError({ fn: FN, arg: 'path', expected: 'a file name ending in .nii or .nii.gz', got: path });
  }
  const bytes = encodeNifti(volume, { ...options, gzip: /\.gz$/i.test(path) });
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
  try {
    writeFileSync(tmp, bytes);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}
