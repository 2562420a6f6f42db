import { describe, expect, it } from 'vitest';
import { cropOrPad, fitSlice, normalizeVolume, remapLabels, resizeSlice, stackModalities, unfitSlice } from '../src/volume/index.js';
import { makeVolume } from './volume-helpers.js';

// 2×2×2 volume holding 1…8 (value = flat index + 1)
const v18 = makeVolume([2, 2, 2], (x, y, z) => 1 + x + 2 * y + 4 * z);
const values = (v: { data: ArrayLike<number> }) => Array.from(v.data);
const close = (got: number[], want: number[]) => {
  for (const [i, w] of want.entries()) expect(got[i]).toBeCloseTo(w, 5);
};

describe('normalizeVolume (hand values on 1…8)', () => {
  it("'minmax': (x − 1) / 7", () =>
    close(
      values(normalizeVolume(v18, { method: 'minmax' })),
      [0, 1, 2, 3, 4, 5, 6, 7].map((k) => k / 7),
    ));
  it("'zscore': mean 4.5, population sd √5.25", () => {
    close(
      values(normalizeVolume(v18)),
      [1, 2, 3, 4, 5, 6, 7, 8].map((x) => (x - 4.5) / Math.sqrt(5.25)),
    );
  });
  it("'median-iqr': median 4.5, numpy-linear q25 = 2.75, q75 = 6.25, IQR 3.5", () => {
    close(
      values(normalizeVolume(v18, { method: 'median-iqr' })),
      [1, 2, 3, 4, 5, 6, 7, 8].map((x) => (x - 4.5) / 3.5),
    );
  });
  it('clip [0, 50] percentiles then minmax: values above the median 4.5 become 1', () => {
    close(
      values(normalizeVolume(v18, { method: 'minmax', clip: [0, 50] })),
      [1, 2, 3, 4, 5, 6, 7, 8].map((x) => (Math.min(x, 4.5) - 1) / 3.5),
    );
  });
  it("over 'nonzero': statistics of {2, 4} (mean 3, sd 1), zeros stay 0", () => {
    const v = makeVolume([4, 1, 1], (x) => [0, 0, 2, 4][x]);
    expect(values(normalizeVolume(v, { over: 'nonzero' }))).toEqual([0, 0, -1, 1]);
  });
  it('per channel of a 4D volume: channel 2 = 10 × channel 1 gives equal z-scores', () => {
    const ten = makeVolume([2, 2, 2], (x, y, z) => 10 * (1 + x + 2 * y + 4 * z));
    const out = values(normalizeVolume(stackModalities([v18, ten])));
    close(out.slice(8), out.slice(0, 8));
  });
  it('a constant volume is only shifted; the input is not modified', () => {
    const c = makeVolume([2, 1, 1], () => 3);
    expect(values(normalizeVolume(c, { method: 'minmax' }))).toEqual([0, 0]);
    expect(values(c)).toEqual([3, 3]);
  });
  it('names bad options', () => {
    expect(() => normalizeVolume(v18, { method: 'robust' as 'zscore' })).toThrow(
      "normalizeVolume: 'options.method' must be 'minmax', 'zscore', 'median-iqr' or 'none', got \"robust\"",
    );
    expect(() => normalizeVolume(v18, { clip: [99, 1] })).toThrow(
      "normalizeVolume: 'options.clip' must be percentiles [lo, hi] with 0 ≤ lo < hi ≤ 100, got [99,1]",
    );
  });
});

describe('cropOrPad / resizeSlice / fitSlice', () => {
  const img = { data: Float32Array.from([1, 2, 3, 4, 5, 6]), shape: [2, 3, 1] as const };
  it('pad 2×3 → 4×4: one row above (floor(2/2)), the extra column at the end', () => {
    expect(values(cropOrPad(img, [4, 4]))).toEqual([0, 0, 0, 0, 1, 2, 3, 0, 4, 5, 6, 0, 0, 0, 0, 0]);
  });
  it('crop 4×4 → 2×2 keeps rows 1–2 and columns 1–2', () => {
    const big = { data: Int32Array.from({ length: 16 }, (_, i) => i), shape: [4, 4] };
    const out = cropOrPad(big, [2, 2]);
    expect(out.shape).toEqual([2, 2]);
    expect(values(out)).toEqual([5, 6, 9, 10]);
  });
  it('bilinear 1×2 [0, 10] → 1×4: half-pixel sources −0.25, 0.25, 0.75, 1.25 (clamped) give 0, 2.5, 7.5, 10', () => {
    close(values(resizeSlice({ data: Float32Array.from([0, 10]), shape: [1, 2, 1] }, [1, 4])), [0, 2.5, 7.5, 10]);
  });
  it('label maps use nearest (each pixel becomes a 2×2 block) and refuse bilinear', () => {
    const lab = { data: Int32Array.from([1, 2, 3, 4]), shape: [2, 2] };
    expect(values(resizeSlice(lab, [4, 4]))).toEqual([1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4]);
    expect(() => resizeSlice(lab, [4, 4], { mode: 'bilinear' })).toThrow(
      "resizeSlice: 'options.mode' must be 'nearest' for a label map, got 'bilinear'",
    );
  });
  it('fitSlice pads to a square then resizes; unfitSlice restores a label map exactly', () => {
    const lab = { data: Int32Array.from([1, 2, 3, 4, 5, 6, 7, 8]), shape: [2, 4] };
    const fit = fitSlice(lab, [8, 8]);
    expect(fit.shape).toEqual([8, 8]);
    expect(values(unfitSlice(fit, [2, 4]))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});

describe('remapLabels', () => {
  it('maps through a table (object, Map or array)', () => {
    const lab = { data: Int32Array.from([0, 5, 7, 5]), shape: [2, 2] };
    expect(values(remapLabels(lab, { 0: 0, 5: 1, 7: 2 }))).toEqual([0, 1, 2, 1]);
    expect(
      values(
        remapLabels(
          lab,
          new Map([
            [0, 0],
            [5, 3],
            [7, 3],
          ]),
        ),
      ),
    ).toEqual([0, 3, 3, 3]);
    expect(values(remapLabels(lab, [0, 0, 0, 0, 0, 1, 0, 1]))).toEqual([0, 1, 1, 1]);
  });
  it('names every unexpected value with its voxel count', () => {
    const v = makeVolume([3, 2, 1], (x, y) => [0, 9, 5, 9, 11, 0][x + 3 * y], true);
    expect(() => remapLabels(v, { 0: 0, 5: 1 }, 'aal.nii.gz')).toThrow(
      "remapLabels: 'aal.nii.gz' must be only values listed in the remapping table, got 2 unexpected values: 9 (2 voxels), 11 (1 voxels). Add the values to the table",
    );
  });
});
