import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultHeader, readNifti, writeNifti } from '@seg/data';
import { afterAll, describe, expect, it } from 'vitest';
import { oneLine, seg } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'seg-cli-convert-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A 6×5×4 image and label volume with a non-trivial affine (spacing 0.5, 1, 2; an origin). */
async function volumes() {
  const shape = [6, 5, 4];
  const n = 6 * 5 * 4;
  const affine = [0.5, 0, 0, -10, 0, 1, 0, 20, 0, 0, 2, 5, 0, 0, 0, 1];
  const header = (datatype: 'float32' | 'uint8') => ({
    ...defaultHeader(shape, datatype, [0.5, 1, 2]),
    sformCode: 1,
    srow: affine.slice(0, 12),
  });
  const base = { shape, spacing: [0.5, 1, 2], affine };
  const image = {
    ...base,
    header: header('float32'),
    data: Float32Array.from({ length: n }, (_, i) => (i * 37) % 250),
    datatype: 'float32' as const,
  };
  // label: class (x + z) % 3 on the slices z = 1, 2; z = 0 and 3 empty (background)
  const label = {
    ...base,
    header: header('uint8'),
    datatype: 'uint8' as const,
    data: Int32Array.from({ length: n }, (_, i) => {
      const x = i % 6;
      const z = Math.floor(i / 30);
      return z === 1 || z === 2 ? (x + z) % 3 : 0;
    }),
  };
  await writeNifti(join(dir, 'image.nii.gz'), image as never);
  await writeNifti(join(dir, 'label.nii.gz'), label as never);
  return { label };
}

describe('seg data convert', () => {
  it('NIfTI → PNG slices (axial, empty slices dropped) → NIfTI gives back the label volume and its affine', async () => {
    const { label } = await volumes();
    const slices = join(dir, 'slices');
    const a = seg([
      'data',
      'convert',
      '--from',
      join(dir, 'image.nii.gz'),
      '--label',
      join(dir, 'label.nii.gz'),
      '--to',
      slices,
      '--drop-empty',
    ]);
    expect(a.status, a.stderr).toBe(0);
    // z = 1 and 2 have foreground: two slices
    expect(readdirSync(join(slices, 'masks')).sort()).toEqual(['slice_001.png', 'slice_002.png']);
    expect(readdirSync(join(slices, 'images'))).toHaveLength(2);
    const out = join(dir, 'back.nii.gz');
    const b = seg(['data', 'convert', '--from', join(slices, 'masks'), '--like', join(dir, 'label.nii.gz'), '--to', out]);
    expect(b.status, b.stderr).toBe(0);
    const back = readNifti(out);
    expect(back.shape).toEqual([6, 5, 4]);
    expect(back.affine).toEqual(label.affine);
    expect(Array.from(back.data)).toEqual(Array.from(label.data));
  });

  it('a file that is not NIfTI is a clear error', () => {
    const r = seg(['data', 'convert', '--from', join(dir, 'nothing.nii'), '--to', join(dir, 'x')]);
    expect(r.status).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/nothing\.nii/);
  });
});
