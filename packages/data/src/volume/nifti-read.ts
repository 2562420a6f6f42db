/**
 * NIfTI-1 / NIfTI-2 reading (`.nii`, or gzip-compressed `.nii.gz`, detected by the gzip magic bytes, not the name).
 * Voxel values get scl_slope / scl_inter applied (when slope ≠ 0 and not the identity); spacing is pixdim[1..dim[0]].
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { SegInputError } from '@seg/core';
import { headerAffine } from './affine.js';
import { DATATYPES, decodeHeader, sniffHeader } from './header-codec.js';
import type { NiftiHeader, Volume } from './volume.js';

const FN = 'readNifti';

function inflate(bytes: Uint8Array, file: string): Uint8Array {
  if (!(bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b)) return bytes;
  try {
    return gunzipSync(bytes);
  } catch (err) {
    throw new SegInputError(
      {
        fn: FN,
        detail: `${file} is gzip-compressed but cannot be decompressed (${(err as Error).message})`,
        hint: 'The file is truncated or corrupt; copy it again',
      },
      { cause: err },
    );
  }
}

function readVoxels(view: DataView, h: NiftiHeader, count: number): Float32Array | Int32Array {
  const { datatype, littleEndian: le } = h;
  const bytes = DATATYPES[datatype].bytes;
  const scaled = h.sclSlope !== 0 && Number.isFinite(h.sclSlope) && !(h.sclSlope === 1 && h.sclInter === 0);
  const integer = !datatype.startsWith('float') && datatype !== 'uint32';
  const out = integer && !scaled ? new Int32Array(count) : new Float32Array(count);
  const get: (at: number) => number = {
    uint8: (at: number) => view.getUint8(at),
    int8: (at: number) => view.getInt8(at),
    int16: (at: number) => view.getInt16(at, le),
    uint16: (at: number) => view.getUint16(at, le),
    int32: (at: number) => view.getInt32(at, le),
    uint32: (at: number) => view.getUint32(at, le),
    float32: (at: number) => view.getFloat32(at, le),
    float64: (at: number) => view.getFloat64(at, le),
  }[datatype];
  const start = h.voxOffset;
  for (let i = 0; i < count; i++) out[i] = get(start + i * bytes);
  if (scaled) for (let i = 0; i < count; i++) out[i] = out[i] * h.sclSlope + h.sclInter;
  return out;
}

/** Parses the bytes of a NIfTI file (gzip or not); `file` only names it in errors. */
export function parseNifti(raw: Uint8Array, file = '<bytes>'): Volume {
  const bytes = inflate(raw, file);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const kind = sniffHeader(view);
  if (kind === undefined) {
    const got = bytes.length < 4 ? `${file} of ${bytes.length} bytes` : `${file} whose sizeof_hdr is ${view.getInt32(0, true)}`;
    throw new SegInputError({
      fn: FN,
      arg: 'path',
      expected: 'a NIfTI-1 or NIfTI-2 file (sizeof_hdr 348 or 540)',
      got,
      hint: 'Is it a NIfTI volume? DICOM series must be converted first (dcm2niix)',
    });
  }
  const headerSize = kind.version === 1 ? 348 : 540;
  if (bytes.length < headerSize) {
    throw new SegInputError({
      fn: FN,
      arg: 'path',
      expected: `a complete ${headerSize}-byte NIfTI-${kind.version} header`,
      got: `${file} of ${bytes.length} bytes`,
      hint: 'The file is truncated; copy it again',
    });
  }
  const header = decodeHeader(view, kind.version, kind.littleEndian, file, FN);
  const rank = header.dim[0];
  if (!(rank >= 1 && rank <= 7) || header.dim.slice(1, rank + 1).some((d) => !(d >= 1))) {
    throw new SegInputError({
      fn: FN,
      arg: 'path',
      expected: 'dim[0] in 1…7 and positive sizes',
      got: `${file} with dim ${JSON.stringify(header.dim)}`,
    });
  }
  if (rank > 4 && header.dim.slice(5, rank + 1).some((d) => d > 1)) {
    throw new SegInputError({
      fn: FN,
      arg: 'path',
      expected: 'a 3D or 4D volume',
      got: `${file} with dim ${JSON.stringify(header.dim)}`,
      hint: 'Split the 5D volume first',
    });
  }
  const shape = [1, 2, 3].map((i) => (i <= rank ? header.dim[i] : 1));
  if (rank >= 4 && header.dim[4] > 1) shape.push(header.dim[4]);
  const count = shape.reduce((a, b) => a * b, 1);
  if (header.voxOffset < headerSize) header.voxOffset = kind.version === 1 ? 352 : 544;
  const need = header.voxOffset + count * DATATYPES[header.datatype].bytes;
  if (bytes.length < need) {
    throw new SegInputError({
      fn: FN,
      arg: 'path',
      expected: `${need} bytes (header up to vox_offset ${header.voxOffset} + ${shape.join('×')} ${header.datatype} voxels)`,
      got: `${file} of ${bytes.length} bytes`,
      hint: 'The file is truncated; copy it again',
    });
  }
  const data = readVoxels(view, header, count);
  const spacing = shape.map((_, i) => Math.abs(header.pixdim[i + 1]) || 1);
  return { data, shape, spacing, affine: headerAffine(header), datatype: header.datatype, header };
}

/** Reads a `.nii` or `.nii.gz` file into a {@link Volume}. */
export function readNifti(path: string): Volume {
  let raw: Buffer;
  try {
    raw = readFileSync(path);
  } catch (err) {
    throw new SegInputError(
      {
        fn: FN,
        arg: 'path',
        expected: 'a readable NIfTI file',
        got: `${path} (${(err as NodeJS.ErrnoException).code ?? 'unreadable'})`,
        hint: 'Check the path',
      },
      { cause: err },
    );
  }
  return parseNifti(raw, path);
}
