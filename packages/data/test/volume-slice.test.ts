import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseNifti, readNifti, sliceVolume, stackModalities, stackSlices, writeNifti } from '../src/volume/index.js';
import { handNifti1, makeVolume, tempDir } from './volume-helpers.js';

const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const value = (x: number, y: number, z: number) => 100 * x + 10 * y + z; // readable voxel coordinates
const vol = makeVolume([2, 3, 4], value);

describe('sliceVolume: row = higher remaining axis, column = lower (hand layout)', () => {
  it('axis 2: 4 slices of Y×X = 3×2, pixel (r, c) = voxel (c, r, k)', () => {
    const s = sliceVolume(vol, { axis: 2 });
    expect(s.map((x) => x.index)).toEqual([0, 1, 2, 3]);
    expect(s[1].image.shape).toEqual([3, 2, 1]);
    expect(Array.from(s[1].image.data)).toEqual([1, 101, 11, 111, 21, 121]);
  });
  it('axis 0: Z×Y = 4×3 slices; axis 1: Z×X = 4×2 slices', () => {
    const s0 = sliceVolume(vol, { axis: 0 })[1];
    expect(s0.image.shape).toEqual([4, 3, 1]);
    expect(Array.from(s0.image.data)).toEqual([100, 110, 120, 101, 111, 121, 102, 112, 122, 103, 113, 123]);
    const s1 = sliceVolume(vol, { axis: 1 })[2];
    expect(s1.image.shape).toEqual([4, 2, 1]);
    expect(Array.from(s1.image.data)).toEqual([20, 120, 21, 121, 22, 122, 23, 123]);
  });
  it('dropEmpty keeps the slices with foreground; stacking them back with their indices restores the label', () => {
    const label = makeVolume([2, 3, 4], (x, y, z) => (z % 2 === 1 && x === y ? z : 0), true);
    const s = sliceVolume(vol, { axis: 2, label, dropEmpty: true });
    expect(s.map((x) => x.index)).toEqual([1, 3]); // hand: z = 1 and 3 hold x = y voxels
    const back = stackSlices(
      s.map((x) => x.label!),
      label,
      { axis: 2, indices: s.map((x) => x.index) },
    );
    expect(back.data).toEqual(label.data);
  });
  it('errors: label on another grid, dropEmpty without label, bad axis', () => {
    const other = makeVolume([2, 3, 5], () => 0, true);
    expect(() => sliceVolume(vol, { label: other })).toThrow(
      "sliceVolume: 'options.label' must be a 3D volume on the 2×3×4 grid of 'volume', got 2×3×5",
    );
    expect(() => sliceVolume(vol, { dropEmpty: true })).toThrow(
      "sliceVolume: 'options.dropEmpty' must be false when no 'label' volume is given",
    );
    expect(() => sliceVolume(vol, { axis: 3 as 2 })).toThrow("sliceVolume: 'options.axis' must be 0, 1 or 2, got 3");
  });
});

describe('stackSlices inverts sliceVolume exactly', () => {
  it('every axis, images and labels', () => {
    const label = makeVolume([2, 3, 4], (x, y, z) => (x + y + z) % 3, true);
    for (const axis of [0, 1, 2] as const) {
      const s = sliceVolume(vol, { axis, label });
      expect(
        stackSlices(
          s.map((x) => x.image),
          vol,
          { axis },
        ).data,
      ).toEqual(vol.data);
      const lab = stackSlices(
        s.map((x) => x.label!),
        vol,
        { axis },
      );
      expect(lab.data).toEqual(label.data);
      expect(lab.datatype).toBe('int16');
    }
  });
  it('read → slice → stack → write → read: same voxels and affine (hand-laid int16 file with a rotated qform)', () => {
    const values = Array.from({ length: 24 }, (_, i) => ((i * 37) % 50) - 20);
    const src = join(dir, 'src.nii.gz');
    writeNifti(
      src,
      parseNifti(
        handNifti1({
          dims: [2, 3, 4],
          datatype: 4,
          values,
          pixdim: [1, 2, 3, 4],
          qform: { code: 1, b: 0, c: 0, d: Math.SQRT1_2, offset: [1, 2, 3] },
        }),
      ),
    );
    const scan = readNifti(src);
    for (const axis of [0, 1, 2] as const) {
      const stacked = stackSlices(
        sliceVolume(scan, { axis }).map((s) => s.image),
        scan,
        { axis },
      );
      const out = join(dir, `out${axis}.nii`);
      writeNifti(out, stacked, { like: scan, datatype: 'int16' });
      const back = readNifti(out);
      expect(Array.from(back.data)).toEqual(values);
      expect(back.affine).toEqual(scan.affine);
      expect(back.shape).toEqual([2, 3, 4]);
    }
  });
  it('a slice of the wrong size is refused with the expected size', () => {
    expect(() => stackSlices([{ data: new Int32Array(4), shape: [2, 2] }], vol)).toThrow(
      "stackSlices: 'slices[0]' must be an int32 label map of 3×2 (slices of the 2×3×4 grid along axis 2), got Int32Array of 2×2",
    );
  });
});

describe('stackModalities', () => {
  it('channels of the slices are the modalities', () => {
    const t2 = makeVolume([2, 3, 4], (x, y, z) => -value(x, y, z));
    const both = stackModalities([vol, t2]);
    expect(both.shape).toEqual([2, 3, 4, 2]);
    const s = sliceVolume(both, { axis: 2 })[1];
    expect(s.image.shape).toEqual([3, 2, 2]);
    expect(Array.from(s.image.data.slice(0, 4))).toEqual([1, -1, 101, -101]);
    expect(
      stackSlices(
        sliceVolume(both).map((x) => x.image),
        both,
      ).data,
    ).toEqual(both.data);
  });
  it('mismatched grids: another size, or the same size placed elsewhere (affine)', () => {
    const small = makeVolume([2, 3, 3], value);
    expect(() => stackModalities([vol, small], { names: ['t1.nii', 't2.nii'] })).toThrow(
      "stackModalities: 't2.nii' must be a 3D volume of 2×3×4 like t1.nii, got 2×3×3. Resample every modality onto one grid",
    );
    const shifted = { ...vol, affine: [1, 0, 0, 5, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1] };
    expect(() => stackModalities([vol, shifted], { names: ['t1.nii', 'flair.nii'] })).toThrow(
      "stackModalities: 'flair.nii' must be the affine of t1.nii [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0], got [1, 0, 0, 5, 0, 1, 0, 0, 0, 0, 1, 0]. The volumes have the same size but lie differently in space",
    );
  });
});
