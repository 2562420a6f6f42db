/**
 * Byte layouts of the NIfTI-1 (348-byte) and NIfTI-2 (540-byte) headers, read and written with a DataView.
 * Offsets follow nifti1.h and nifti2.h. The byte order is found from sizeof_hdr (348 or 540, read either way).
 */
import { SegInputError } from '@seg/core';
import type { NiftiDatatype, NiftiHeader } from './volume.js';

/** NIfTI datatype codes (nifti1.h DT_*) and bytes per voxel. */
export const DATATYPES: Record<NiftiDatatype, { code: number; bytes: number }> = {
  uint8: { code: 2, bytes: 1 },
  int16: { code: 4, bytes: 2 },
  int32: { code: 8, bytes: 4 },
  float32: { code: 16, bytes: 4 },
  float64: { code: 64, bytes: 8 },
  int8: { code: 256, bytes: 1 },
  uint16: { code: 512, bytes: 2 },
  uint32: { code: 768, bytes: 4 },
};
const BY_CODE = new Map(Object.entries(DATATYPES).map(([name, d]) => [d.code, name as NiftiDatatype]));

// [field, NIfTI-1 offset, NIfTI-2 offset]
const OFF = {
  datatype: [70, 12],
  dim: [40, 16],
  pixdim: [76, 104],
  voxOffset: [108, 168],
  sclSlope: [112, 176],
  sclInter: [116, 184],
  descrip: [148, 240],
  qformCode: [252, 344],
  sformCode: [254, 348],
  quatern: [256, 352],
  srow: [280, 400],
  xyztUnits: [123, 500],
  intentCode: [68, 504],
  magic: [344, 4],
} as const;

/** 1 or 2 and the byte order, from sizeof_hdr; undefined when the first 4 bytes are neither 348 nor 540. */
export function sniffHeader(view: DataView): { version: 1 | 2; littleEndian: boolean } | undefined {
  if (view.byteLength < 4) return undefined;
  for (const littleEndian of [true, false]) {
    const size = view.getInt32(0, littleEndian);
    if (size === 348) return { version: 1, littleEndian };
    if (size === 540) return { version: 2, littleEndian };
  }
  return undefined;
}

function ascii(view: DataView, at: number, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) {
    const c = view.getUint8(at + i);
    if (c === 0) break;
    s += String.fromCharCode(c);
  }
  return s;
}

/** Decodes the header of `file` (already known to be NIfTI-`version`, `littleEndian`). */
export function decodeHeader(view: DataView, version: 1 | 2, littleEndian: boolean, file: string, fn: string): NiftiHeader {
  const k = version - 1;
  const le = littleEndian;
  const int = (at: number) => (version === 1 ? view.getInt16(at, le) : Number(view.getBigInt64(at, le)));
  const code = (at: number) => (version === 1 ? view.getInt16(at, le) : view.getInt32(at, le));
  const real = (at: number) => (version === 1 ? view.getFloat32(at, le) : view.getFloat64(at, le));
  const step = version === 1 ? 4 : 8;
  const magic = version === 1 ? ascii(view, OFF.magic[0], 4) : ascii(view, OFF.magic[1], 3);
  if (magic !== (version === 1 ? 'n+1' : 'n+2')) {
    throw new SegInputError({
      fn,
      arg: 'path',
      expected: `a NIfTI-${version} file (magic 'n+${version}')`,
      got: `${file} with magic ${JSON.stringify(magic)}`,
      hint: 'Analyze 7.5 and two-file (.hdr/.img) NIfTI are not supported; convert to .nii with dcm2niix or nibabel',
    });
  }
  const dtCode = view.getInt16(OFF.datatype[k], le);
  const datatype = BY_CODE.get(dtCode);
  if (datatype === undefined) {
    throw new SegInputError({
      fn,
      arg: 'path',
      expected: `a NIfTI datatype among ${Object.entries(DATATYPES)
        .map(([n, d]) => `${n} (${d.code})`)
        .join(', ')}`,
      got: `${file} with datatype code ${dtCode}`,
      hint: 'Convert the volume to float32 or int16 (e.g. fslmaths in out -odt float)',
    });
  }
  const ints = (at: number, n: number, size: number) => Array.from({ length: n }, (_, i) => int(at + i * size));
  const reals = (at: number, n: number) => Array.from({ length: n }, (_, i) => real(at + i * step));
  return {
    version,
    littleEndian,
    dim: ints(OFF.dim[k], 8, version === 1 ? 2 : 8),
    pixdim: reals(OFF.pixdim[k], 8),
    datatype,
    voxOffset: version === 1 ? view.getFloat32(OFF.voxOffset[0], le) : Number(view.getBigInt64(OFF.voxOffset[1], le)),
    sclSlope: real(OFF.sclSlope[k]),
    sclInter: real(OFF.sclInter[k]),
    qformCode: code(OFF.qformCode[k]),
    sformCode: code(OFF.sformCode[k]),
    quatern: reals(OFF.quatern[k], 6),
    srow: reals(OFF.srow[k], 12),
    xyztUnits: version === 1 ? view.getUint8(OFF.xyztUnits[0]) : view.getInt32(OFF.xyztUnits[1], le),
    intentCode: version === 1 ? view.getInt16(OFF.intentCode[0], le) : view.getInt32(OFF.intentCode[1], le),
    descrip: ascii(view, OFF.descrip[k], 80),
  };
}

