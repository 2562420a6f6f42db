import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { pngFolderDataset } from '@seg/data';
import { afterAll, describe, expect, it } from 'vitest';
import { makeFolder, tempDir, writePng } from './png-helpers.js';

const made: string[] = [];
const folder = (...args: Parameters<typeof makeFolder>) => {
  const d = makeFolder(...args);
  made.push(d);
  return d;
};
const empty = () => {
  const d = tempDir();
  made.push(d);
  return d;
};
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

// gray 0, 51, …, 255 → [0, .2, .4, .6, .8, 1]: mean 0.5, population sd √((.25+.09+.01)·2/6) = √(0.35/3)
const SD = Math.sqrt(0.35 / 3);
const Z = [0, 0.2, 0.4, 0.6, 0.8, 1].map((v) => (v - 0.5) / SD);

describe('pngFolderDataset: reading', () => {
  it('round trip: gray image z-scored, mask values as class indices, natural order, inferred classes', () => {
    const dir = folder({ case_10: [0, 1, 2, 255, 1, 0], case_2: [0, 0, 1, 1, 0, 0] });
    const ds = pngFolderDataset(dir);
    expect(ds.ids()).toEqual(['case_2', 'case_10']);
    expect([ds.name, ds.size, ds.numClasses, ds.channels, ds.height, ds.width]).toEqual([dir, 2, 3, 1, 2, 3]);
    expect(ds.classNames).toEqual(['background', 'class_1', 'class_2']);
    const s = ds.get(1);
    expect(s.id).toBe('case_10');
    expect(s.image.shape).toEqual([2, 3, 1]);
    Array.from(s.image.data).forEach((v, i) => {
      expect(v).toBeCloseTo(Z[i], 5);
    });
    expect(Array.from(s.label!.data)).toEqual([0, 1, 2, 255, 1, 0]);
    expect(s.label!.shape).toEqual([2, 3]);
  });
  it("labelValues 'binary-255' maps 0/255 to 0/1", () => {
    const ds = pngFolderDataset(folder({ a: [0, 255, 255, 0, 0, 0] }), { labelValues: 'binary-255' });
    expect(ds.numClasses).toBe(2);
    expect(Array.from(ds.get(0).label!.data)).toEqual([0, 1, 1, 0, 0, 0]);
  });
  it('colour images give 3 channels (alpha dropped); grayscale: true gives BT.601 luminance', () => {
    const dir = empty();
    // 1×2 RGBA: pixel 0 = (255, 0, 0, 10), pixel 1 = (0, 0, 255, 200)
    writePng(join(dir, 'images', 'x.png'), 1, 2, [255, 0, 0, 10, 0, 0, 255, 200], 4);
    writePng(join(dir, 'masks', 'x.png'), 1, 2, [0, 1]);
    const rgb = pngFolderDataset(dir);
    expect(rgb.channels).toBe(3);
    // per channel z-score of two values a ≠ b gives −1, +1 (R: 1 → +1, 0 → −1; G constant → 0; B: 0 → −1, 1 → +1)
    expect(Array.from(rgb.get(0).image.data)).toEqual([1, 0, -1, -1, 0, 1]);
    const gray = pngFolderDataset(dir, { grayscale: true });
    expect(gray.channels).toBe(1);
    // luminance 0.299 vs 0.114: the red pixel is brighter → +1, −1
    Array.from(gray.get(0).image.data).forEach((v, i) => {
      expect(v).toBeCloseTo([1, -1][i], 5);
    });
  });
  it('a colour PNG holding gray values counts as gray; grayscale: false forces 3 channels', () => {
    const dir = empty();
    writePng(join(dir, 'images', 'x.png'), 1, 2, [10, 10, 10, 30, 30, 30], 3);
    writePng(join(dir, 'masks', 'x.png'), 1, 2, [0, 1]);
    expect(pngFolderDataset(dir).channels).toBe(1);
    expect(pngFolderDataset(dir, { grayscale: false }).channels).toBe(3);
  });
  it('16-bit images keep their precision (scaled by 65535)', () => {
    const dir = empty();
    writePng(join(dir, 'images', 'x.png'), 1, 3, [0, 1, 65535], 1, 16);
    writePng(join(dir, 'masks', 'x.png'), 1, 3, [0, 1, 1]);
    // x = [0, 1/65535, 1]: an 8-bit rescale would have merged the first two pixels
    const d = pngFolderDataset(dir).get(0).image.data;
    expect(d[1]).toBeGreaterThan(d[0]);
    const x = [0, 1 / 65535, 1];
    const m = (x[0] + x[1] + x[2]) / 3;
    const sd = Math.sqrt(x.reduce((a, v) => a + (v - m) ** 2, 0) / 3);
    Array.from(d).forEach((v, i) => {
      expect(v).toBeCloseTo((x[i] - m) / sd, 5);
    });
  });
  it("masks 'optional': an images-only folder (or a flat folder of PNGs) is an unlabeled dataset", () => {
    const dir = empty();
    writePng(join(dir, 'a.png'), 2, 3, [0, 51, 102, 153, 204, 255]);
    const ds = pngFolderDataset(dir, { masks: 'optional', numClasses: 4 });
    expect([ds.size, ds.numClasses, ds.get(0).label]).toEqual([1, 4, undefined]);
    expect(ds.classNames).toHaveLength(4);
  });
});
