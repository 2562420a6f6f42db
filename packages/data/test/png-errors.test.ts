import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pngFolderDataset } from '@seg/data';
import { afterAll, describe, expect, it } from 'vitest';
import { makeFolder, tempDir, writePng } from './png-helpers.js';

const made: string[] = [];
const track = (d: string) => {
  made.push(d);
  return d;
};
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});
const Z6 = [0, 0, 0, 0, 0, 0];

describe('pngFolderDataset: errors name the file and what is wrong', () => {
  it('missing folder, missing masks/ folder', () => {
    expect(() => pngFolderDataset('/nonexistent/scans')).toThrow(
      "pngFolderDataset: 'dir' must be an existing folder holding images/ and masks/, got /nonexistent/scans (not found). Check the path.",
    );
    const dir = track(tempDir());
    writePng(join(dir, 'images', 'a.png'), 2, 3, Z6);
    expect(() => pngFolderDataset(dir)).toThrow(`pngFolderDataset: ${dir} has no masks/ folder. Put image PNGs in ${join(dir, 'images')}`);
  });
  it('an image without a mask: counts and the missing name', () => {
    const dir = track(makeFolder({ case_001: Z6, case_002: Z6, case_017: Z6 }));
    rmSync(join(dir, 'masks', 'case_017.png'));
    expect(() => pngFolderDataset(dir)).toThrow(
      `pngFolderDataset: ${dir} holds 3 images but 2 masks; missing mask for case_017.png. Every image needs a mask with the same file name in masks/.`,
    );
  });
  it('a mask without an image', () => {
    const dir = track(makeFolder({ a: Z6 }));
    writePng(join(dir, 'masks', 'b.png'), 2, 3, Z6);
    expect(() => pngFolderDataset(dir)).toThrow(`pngFolderDataset: ${dir} holds 1 image but 2 masks; mask without image: b.png.`);
  });
  it('image and mask of different sizes name the case and both sizes', () => {
    const dir = track(makeFolder({ a: Z6 }));
    writePng(join(dir, 'masks', 'a.png'), 3, 2, Z6);
    expect(() => pngFolderDataset(dir)).toThrow(
      'pngFolderDataset: a: image is 2×3 but mask is 3×2. The mask must cover the image pixel for pixel.',
    );
  });
  it('cases of different sizes', () => {
    const dir = track(makeFolder({ a: Z6 }));
    writePng(join(dir, 'images', 'b.png'), 1, 2, [0, 0]);
    writePng(join(dir, 'masks', 'b.png'), 1, 2, [0, 0]);
    expect(() => pngFolderDataset(dir)).toThrow(
      'pngFolderDataset: b is 1×2 but a is 2×3; every case of a dataset must have one size. Resize or crop',
    );
  });
  it('a label ≥ numClasses names the file and value', () => {
    const dir = track(makeFolder({ a: [0, 1, 0, 0, 7, 0] }));
    expect(() => pngFolderDataset(dir, { numClasses: 4 })).toThrow(
      `pngFolderDataset: ${join(dir, 'masks', 'a.png')} holds the label 7 but numClasses is 4. Raise numClasses to 8, or remap the mask`,
    );
  });
  it("0/255 masks read as indices are refused (they would be all unlabeled); 'binary-255' refuses other values", () => {
    const dir = track(makeFolder({ a: [0, 255, 0, 0, 0, 0] }));
    expect(() => pngFolderDataset(dir)).toThrow(
      `pngFolderDataset: the masks of ${dir} hold only the values 0 and 255, so read as class indices they have no foreground (255 marks unlabeled pixels). Pass labelValues: 'binary-255'`,
    );
    const dir7 = track(makeFolder({ a: [0, 255, 7, 0, 0, 0] }));
    expect(() => pngFolderDataset(dir7, { labelValues: 'binary-255' })).toThrow(
      `pngFolderDataset: ${join(dir7, 'masks', 'a.png')} holds the value 7, but labelValues 'binary-255' allows only 0 and 255.`,
    );
  });
  it('a corrupt PNG names the file', () => {
    const dir = track(makeFolder({ a: Z6 }));
    writeFileSync(join(dir, 'images', 'a.png'), 'not a png');
    expect(() => pngFolderDataset(dir)).toThrow(`pngFolderDataset: cannot read ${join(dir, 'images', 'a.png')} as a PNG (`);
  });
  it('a colour mask is refused', () => {
    const dir = track(makeFolder({ a: Z6 }));
    writePng(join(dir, 'masks', 'a.png'), 1, 1, [255, 0, 0], 3);
    writePng(join(dir, 'images', 'a.png'), 1, 1, [3]);
    expect(() => pngFolderDataset(dir)).toThrow(`pngFolderDataset: ${join(dir, 'masks', 'a.png')} is a colour mask (R, G, B differ)`);
  });
  it('invalid options are all listed', () => {
    const dir = track(makeFolder({ a: Z6 }));
    // @ts-expect-error: runtime check of invalid options
    expect(() => pngFolderDataset(dir, { numClasses: 3, labelValues: 'binary-255', grayscale: 'yes', masks: 'never' })).toThrow(
      [
        'pngFolderDataset: invalid options:',
        "  - 'numClasses' must be 2 with labelValues 'binary-255', got 3",
        '  - \'grayscale\' must be true, false or left out, got "yes"',
        "  - 'masks' must be 'required' or 'optional', got \"never\"",
      ].join('\n'),
    );
  });
});
