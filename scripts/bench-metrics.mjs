// Boundary metrics: EDT-based Hausdorff/HD95/ASSD (@seg/metrics) against a naive all-pairs version on the same
// boundaries, on 256×256 and 512×512 masks and a 128³ volume, in one run, with the speed-up. Needs `pnpm build`.
//
//   node scripts/bench-metrics.mjs [--repeats 9] [--naive-cap 40000]
//
// Masks: truth = a disc / ball, prediction = a shifted, wobbly version of it ('one blob'); the same with 0.5 % of
// pixels flipped ('speckled', like an early-training prediction); 8×8 small discs ('64 blobs', like nuclei).
// All-pairs costs |∂P|·|∂G| and the EDT costs the pixels of the bounding box: the EDT wins as boundaries grow.
// The naive version extracts the same boundaries, then loops over every pair (O(|∂P|·|∂G|)). When a boundary has
// more than --naive-cap pixels, the naive loop runs on an evenly strided subset of the *source* pixels of each
// direction and its time is scaled up by the stride (marked "extrapolated"); its values are then not compared.
import { parseArgs } from 'node:util';
import { boundary, boundaryMetrics } from '../packages/metrics/dist/index.js';

const { values: a } = parseArgs({
  options: { repeats: { type: 'string', default: '9' }, 'naive-cap': { type: 'string', default: '40000' } },
});
const repeats = Number(a.repeats);
const cap = Number(a['naive-cap']);

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A ball of radius r·(1 + wobble(angle)) around the centre + shift, on `shape` (2D or 3D). */
function blob(shape, r, shift, wobble) {
  const n = shape.reduce((x, y) => x * y, 1);
  const data = new Uint8Array(n);
  const c = shape.map((s, i) => s / 2 + shift[i]);
  const [d, h, w] = shape.length === 3 ? shape : [1, ...shape];
  for (let z = 0, i = 0; z < d; z++) {
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++, i++) {
        const dz = shape.length === 3 ? z - c[0] : 0;
        const dy = y - c[shape.length - 2];
        const dx = x - c[shape.length - 1];
        const rho = Math.sqrt(dz * dz + dy * dy + dx * dx);
        const bump = wobble * (Math.sin(5 * Math.atan2(dy, dx)) + (shape.length === 3 ? Math.cos(3 * Math.atan2(dz, dx)) : 0));
        data[i] = rho <= r * (1 + bump) ? 1 : 0;
      }
    }
  }
  return { data, shape };
}

function speckle(mask, fraction, seed) {
  const next = rng(seed);
  const data = mask.data.slice();
  for (let i = 0; i < data.length; i++) if (next() < fraction) data[i] = 1 - data[i];
  return { data, shape: mask.shape };
}

/** 8×8 discs of radius n/26 on an n×n grid, each shifted by `shift` and wobbling by `wobble`. */
function blobs(n, shift, wobble) {
  const data = new Uint8Array(n * n);
  const r = n / 26;
  for (let by = 0; by < 8; by++) {
    for (let bx = 0; bx < 8; bx++) {
      const cy = ((by + 0.5) * n) / 8 + shift[0];
      const cx = ((bx + 0.5) * n) / 8 + shift[1];
      for (let y = Math.floor(cy - 2 * r); y <= cy + 2 * r; y++) {
        for (let x = Math.floor(cx - 2 * r); x <= cx + 2 * r; x++) {
          const dy = y - cy;
          const dx = x - cx;
          if (Math.hypot(dy, dx) <= r * (1 + wobble * Math.sin(5 * Math.atan2(dy, dx)))) data[y * n + x] = 1;
        }
      }
    }
  }
  return { data, shape: [n, n] };
}

/** Physical coordinates of boundary pixels, flat [p0x, p0y, (p0z), p1x, ...]. */
function boundaryPoints(mask, spacing) {
  const b = boundary(mask).data;
  const rank = mask.shape.length;
  let count = 0;
  for (let i = 0; i < b.length; i++) count += b[i];
  const pts = new Float64Array(count * rank);
  for (let i = 0, k = 0; i < b.length; i++) {
    if (!b[i]) continue;
    let rest = i;
    for (let ax = rank - 1; ax >= 0; ax--) {
      pts[k * rank + ax] = (rest % mask.shape[ax]) * spacing[ax];
      rest = Math.floor(rest / mask.shape[ax]);
    }
    k++;
  }
  return { pts, count, rank };
}

