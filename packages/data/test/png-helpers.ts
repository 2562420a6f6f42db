import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PNG } from 'pngjs';

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'seg-data-'));
}

/** Writes an 8-bit (or 16-bit) PNG; `channels` values per pixel: 1 gray, 3 RGB, 4 RGBA. */
export function writePng(path: string, h: number, w: number, values: number[], channels: 1 | 3 | 4 = 1, bitDepth: 8 | 16 = 8): void {
  mkdirSync(dirname(path), { recursive: true });
  const colorType = channels === 1 ? 0 : channels === 3 ? 2 : 6;
  const png = new PNG({ width: w, height: h });
  const data = bitDepth === 16 ? new Uint16Array(values) : Uint8Array.from(values);
  png.data = Buffer.from(data.buffer);
  writeFileSync(path, PNG.sync.write(png, { colorType, inputColorType: colorType, inputHasAlpha: channels === 4, bitDepth }));
}

/** A folder dir/images + dir/masks with one 2×3 gray case per id (mask values given). */
export function makeFolder(cases: Record<string, number[]>, image = [0, 51, 102, 153, 204, 255]): string {
  const dir = tempDir();
  for (const [id, mask] of Object.entries(cases)) {
    writePng(join(dir, 'images', `${id}.png`), 2, 3, image);
    writePng(join(dir, 'masks', `${id}.png`), 2, 3, mask);
  }
  return dir;
}
