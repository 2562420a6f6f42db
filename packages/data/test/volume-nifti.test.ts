import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { parseNifti, readNifti, writeNifti } from '../src/volume/index.js';
import { handNifti1, handNifti2, tempDir } from './volume-helpers.js';

const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const VALUES = [5, -3, 7, 0, 12, 300, -1, 2, 9, 4, 100, -200]; // 2×3×2, x fastest
const H = Math.SQRT1_2;
// 90° about z: a = cos 45°, d = sin 45° → R = [[0,−1,0],[1,0,0],[0,0,1]] (nifti1.h formula by hand);
// columns scaled by pixdim (2, 3, 4), third column by qfac
const QFORM = { code: 1, b: 0, c: 0, d: H, offset: [10, -20, 30] as [number, number, number] };

describe('readNifti: hand-laid NIfTI-1 bytes', () => {
  const bytes = handNifti1({ dims: [2, 3, 2], datatype: 4, values: VALUES, pixdim: [1, 2, 3, 4], qform: QFORM });
  it('int16 voxels in x-fastest order, shape, spacing, qform affine', () => {
    const v = parseNifti(bytes);
    expect(v.shape).toEqual([2, 3, 2]);
    expect(v.spacing).toEqual([2, 3, 4]);
    expect(v.datatype).toBe('int16');
    expect(v.data).toBeInstanceOf(Int32Array);
    expect(Array.from(v.data)).toEqual(VALUES);
    const expected = [0, -3, 0, 10, 2, 0, 0, -20, 0, 0, 4, 30, 0, 0, 0, 1];
    v.affine.forEach((a, i) => {
      expect(a).toBeCloseTo(expected[i], 5);
    });
  });
  it('big-endian bytes (found from sizeof_hdr) give the same volume; qfac −1 flips the third column', () => {
    const be = parseNifti(
      handNifti1({
        dims: [2, 3, 2],
        datatype: 4,
        values: VALUES,
        pixdim: [-1, 2, 3, 4],
        qform: { ...QFORM, qfac: -1 },
        littleEndian: false,
      }),
    );
    expect(be.header.littleEndian).toBe(false);
    expect(Array.from(be.data)).toEqual(VALUES);
    expect(be.affine[10]).toBeCloseTo(-4, 5);
  });
  it('sform wins over qform; neither gives diag(pixdim)', () => {
    const rows = [-1, 0, 0, 90, 0, 1, 0, -126, 0, 0, 1, -72];
    const both = parseNifti(handNifti1({ dims: [2, 3, 2], datatype: 4, values: VALUES, qform: QFORM, sform: { code: 4, rows } }));
    expect(both.affine).toEqual([...rows, 0, 0, 0, 1]);
    const none = parseNifti(handNifti1({ dims: [2, 3, 2], datatype: 4, values: VALUES, pixdim: [0, 0.5, 0.25, 2] }));
    expect(none.affine).toEqual([0.5, 0, 0, 0, 0, 0.25, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1]);
  });
  it('scl_slope / scl_inter: uint8 v → 2v − 1 as float32; slope 0 means unscaled', () => {
    const v = parseNifti(handNifti1({ dims: [2, 2, 1], datatype: 2, values: [0, 1, 128, 255], slope: 2, inter: -1 }));
    expect(v.data).toBeInstanceOf(Float32Array);
    expect(Array.from(v.data)).toEqual([-1, 1, 255, 509]);
    expect(Array.from(parseNifti(handNifti1({ dims: [2, 2, 1], datatype: 2, values: [0, 1, 128, 255] })).data)).toEqual([0, 1, 128, 255]);
  });
  it('vox_offset past 352 (an extension), uint16 and float64 voxels, gzip', () => {
    expect(Array.from(parseNifti(handNifti1({ dims: [2, 1, 1], datatype: 512, values: [65535, 7], voxOffset: 400 })).data)).toEqual([
      65535, 7,
    ]);
    expect(Array.from(parseNifti(handNifti1({ dims: [3, 1, 1], datatype: 64, values: [0.5, -1.25, 1e6] })).data)).toEqual([
      0.5, -1.25, 1e6,
    ]);
    const gz = parseNifti(gzipSync(bytes));
    expect(Array.from(gz.data)).toEqual(VALUES);
  });
  it('a 4D file keeps T as the fourth axis', () => {
    const v = parseNifti(handNifti1({ dims: [1, 2, 1, 2], datatype: 16, values: [1, 2, 3, 4] }));
    expect(v.shape).toEqual([1, 2, 1, 2]);
  });
});

describe('readNifti: hand-laid NIfTI-2 bytes', () => {
  const srow = [2, 0, 0, -5, 0, 2, 0, -6, 0, 0, 3, 7];
  it('little and big endian, float32, sform', () => {
    for (const littleEndian of [true, false]) {
      const v = parseNifti(handNifti2({ dims: [2, 2, 2], values: [1.5, 2, 3, 4, 5, 6, 7, -8], littleEndian, pixdim: [1, 2, 2, 3], srow }));
      expect(v.header.version).toBe(2);
      expect(v.shape).toEqual([2, 2, 2]);
      expect(Array.from(v.data)).toEqual([1.5, 2, 3, 4, 5, 6, 7, -8]);
      expect(v.spacing).toEqual([2, 2, 3]);
      expect(v.affine).toEqual([...srow, 0, 0, 0, 1]);
    }
  });
});

