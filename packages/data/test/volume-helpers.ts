/** Hand-laid NIfTI bytes for the volume tests (offsets typed in from nifti1.h / nifti2.h, independent of the codec). */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultHeader, type Volume } from '../src/volume/index.js';

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'seg-volume-'));
}

export interface HandNifti1 {
  dims: number[];
  /** datatype code and its setter */
  datatype: 2 | 4 | 16 | 64 | 512 | 128;
  values: number[];
  littleEndian?: boolean;
  pixdim?: number[];
  voxOffset?: number;
  slope?: number;
  inter?: number;
  qform?: { code: number; b: number; c: number; d: number; offset: [number, number, number]; qfac?: number };
  sform?: { code: number; rows: number[] };
  magic?: string;
}

const BYTES: Record<number, number> = { 2: 1, 4: 2, 16: 4, 64: 8, 512: 2, 128: 3 };

/** A single-file NIfTI-1 (.nii) laid out byte by byte. */
export function handNifti1(o: HandNifti1): Uint8Array {
  const le = o.littleEndian ?? true;
  const voxOffset = o.voxOffset ?? 352;
  const bpv = BYTES[o.datatype];
  const buf = new Uint8Array(voxOffset + o.values.length * bpv);
  const v = new DataView(buf.buffer);
  v.setInt32(0, 348, le); // sizeof_hdr
  v.setInt16(40, o.dims.length, le); // dim[0]
  // dim[1..]
  o.dims.forEach((d, i) => {
    v.setInt16(42 + 2 * i, d, le);
  });
  v.setInt16(70, o.datatype, le);
  v.setInt16(72, bpv * 8, le); // bitpix
  const pixdim = o.pixdim ?? [o.qform?.qfac ?? 1, 1, 1, 1];
  pixdim.forEach((p, i) => {
    v.setFloat32(76 + 4 * i, p, le);
  });
  v.setFloat32(108, voxOffset, le);
  v.setFloat32(112, o.slope ?? 0, le);
  v.setFloat32(116, o.inter ?? 0, le);
  if (o.qform) {
    v.setInt16(252, o.qform.code, le);
    [o.qform.b, o.qform.c, o.qform.d, ...o.qform.offset].forEach((q, i) => {
      v.setFloat32(256 + 4 * i, q, le);
    });
  }
  if (o.sform) {
    v.setInt16(254, o.sform.code, le);
    o.sform.rows.forEach((q, i) => {
      v.setFloat32(280 + 4 * i, q, le);
    });
  }
  const magic = o.magic ?? 'n+1\0';
  for (let i = 0; i < 4; i++) v.setUint8(344 + i, magic.charCodeAt(i) || 0);
  o.values.forEach((x, i) => {
    const at = voxOffset + i * bpv;
    if (o.datatype === 2) v.setUint8(at, x);
    else if (o.datatype === 4) v.setInt16(at, x, le);
    else if (o.datatype === 512) v.setUint16(at, x, le);
    else if (o.datatype === 16) v.setFloat32(at, x, le);
    else if (o.datatype === 64) v.setFloat64(at, x, le);
  });
  return buf;
}

/** A NIfTI-2 file laid out byte by byte (int64 dims, float64 fields). */
export function handNifti2(o: {
  dims: number[];
  values: number[];
  littleEndian?: boolean;
  pixdim?: number[];
  srow?: number[];
}): Uint8Array {
  const le = o.littleEndian ?? true;
  const buf = new Uint8Array(544 + o.values.length * 4);
  const v = new DataView(buf.buffer);
  v.setInt32(0, 540, le);
  const magic = 'n+2\0\r\n\x1a\n';
  for (let i = 0; i < 8; i++) v.setUint8(4 + i, magic.charCodeAt(i));
  v.setInt16(12, 16, le); // float32
  v.setInt16(14, 32, le);
  v.setBigInt64(16, BigInt(o.dims.length), le);
  o.dims.forEach((d, i) => {
    v.setBigInt64(24 + 8 * i, BigInt(d), le);
  });
  (o.pixdim ?? [1, 1, 1, 1]).forEach((p, i) => {
    v.setFloat64(104 + 8 * i, p, le);
  });
  v.setBigInt64(168, 544n, le); // vox_offset
  v.setFloat64(176, 1, le); // scl_slope
  if (o.srow) {
    v.setInt32(348, 1, le); // sform_code
    o.srow.forEach((q, i) => {
      v.setFloat64(400 + 8 * i, q, le);
    });
  }
  o.values.forEach((x, i) => {
    v.setFloat32(544 + 4 * i, x, le);
  });
  return buf;
}

/** An X×Y×Z volume with value f(x, y, z) (float32, or int32 when `label`), unit spacing, identity affine. */
export function makeVolume(dims: [number, number, number], f: (x: number, y: number, z: number) => number, label = false): Volume {
  const [X, Y, Z] = dims;
  const data = label ? new Int32Array(X * Y * Z) : new Float32Array(X * Y * Z);
  for (let z = 0; z < Z; z++) for (let y = 0; y < Y; y++) for (let x = 0; x < X; x++) data[x + X * (y + Y * z)] = f(x, y, z);
  const datatype = label ? 'int16' : 'float32';
  return {
    data,
    shape: [...dims],
    spacing: [1, 1, 1],
    affine: [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1],
    datatype,
    header: defaultHeader(dims, datatype),
  };
}
