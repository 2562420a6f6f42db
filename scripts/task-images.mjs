// Renders the example pictures of the task generators for docs/data.md into docs/images/task-*.png:
// one row per sample, one tile per image channel (grey, each channel's 1st–99th percentile mapped to black–white),
// then each label map drawn over the last channel (colours below). Needs `pnpm build` first.
// The PNGs are 8-bit palette images with 32 grey levels, so the noisy pictures stay at a few tens of KB.
// Usage: node scripts/task-images.mjs [outDir]
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { cardiacDataset, lesionsDataset, nodulesDataset } from '../packages/data/dist/index.js';

const out = process.argv[2] ?? 'docs/images';
mkdirSync(out, { recursive: true });
const LEVELS = 32;
// class 1 yellow, 2 blue, 3 red, 4 green, 5 magenta, drawn at 45 % over the grey
const COLOURS = [null, [255, 217, 26], [38, 115, 255], [255, 38, 38], [51, 230, 77], [255, 77, 255]];
const ALPHA = 0.45;

/** Palette: LEVELS greys, then LEVELS blends of each class colour. */
function palette() {
  const rgb = [];
  for (let k = 0; k < COLOURS.length; k++)
    for (let g = 0; g < LEVELS; g++) {
      const grey = Math.round((255 * g) / (LEVELS - 1));
      const c = COLOURS[k];
      rgb.push(...(c ? c.map((v) => Math.round((1 - ALPHA) * grey + ALPHA * v)) : [grey, grey, grey]));
    }
  return Buffer.from(rgb);
}

function chunk(type, data) {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([len, body, crc]);
}

/** An 8-bit indexed PNG (colour type 3), every row with filter 0. */
function encodePalettePng(indices, width, height) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 3, 0, 0, 0], 8);
  const raw = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) raw.set(indices.subarray(y * width, (y + 1) * width), y * (width + 1) + 1);
  const signature = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);
  return Buffer.concat([
    signature,
    chunk('IHDR', header),
    chunk('PLTE', palette()),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function percentiles(data, channels, c) {
  const v = [];
  for (let i = c; i < data.length; i += channels) v.push(data[i]);
  v.sort((a, b) => a - b);
  return [v[Math.floor(0.01 * (v.length - 1))], v[Math.floor(0.99 * (v.length - 1))]];
}

// extra[k][r]: another label map of sample r, drawn over the last channel in one more column
function composite(samples, extra) {
  const [h, w, c] = samples[0].image.shape;
  const cols = c + 1 + extra.length;
  const W = cols * w;
  const H = samples.length * h;
  const indices = new Uint8Array(W * H);
  samples.forEach((s, r) => {
    const ranges = Array.from({ length: c }, (_, k) => percentiles(s.image.data, c, k));
    for (let tile = 0; tile < cols; tile++) {
      const ch = Math.min(tile, c - 1);
      const [lo, hi] = ranges[ch];
      const labels = tile < c ? undefined : tile === c ? s.label.data : extra[tile - c - 1][r].data;
      for (let y = 0; y < h; y++)
        for (let x = 0; x < w; x++) {
          const i = y * w + x;
          const g = Math.round((LEVELS - 1) * Math.min(1, Math.max(0, (s.image.data[i * c + ch] - lo) / (hi - lo || 1))));
          const lab = labels ? labels[i] : 0;
          indices[(r * h + y) * W + tile * w + x] = (lab > 0 && lab < COLOURS.length ? lab : 0) * LEVELS + g;
        }
    }
  });
  return { indices, W, H };
}

async function write(name, ds, picks, extraSets = []) {
  const samples = picks.map((i) => ds.get(i));
  const extra = extraSets.map((e) => picks.map((i) => e.get(i).label));
  const path = join(out, `${name}.png`);
  const { indices, W, H } = composite(samples, extra);
  writeFileSync(`${path}.tmp`, encodePalettePng(indices, W, H));
  renameSync(`${path}.tmp`, path);
  console.log(`${path}: ${samples.map((s) => s.id).join(', ')}`);
}

const lesions = lesionsDataset({ cases: 4, size: 80, slices: 8, modalities: ['t1', 't1c', 't2', 'flair'], seed: 3 });
await write('task-lesions', lesions, [3, 12, 21, 30]);
const clean = nodulesDataset({ cases: 4, seed: 3, size: 80 });
const noisy = nodulesDataset({ cases: 4, seed: 3, size: 80, labels: 'noisy' });
await write('task-nodules', clean, [0, 2, 4, 6], [noisy]);
const heart = cardiacDataset({ cases: 3, seed: 3, size: 80 });
const extended = cardiacDataset({ cases: 3, seed: 3, size: 80, labels: 'extended' });
await write('task-cardiac', heart, [0, 2, 7, 13], [extended]);