/** Naive directed distances from every `stride`-th point of `from` to all points of `to`. */
function directedNaive(from, to, stride) {
  const { rank } = from;
  const out = [];
  for (let i = 0; i < from.count; i += stride) {
    let best = Number.POSITIVE_INFINITY;
    for (let j = 0; j < to.count; j++) {
      let s = 0;
      for (let ax = 0; ax < rank; ax++) {
        const diff = from.pts[i * rank + ax] - to.pts[j * rank + ax];
        s += diff * diff;
      }
      if (s < best) best = s;
    }
    out.push(Math.sqrt(best));
  }
  return out;
}

function naive(pred, truth, spacing) {
  const t0 = performance.now();
  const bp = boundaryPoints(pred, spacing);
  const bt = boundaryPoints(truth, spacing);
  const stride = Math.max(1, Math.ceil(Math.max(bp.count, bt.count) / cap));
  const ab = directedNaive(bp, bt, stride);
  const ba = directedNaive(bt, bp, stride);
  const ms = (performance.now() - t0) * stride;
  const all = [...ab, ...ba];
  const mean = (v) => v.reduce((x, y) => x + y, 0) / v.length;
  return { ms, stride, hausdorff: Math.max(...all), assd: (mean(ab) + mean(ba)) / 2, boundary: [bp.count, bt.count] };
}

const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];

function edt(pred, truth, spacing) {
  const times = [];
  let m;
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    m = boundaryMetrics(pred, truth, { spacing });
    times.push(performance.now() - t0);
  }
  return { ms: median(times), ...m };
}

const cases = [];
for (const n of [256, 512]) {
  const truth = blob([n, n], 0.3 * n, [0, 0], 0);
  const pred = blob([n, n], 0.3 * n, [n / 64, -n / 80], 0.04);
  cases.push({ name: `${n}×${n} one blob`, pred, truth, spacing: [1, 1] });
  cases.push({ name: `${n}×${n} speckled`, pred: speckle(pred, 0.005, n), truth, spacing: [1, 1] });
  cases.push({ name: `${n}×${n} 64 blobs`, pred: blobs(n, [n / 128, -n / 160], 0.08), truth: blobs(n, [0, 0], 0), spacing: [1, 1] });
}
{
  const n = 128;
  const truth = blob([n, n, n], 0.3 * n, [0, 0, 0], 0);
  const pred = blob([n, n, n], 0.3 * n, [2, -2, 1], 0.04);
  cases.push({ name: '128³ one ball', pred, truth, spacing: [2, 1, 1] });
}

// warm-up (JIT) of both paths on the first case, so the first timed case is not penalised
for (let r = 0; r < 15; r++) {
  boundaryMetrics(cases[0].pred, cases[0].truth);
  naive(cases[0].pred, cases[0].truth, cases[0].spacing);
}

console.log(`boundary metrics, EDT (boundaryMetrics: HD, HD95, ASD, ASSD, BF, NSD from one pair of EDTs; median of ${repeats})`);
console.log('vs naive all-pairs (HD + ASSD over the same boundaries); Node', process.version);
console.log(
  `${'case'.padEnd(20)}${'|∂P|, |∂G|'.padStart(16)}${'EDT ms'.padStart(10)}${'naive ms'.padStart(12)}${'speed-up'.padStart(10)}  check`,
);
for (const c of cases) {
  const e = edt(c.pred, c.truth, c.spacing);
  // naive: median of `repeats` runs when one run is short, else the single run
  const runs = [naive(c.pred, c.truth, c.spacing)];
  while (runs[0].ms < 500 && runs.length < repeats) runs.push(naive(c.pred, c.truth, c.spacing));
  const nv = { ...runs[0], ms: median(runs.map((r) => r.ms)) };
  const check =
    nv.stride === 1
      ? `HD ${e.hausdorff.toFixed(3)} = ${nv.hausdorff.toFixed(3)}, ASSD Δ ${Math.abs(e.assd - nv.assd).toExponential(1)}`
      : `naive extrapolated ×${nv.stride} (subset of boundary pixels)`;
  console.log(
    `${c.name.padEnd(20)}${nv.boundary.join(', ').padStart(16)}${e.ms.toFixed(1).padStart(10)}${nv.ms.toFixed(1).padStart(12)}${`${(nv.ms / e.ms).toFixed(nv.ms / e.ms < 10 ? 1 : 0)}×`.padStart(10)}  ${check}`,
  );
}
