import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeImagePng, writeLabelPng } from '@seg/data';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from './png-helpers.js';

const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('PNG writers', () => {
  it('writeLabelPng: 8-bit gray, values label × scale, parent folder created, no temp file left', async () => {
    const path = join(dir, 'pred', 'case_1.png');
    await writeLabelPng(path, { data: Int32Array.from([0, 1, 2, 3, 0, 1]), shape: [2, 3] }, { scale: 85 });
    const png = PNG.sync.read(readFileSync(path));
    expect([png.width, png.height, png.colorType]).toEqual([3, 2, 0]);
    // RGBA expansion of gray: take every 4th value
    expect(Array.from(png.data).filter((_, i) => i % 4 === 0)).toEqual([0, 85, 170, 255, 0, 85]);
    expect(readdirSync(join(dir, 'pred'))).toEqual(['case_1.png']);
  });
  it('writeImagePng: min–max to 0…255 by default, or a given range; RGB for 3 channels', async () => {
    const path = join(dir, 'img.png');
    await writeImagePng(path, { data: Float32Array.from([-1, 0, 1, 3]), shape: [2, 2, 1] });
    // (x − (−1)) / 4 · 255 → 0, 63.75, 127.5, 255 → rounded 0, 64, 128, 255
    expect(Array.from(PNG.sync.read(readFileSync(path)).data).filter((_, i) => i % 4 === 0)).toEqual([0, 64, 128, 255]);
    await writeImagePng(path, { data: Float32Array.from([0, 0.5, 1, 2, 0, 0]), shape: [1, 2, 3] }, { range: [0, 1] });
    const rgb = PNG.sync.read(readFileSync(path));
    expect(rgb.colorType).toBe(2);
    // clipped to [0, 1]: (0, 128, 255), (255, 0, 0) with alpha 255 added by the decoder
    expect(Array.from(rgb.data)).toEqual([0, 128, 255, 255, 255, 0, 0, 255]);
  });
  it('refuses values that do not fit and images of unsupported channel counts', async () => {
    await expect(writeLabelPng(join(dir, 'x.png'), { data: Int32Array.from([0, 3]), shape: [1, 2] }, { scale: 100 })).rejects.toThrow(
      "writeLabelPng: 'label' must be values whose label × 100 lies in 0…255, got 3 at flat index 1. Lower the scale.",
    );
    await expect(writeLabelPng(join(dir, 'x.png'), { data: Int32Array.from([0, 3]), shape: [2] })).rejects.toThrow(
      "writeLabelPng: 'label' must be an H×W label map, got 2.",
    );
    await expect(writeImagePng(join(dir, 'x.png'), { data: new Float32Array(8), shape: [2, 2, 2] })).rejects.toThrow(
      "writeImagePng: 'image' must be an H×W×C image with C = 1, 3 or 4, got 2×2×2. Pick the channels to show first.",
    );
  });
});
