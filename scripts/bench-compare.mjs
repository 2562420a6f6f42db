// pnpm bench:compare — seg's U-Net on the wasm back-end against the same U-Net in PyTorch (Debian python3-torch),
// same shapes and initialisation statistics, every configuration in a fresh child process (its own peak RSS).
// Prints time and peak-memory ratios seg/PyTorch, achieved GFLOP/s against the machine's measured matmul peak, the
// cpu/wasm ratio at 64², and the targets of issue 9. Needs `pnpm build` first.
//
//   pnpm bench:compare [--sizes 64,128,256] [--norms batch,none] [--modes train,infer] [--batch 4] [--steps 10]
//                      [--warmup 3] [--threads 2] [--wasm-threads 1] [--cpu-steps 2] [--no-cpu]
//                      [--python /usr/bin/python3] [--json FILE] [--markdown]
//
// --threads: PyTorch's intra-op threads. --wasm-threads n > 1: seg on tfjs's threaded-SIMD wasm build with n
// XNNPACK threads (initBackend's `threads` option, packages/backend/src/wasm-threads.ts).
//
// Models: scripts/bench/seg-run.mjs and scripts/bench/torch_unet.py (U-Net depth 4, 16 filters, 1 → 2 channels,
// softmax CE, Adam 1e-3). FLOPs: scripts/bench/flops.mjs (training ≈ 3× forward).
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { loadNativeAddon } from '../packages/backend/dist/index.js';
import { segChild, torchChild, torchMissing } from './bench/children.mjs';
import { stepFlops, unetForwardFlops } from './bench/flops.mjs';
import { fmt, markdownTable, textTable } from './bench/table.mjs';

const { values: a } = parseArgs({
  options: {
    sizes: { type: 'string', default: '64,128,256' },
    norms: { type: 'string', default: 'batch,none' },
    modes: { type: 'string', default: 'train,infer' },
    batch: { type: 'string', default: '4' },
    steps: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    threads: { type: 'string', default: '2' },
    'wasm-threads': { type: 'string', default: '1' },
    'cpu-steps': { type: 'string', default: '2' },
    'no-cpu': { type: 'boolean', default: false },
    python: { type: 'string', default: '/usr/bin/python3' },
    json: { type: 'string' },
    markdown: { type: 'boolean', default: false },
  },
});
const list = (s) => s.split(',').filter(Boolean);
const sizes = list(a.sizes).map(Number);
const common = { batch: a.batch, steps: a.steps, warmup: a.warmup };
const wasmThreads = a['wasm-threads'];
const say = (line) => process.stderr.write(`${line}\n`); // progress on stderr, results on stdout

const load = loadavg()[0];
if (load > 0.5) console.log(`Load average ${load.toFixed(2)} before the run: other processes compete for the cores, timings will be noisy`);
const missing = await torchMissing(a.python);
if (missing) console.log(`PyTorch: skipped (${missing}); seg numbers only, matmul peak from tfjs wasm`);

say('measuring the matmul peak …');
const peak = missing
  ? await segChild({ backend: 'wasm', mode: 'peak', steps: 5, warmup: 1, threads: wasmThreads })
  : await torchChild(a.python, { mode: 'peak', threads: a.threads, steps: 10, warmup: 2 });
const peakGflops = peak.gflops_best;
// With the optional oneDNN addon built (`pnpm build:native`), seg's cpu back-end runs native kernels: measured too.
const native = loadNativeAddon().addon !== undefined;
if (!native) console.log('seg native: skipped (the oneDNN addon is not built: pnpm build:native)');

const results = [];
for (const size of sizes) {
  for (const norm of list(a.norms)) {
    for (const mode of list(a.modes)) {
      const cfg = { size, norm, mode, ...common };
      say(`${size}² ${norm} ${mode}: seg wasm …`);
      const seg = await segChild({ backend: 'wasm', threads: wasmThreads, ...cfg });
      let nat;
      if (native) {
        say(`${size}² ${norm} ${mode}: seg cpu + native …`);
        nat = await segChild({ backend: 'cpu', ...cfg });
      }
      let torch;
      if (!missing) {
        say(`${size}² ${norm} ${mode}: PyTorch …`);
        torch = await torchChild(a.python, { ...cfg, threads: a.threads });
      }
      results.push({ size, norm, mode, flops: stepFlops(mode, { size, batch: Number(a.batch) }), seg, native: nat, torch });
    }
  }
}

const cpu = [];
if (!a['no-cpu']) {
  for (const mode of list(a.modes)) {
    const cfg = { size: 64, norm: 'batch', mode, batch: a.batch, steps: a['cpu-steps'], warmup: 1 };
    say(`64² batch ${mode}: seg cpu (slow) …`);
    const slow = await segChild({ backend: 'cpu', native: false, ...cfg });
    const fast =
      results.find((r) => r.size === 64 && r.norm === 'batch' && r.mode === mode)?.seg ??
      (await segChild({ backend: 'wasm', threads: wasmThreads, ...cfg }));
    cpu.push({ mode, cpu: slow, wasm: fast });
  }
}