describe('writeNifti → readNifti', () => {
  const source = parseNifti(
    handNifti1({
      dims: [2, 3, 2],
      datatype: 4,
      values: VALUES,
      pixdim: [1, 2, 3, 4],
      qform: QFORM,
      sform: { code: 2, rows: [2, 0, 0, 1, 0, 3, 0, 2, 0, 0, 4, 3] },
    }),
  );
  it('a label volume with the geometry of `like`, .nii and .nii.gz, NIfTI-1 and -2', () => {
    const label = { ...source, data: Int32Array.from(VALUES, (v) => (v > 0 ? 1 : 0)), datatype: 'uint8' as const };
    for (const [file, version] of [
      ['a.nii', 1],
      ['b.nii.gz', 1],
      ['c.nii', 2],
      ['d.nii.gz', 2],
    ] as const) {
      const path = join(dir, file);
      writeNifti(path, label, { like: source, version });
      const back = readNifti(path);
      expect(Array.from(back.data)).toEqual(Array.from(label.data));
      expect(back.affine).toEqual(source.affine);
      expect(back.header.version).toBe(version);
      expect(back.datatype).toBe('uint8');
      expect([back.header.qformCode, back.header.sformCode]).toEqual([1, 2]);
      expect(back.header.quatern.map((q) => +q.toFixed(6))).toEqual(source.header.quatern.map((q) => +q.toFixed(6)));
    }
  });
  it('the written header bytes sit where nifti1.h puts them', () => {
    const path = join(dir, 'bytes.nii');
    writeNifti(path, source, { datatype: 'int16' });
    const b = readFileSync(path);
    expect(b.readInt32LE(0)).toBe(348);
    expect([b.readInt16LE(40), b.readInt16LE(42), b.readInt16LE(44), b.readInt16LE(46)]).toEqual([3, 2, 3, 2]);
    expect([b.readInt16LE(70), b.readInt16LE(72)]).toEqual([4, 16]);
    expect(b.readFloatLE(108)).toBe(352);
    expect(b.toString('latin1', 344, 348)).toBe('n+1\0');
    expect(b.length).toBe(352 + 12 * 2);
    expect(b.readInt16LE(352 + 2 * 5)).toBe(300);
  });
  it('no temporary file is left behind', async () => {
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('clear errors', () => {
  const good = handNifti1({ dims: [2, 3, 2], datatype: 4, values: VALUES });
  const write = (name: string, bytes: Uint8Array) => {
    const p = join(dir, name);
    writeFileSync(p, bytes);
    return p;
  };
  it('truncated header, truncated voxels, truncated gzip', () => {
    const half = write('half.nii', good.slice(0, 200));
    expect(() => readNifti(half)).toThrow(
      `readNifti: 'path' must be a complete 348-byte NIfTI-1 header, got ${half} of 200 bytes. The file is truncated`,
    );
    const short = write('short.nii', good.slice(0, 352 + 10));
    expect(() => readNifti(short)).toThrow(
      `readNifti: 'path' must be 376 bytes (header up to vox_offset 352 + 2×3×2 int16 voxels), got ${short} of 362 bytes`,
    );
    const gz = gzipSync(good);
    const cut = write('cut.nii.gz', gz.slice(0, gz.length - 20));
    expect(() => readNifti(cut)).toThrow(`readNifti: ${cut} is gzip-compressed but cannot be decompressed`);
  });
  it('not a NIfTI file: wrong sizeof_hdr, wrong magic, missing file', () => {
    const txt = write('notes.nii', new TextEncoder().encode('hello, this is not a volume at all'));
    expect(() => readNifti(txt)).toThrow(
      `readNifti: 'path' must be a NIfTI-1 or NIfTI-2 file (sizeof_hdr 348 or 540), got ${txt} whose sizeof_hdr is`,
    );
    const analyze = write('old.nii', handNifti1({ dims: [1, 1, 1], datatype: 2, values: [1], magic: '\0\0\0\0' }));
    expect(() => readNifti(analyze)).toThrow(`readNifti: 'path' must be a NIfTI-1 file (magic 'n+1'), got ${analyze} with magic ""`);
    const pair = write('pair.nii', handNifti1({ dims: [1, 1, 1], datatype: 2, values: [1], magic: 'ni1\0' }));
    expect(() => readNifti(pair)).toThrow(
      `readNifti: 'path' must be a NIfTI-1 file (magic 'n+1'), got ${pair} with magic "ni1". Analyze 7.5 and two-file (.hdr/.img) NIfTI are not supported`,
    );
    expect(() => readNifti(join(dir, 'missing.nii'))).toThrow(
      `readNifti: 'path' must be a readable NIfTI file, got ${join(dir, 'missing.nii')} (ENOENT)`,
    );
  });
  it('unsupported datatype names the code and the supported ones', () => {
    const rgb = write('rgb.nii', handNifti1({ dims: [1, 1, 1], datatype: 128, values: [0] }));
    expect(() => readNifti(rgb)).toThrow(
      /readNifti: 'path' must be a NIfTI datatype among uint8 \(2\), int16 \(4\).*got .*rgb\.nii with datatype code 128/,
    );
  });
  it('writer: values out of the datatype range, a grid unlike `like`, a bad file name', () => {
    const v = parseNifti(good);
    expect(() => writeNifti(join(dir, 'x.nii'), v, { datatype: 'uint8' })).toThrow(
      "writeNifti: 'volume' must be integer values in [0, 255] to be written as uint8, got -3 at flat index 1",
    );
    const other = parseNifti(handNifti1({ dims: [3, 2, 2], datatype: 4, values: VALUES }));
    expect(() => writeNifti(join(dir, 'x.nii'), v, { like: other })).toThrow(
      "writeNifti: 'options.like' must be a volume on the 2×3×2 grid of 'volume', got 3×2×2",
    );
    expect(() => writeNifti(join(dir, 'x.png'), v)).toThrow("writeNifti: 'path' must be a file name ending in .nii or .nii.gz, got");
  });
});