/** Header bytes (little-endian, with the 4-byte empty extension flag) for `h`; data starts right after. */
export function encodeHeader(h: NiftiHeader): Uint8Array {
  const version = h.version;
  const k = version - 1;
  const size = version === 1 ? 352 : 544;
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  const int = (at: number, v: number) => (version === 1 ? view.setInt16(at, v, true) : view.setBigInt64(at, BigInt(v), true));
  const code = (at: number, v: number) => (version === 1 ? view.setInt16(at, v, true) : view.setInt32(at, v, true));
  const real = (at: number, v: number) => (version === 1 ? view.setFloat32(at, v, true) : view.setFloat64(at, v, true));
  const step = version === 1 ? 4 : 8;
  view.setInt32(0, version === 1 ? 348 : 540, true);
  const magic = version === 1 ? 'n+1\0' : 'n+2\0\r\n\x1a\n';
  for (let i = 0; i < magic.length; i++) view.setUint8(OFF.magic[k] + i, magic.charCodeAt(i));
  if (version === 1) view.setUint8(38, 'r'.charCodeAt(0)); // 'regular', as most writers set it
  const dt = DATATYPES[h.datatype];
  view.setInt16(OFF.datatype[k], dt.code, true);
  view.setInt16(OFF.datatype[k] + 2, dt.bytes * 8, true); // bitpix follows datatype in both layouts
  h.dim.forEach((v, i) => {
    int(OFF.dim[k] + i * (version === 1 ? 2 : 8), v);
  });
  h.pixdim.forEach((v, i) => {
    real(OFF.pixdim[k] + i * step, v);
  });
  if (version === 1) view.setFloat32(OFF.voxOffset[0], size, true);
  else view.setBigInt64(OFF.voxOffset[1], BigInt(size), true);
  real(OFF.sclSlope[k], h.sclSlope);
  real(OFF.sclInter[k], h.sclInter);
  code(OFF.qformCode[k], h.qformCode);
  code(OFF.sformCode[k], h.sformCode);
  h.quatern.forEach((v, i) => {
    real(OFF.quatern[k] + i * step, v);
  });
  h.srow.forEach((v, i) => {
    real(OFF.srow[k] + i * step, v);
  });
  if (version === 1) view.setUint8(OFF.xyztUnits[0], h.xyztUnits);
  else view.setInt32(OFF.xyztUnits[1], h.xyztUnits, true);
  const d = h.descrip.slice(0, 79);
  for (let i = 0; i < d.length; i++) view.setUint8(OFF.descrip[k] + i, d.charCodeAt(i) & 0x7f);
  return bytes;
}
