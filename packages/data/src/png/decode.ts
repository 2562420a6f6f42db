/**
 * PNG decoding (pngjs) into what datasets need. pngjs hands every PNG back as RGBA samples; we read with
 * `skipRescale` so 16-bit and low-bit-depth values are kept exactly, and scale by the file's maximum.
 */
import { readFileSync } from 'node:fs';
import { SegInputError } from '@seg/core';
import { PNG } from 'pngjs';

/** A decoded PNG: RGBA samples (4 per pixel) and their maximum value. */
export interface RawPng {
  readonly file: string;
  readonly width: number;
  readonly height: number;
  readonly rgba: Uint8Array | Uint16Array;
  /** 2^depth − 1 (255 for palette images, whose colours are 8-bit). */
  readonly maxValue: number;
  /** True when R = G = B at every pixel (a gray PNG, or a colour PNG that holds gray values). */
  readonly gray: boolean;
}

function isGray(rgba: Uint8Array | Uint16Array): boolean {
  for (let i = 0; i < rgba.length; i += 4) if (rgba[i] !== rgba[i + 1] || rgba[i] !== rgba[i + 2]) return false;
  return true;
}

/** Reads and decodes `file`; a missing, unreadable or corrupt file gives a {@link SegInputError} naming it. */
export function readPng(file: string, fn: string): RawPng {
  let png: ReturnType<typeof PNG.sync.read>;
  try {
    png = PNG.sync.read(readFileSync(file), { skipRescale: true });
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new SegInputError(
      { fn, detail: `cannot read ${file} as a PNG (${reason})`, hint: 'Re-export the file as PNG, or remove it' },
      { cause: err },
    );
  }
  const rgba = png.data as unknown as Uint8Array | Uint16Array;
  const colorType = png.colorType as number; // pngjs also reports 3 (palette), missing from its types
  const maxValue = colorType === 3 ? 255 : 2 ** png.depth - 1;
  return { file, width: png.width, height: png.height, rgba, maxValue, gray: (colorType & 2) === 0 || isGray(rgba) };
}

/** H×W×C float image in [0, 1] from a decoded PNG: 1 channel (luminance, BT.601) or 3 (RGB). Alpha is dropped. */
export function pngToImage(png: RawPng, channels: 1 | 3): Float32Array {
  const n = png.width * png.height;
  const out = new Float32Array(n * channels);
  const { rgba } = png;
  const k = 1 / png.maxValue;
  for (let i = 0; i < n; i++) {
    const r = rgba[4 * i] * k;
    const g = rgba[4 * i + 1] * k;
    const b = rgba[4 * i + 2] * k;
    if (channels === 1) out[i] = png.gray ? r : 0.299 * r + 0.587 * g + 0.114 * b;
    else {
      out[3 * i] = r;
      out[3 * i + 1] = g;
      out[3 * i + 2] = b;
    }
  }
  return out;
}

/** The raw gray values of a mask PNG (no scaling); a colour mask whose channels differ is refused. */
export function pngToMaskValues(png: RawPng, fn: string): Int32Array {
  if (!png.gray) {
    throw new SegInputError({
      fn,
      detail: `${png.file} is a colour mask (R, G, B differ); masks must hold one class index per pixel`,
      hint: 'Save masks as 8-bit grayscale PNGs whose values are class indices (0 = background)',
    });
  }
  const n = png.width * png.height;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = png.rgba[4 * i];
  return out;
}