// ---- report ----
const ms = (r) => (r === undefined ? '—' : r.error ? 'error' : `${fmt(r.median_ms)} (${fmt(r.p10_ms)}–${fmt(r.p90_ms)})`);
const ratio = (x, y) => (Number.isFinite(x / y) ? `${(x / y).toFixed(2)}×` : '—');
const rate = (r, flops) => {
  if (!r || r.error) return '—';
  const g = flops / r.median_ms / 1e6;
  return `${fmt(g, 1)} (${fmt((100 * g) / peakGflops)} %)`;
};
const header = [
  'size',
  'norm',
  'step',
  'seg wasm ms (p10–p90)',
  'PyTorch ms (p10–p90)',
  'time seg/PT',
  'seg peak RSS MB',
  'PT peak RSS MB',
  'RSS seg/PT',
  'seg GFLOP/s (% peak)',
  'PT GFLOP/s (% peak)',
  ...(native ? ['seg native ms (p10–p90)', 'native/PT', 'native RSS MB'] : []),
];
const rows = results.map(({ size, norm, mode, flops, seg, native: nat, torch }) => [
  `${size}²`,
  norm,
  mode,
  ms(seg),
  ms(torch),
  ratio(seg?.median_ms, torch?.median_ms),
  fmt(seg?.peak_rss_mb),
  fmt(torch?.peak_rss_mb),
  ratio(seg?.peak_rss_mb, torch?.peak_rss_mb),
  rate(seg, flops),
  rate(torch, flops),
  ...(native ? [ms(nat), ratio(nat?.median_ms, torch?.median_ms), fmt(nat?.peak_rss_mb)] : []),
]);
const cpuHeader = ['size', 'norm', 'step', 'seg cpu (plain JS) ms', 'seg wasm ms', 'cpu/wasm'];
const cpuRows = cpu.map((c) => ['64²', 'batch', c.mode, ms(c.cpu), ms(c.wasm), ratio(c.cpu?.median_ms, c.wasm?.median_ms)]);

const table = a.markdown ? markdownTable : textTable;
const torchVersion = results.find((r) => r.torch?.version)?.torch.version;
console.log(
  `U-Net depth 4, 16 filters, 1→2 channels, batch ${a.batch}; median of ${a.steps} steps after ${a.warmup} warm-up(s); ` +
    `${cpus().length}× ${cpus()[0]?.model ?? 'CPU'}; Node ${process.version}; seg wasm ${wasmThreads} thread(s)` +
    (native ? `; seg native: ${loadNativeAddon().addon.info()}` : '') +
    (missing ? '' : `; PyTorch ${torchVersion ?? '?'} ${a.threads} threads`),
);
console.log(
  `Matmul peak: ${fmt(peakGflops, 0)} GFLOP/s (${peak.how ?? 'error'}, ${peak.n_matmul ?? '?'}², ${missing ? `${wasmThreads} thread(s)` : `${a.threads} threads`})` +
    `; forward GFLOP ${sizes.map((n) => `${n}²: ${fmt(unetForwardFlops({ size: n, batch: Number(a.batch) }) / 1e9, 2)}`).join(', ')}` +
    ' (training counted as 3×)\n',
);
console.log(table(header, rows));
if (cpuRows.length > 0) console.log(`\n${table(cpuHeader, cpuRows)}`);

for (const r of results) {
  const counted = r.torch?.fwd_gflop;
  const ours = unetForwardFlops({ size: r.size, batch: Number(a.batch) }) / 1e9;
  if (counted !== undefined && Math.abs(counted - ours) > 1e-9 * ours)
    console.log(`FLOP count mismatch at ${r.size}²: ${counted} vs ${ours}`);
  if (r.torch?.params !== undefined && r.seg?.params !== undefined && r.torch.params !== r.seg.params)
    console.log(`parameter count mismatch, ${r.norm}: seg ${r.seg.params}, PyTorch ${r.torch.params}`);
  for (const [who, x] of [
    ['seg', r.seg],
    ['PyTorch', r.torch],
  ]) {
    const what = `${who} ${r.size}² ${r.norm} ${r.mode}`;
    if (x?.error) console.log(`${what} failed: ${x.error}`);
    else if (x && x.p90_ms > 1.5 * x.p10_ms)
      console.log(`noisy: ${what} p90/p10 = ${(x.p90_ms / x.p10_ms).toFixed(1)}; re-run on a quiet machine`);
  }
}

const targets = [];
for (const r of results.filter((x) => x.size === 128 && x.torch && !x.torch.error && !x.seg.error)) {
  const limit = r.mode === 'train' ? 1.5 : 1.2;
  targets.push({ what: `128² ${r.norm} ${r.mode} time`, value: r.seg.median_ms / r.torch.median_ms, limit });
  targets.push({ what: `128² ${r.norm} ${r.mode} peak RSS`, value: r.seg.peak_rss_mb / r.torch.peak_rss_mb, limit: 2 });
  if (r.native && !r.native.error) {
    targets.push({ what: `128² ${r.norm} ${r.mode} time (native)`, value: r.native.median_ms / r.torch.median_ms, limit });
    targets.push({ what: `128² ${r.norm} ${r.mode} peak RSS (native)`, value: r.native.peak_rss_mb / r.torch.peak_rss_mb, limit: 2 });
  }
}
for (const c of cpu.filter((x) => !x.cpu.error && !x.wasm.error)) {
  targets.push({ what: `cpu/wasm 64² ${c.mode}`, value: c.cpu.median_ms / c.wasm.median_ms, limit: 5 });
}
if (targets.length > 0) {
  console.log('\nIssue 9 targets:');
  for (const t of targets) console.log(`  ${t.value <= t.limit ? 'met    ' : 'NOT met'} ${t.what}: ${t.value.toFixed(2)}× (≤ ${t.limit}×)`);
}

if (a.json) {
  const out = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, model: cpus()[0]?.model, loadavg: load },
    args: a,
    peak,
    results,
    cpu,
    targets,
  };
  writeFileSync(a.json, `${JSON.stringify(out, null, 2)}\n`);
  say(`wrote ${a.json}`);
}
