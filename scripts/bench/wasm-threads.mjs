// Multi-threaded wasm in Node: does tfjs-backend-wasm 4.22's threaded-SIMD build run, and what does it gain?
// Each configuration runs in a fresh child (scripts/bench/seg-run.mjs --threads n; the thread count is fixed when
// the back-end initialises): 1024² matMul, U-Net inference and one training step, 1 thread vs 2 threads.
// How the threaded build is made to load under Node: packages/backend/src/wasm-threads.ts (initBackend's `threads`). Needs `pnpm build`.
//
//   node scripts/bench/wasm-threads.mjs [--size 64] [--norm batch|none] [--threads 1,2] [--steps 3] [--warmup 1]
import { parseArgs } from 'node:util';
import { segChild } from './children.mjs';
import { fmt, textTable } from './table.mjs';

const { values: a } = parseArgs({
  options: {
    size: { type: 'string', default: '64' },
    norm: { type: 'string', default: 'batch' },
    threads: { type: 'string', default: '1,2' },
    steps: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '1' },
  },
});
const counts = a.threads.split(',').map(Number);
const jobs = [
  { what: 'matMul 1024² GFLOP/s', options: { mode: 'peak' }, value: (r) => r.gflops_median, higherIsBetter: true },
  { what: `inference ${a.size}² ms`, options: { mode: 'infer', size: a.size, norm: a.norm }, value: (r) => r.median_ms },
  { what: `training step ${a.size}² ms`, options: { mode: 'train', size: a.size, norm: a.norm }, value: (r) => r.median_ms },
];

const rows = [];
for (const job of jobs) {
  const byThreads = [];
  for (const threads of counts) {
    process.stderr.write(`${job.what}, ${threads} thread(s) …\n`);
    const r = await segChild({ backend: 'wasm', threads, steps: a.steps, warmup: a.warmup, ...job.options });
    if (r.error) console.log(`${job.what}, ${threads} threads failed: ${r.error}`);
    byThreads.push(r);
  }
  const values = byThreads.map((r) => (r.error ? Number.NaN : job.value(r)));
  const speedup = job.higherIsBetter ? values.at(-1) / values[0] : values[0] / values.at(-1);
  rows.push([
    job.what,
    ...values.map((v) => fmt(v, 1)),
    `${fmt(speedup, 2)}×`,
    byThreads.map((r) => (r.error ? '—' : r.threads)).join('/'),
    byThreads.map((r) => fmt(r.peak_rss_mb)).join('/'),
  ]);
}
console.log(
  `tfjs wasm, norm ${a.norm}, batch 4, median of ${a.steps} after ${a.warmup} warm-up(s); threads as reported by getThreadsCount()`,
);
console.log(
  textTable(
    ['', ...counts.map((n) => `${n} thread${n === 1 ? '' : 's'}`), `speed-up ${counts.at(-1)} vs ${counts[0]}`, 'threads', 'peak RSS MB'],
    rows,
  ),
);
