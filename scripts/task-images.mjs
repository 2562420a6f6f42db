// Renders the example pictures of the task generators for docs/data.md into docs/images/task-*.png:
// one row per sample, one tile per image channel (grey, each channel's 1st–99th percentile mapped to black–white),
// then the label map drawn over the last channel (colours below). Needs `pnpm build` first.
// Usage: node scripts/task-images.mjs [outDir]
import { join } from 'node:path';
import * as data from '../packages/data/dist/index.js';

const { lesionsDataset, nodulesDataset, cardiacDataset, writeImagePng } = data;

const out = process.argv[2] ?? 'docs/images';
const COLOURS = [null, [1, 0.85, 0.1], [0.15, 0.45, 1], [1, 0.15, 0.15], [0.2, 0.9, 0.3], [1, 0.3, 1]];
const ZOOM = 2;

function percentiles(data, channels, c) {
  const v = [];
  for (let i = c; i < data.length; i += channels) v.push(data[i]);
  v.sort((a, b) => a - b);
  return [v[Math.floor(0.01 * (v.length - 1))], v[Math.floor(0.99 * (v.length - 1))]];
}

// extra[k][r]: a second label map of sample r, drawn over the last channel in one more column
function composite(samples, extra = [], overlayAlpha = 0.45) {
  const [h, w, c] = samples[0].image.shape;
  const cols = c + 1 + extra.length;
  const H = samples.length * h * ZOOM;
  const W = cols * w * ZOOM;
  const rgb = new Float32Array(H * W * 3);
  samples.forEach((s, r) => {
    const ranges = Array.from({ length: c }, (_, k) => percentiles(s.image.data, c, k));
    for (let tile = 0; tile < cols; tile++) {
      const ch = Math.min(tile, c - 1);
      const [lo, hi] = ranges[ch];
      for (let y = 0; y < h * ZOOM; y++)
        for (let x = 0; x < w * ZOOM; x++) {
          const i = Math.floor(y / ZOOM) * w + Math.floor(x / ZOOM);
          const g = Math.min(1, Math.max(0, (s.image.data[i * c + ch] - lo) / (hi - lo || 1)));
          let px = [g, g, g];
          const lab = tile <= c ? s.label.data[i] : extra[tile - c - 1][r].data[i];
          if (tile >= c && lab > 0 && lab < 255) px = px.map((v, k) => (1 - overlayAlpha) * v + overlayAlpha * COLOURS[lab][k]);
          const o = ((r * h * ZOOM + y) * W + tile * w * ZOOM + x) * 3;
          rgb.set(px, o);
        }
    }
  });
  return { data: rgb, shape: [H, W, 3] };
}

async function write(name, ds, indices, extraSets = []) {
  const samples = indices.map((i) => ds.get(i));
  const extra = extraSets.map((e) => indices.map((i) => e.get(i).label));
  const path = join(out, `${name}.png`);
  await writeImagePng(path, composite(samples, extra), { range: [0, 1] });
  console.log(`${path}: ${samples.map((s) => s.id).join(', ')}`);
}

const lesions = lesionsDataset({ cases: 4, size: 96, slices: 8, modalities: ['t1', 't1c', 't2', 'flair'], seed: 3 });
await write('task-lesions', lesions, [3, 12, 21, 30]);
if (typeof nodulesDataset === 'function') {
  const clean = nodulesDataset({ cases: 6, seed: 3, size: 96 });
  const noisy = nodulesDataset({ cases: 6, seed: 3, size: 96, labels: 'noisy' });
  await write('task-nodules', clean, [0, 2, 4, 6, 8, 10], [noisy]);
}
if (typeof cardiacDataset === 'function') {
  const heart = cardiacDataset({ cases: 3, seed: 3, size: 96 });
  const extended = cardiacDataset({ cases: 3, seed: 3, size: 96, labels: 'extended' });
  await write('task-cardiac', heart, [0, 2, 4, 7, 10, 13, 21, 25], [extended]);
}
