// pnpm bench:compare — seg's U-Net on its default path (initBackend('auto'): the oneDNN addon where built or
// installed) and on wasm, against the same U-Net in PyTorch (Debian python3-torch, the FAIR twin of
// scripts/bench/torch_unet.py: no slow path, checked with torch.profiler on every run). Same shapes, parameter
// counts and initialisation statistics; every configuration in a fresh child process (its own peak RSS).
// Prints per size × norm × train/infer the times, ratios to PyTorch, GFLOP/s and % of the matmul peak, peak RSS;
// one epoch of `seg demo`'s training set on both sides; and issue 15's targets. Needs `pnpm build` first.
//
//   pnpm bench:compare [--sizes 64,128,256] [--norms batch,none] [--modes train,infer] [--batch 4] [--steps 10]
//                      [--warmup 3] [--threads 2] [--wasm-threads 2] [--epochs 2] [--no-epoch] [--no-wasm]
//                      [--torch-omp-wait default|passive] [--python /usr/bin/python3] [--json FILE] [--markdown]
//
// --threads: PyTorch's intra-op threads (seg's addon uses every available core, 2 here). --wasm-threads: XNNPACK
// threads of seg's wasm back-end (initBackend's `threads`, default 2, packages/backend/src/wasm-threads.ts).
// --torch-omp-wait passive: the twin's OpenMP threads wait passively, as seg's addon's do (on a loaded machine the
// default spinning collapses PyTorch's step, which is then no fair anchor either).
// Models: scripts/bench/seg-run.mjs and scripts/bench/torch_unet.py (U-Net depth 4, 16 filters, 1 → 2 channels,
// softmax CE, Adam 1e-3). FLOPs: scripts/bench/flops.mjs (training ≈ 3× forward). Epoch: scripts/bench/demo-epoch.mjs.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { segChild, torchChild, torchMissing } from './bench/children.mjs';
import { epochTable, stepTable, targets, warnings } from './bench/compare-report.mjs';
import { writeDemoData } from './bench/demo-epoch.mjs';
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
    'wasm-threads': { type: 'string', default: '2' },
    epochs: { type: 'string', default: '2' },
    'no-epoch': { type: 'boolean', default: false },
    'no-wasm': { type: 'boolean', default: false },
    python: { type: 'string', default: '/usr/bin/python3' },
    'torch-omp-wait': { type: 'string', default: 'default' },
    json: { type: 'string' },
    markdown: { type: 'boolean', default: false },
  },
});
const list = (s) => s.split(',').filter(Boolean);
const sizes = list(a.sizes).map(Number);
const common = { batch: a.batch, steps: a.steps, warmup: a.warmup };
const say = (line) => process.stderr.write(`${line}\n`); // progress on stderr, results on stdout

const load = loadavg()[0];
if (load > 0.5) console.log(`Load average ${load.toFixed(2)} before the run: other processes compete for the cores, timings will be noisy`);
const missing = await torchMissing(a.python);
if (missing) console.log(`PyTorch: skipped (${missing}); seg numbers only, matmul peak from tfjs wasm`);

say('measuring the matmul peak …');
const peak = missing
  ? await segChild({ backend: 'wasm', mode: 'peak', steps: 5, warmup: 1, threads: a['wasm-threads'] })
  : await torchChild(a.python, { mode: 'peak', threads: a.threads, steps: 10, warmup: 2 });

const results = [];
for (const size of sizes) {
  for (const norm of list(a.norms)) {
    for (const mode of list(a.modes)) {
      const cfg = { size, norm, mode, ...common };
      say(`${size}² ${norm} ${mode}: seg default …`);
      const seg = await segChild({ backend: 'auto', ...cfg });
      say(`${size}² ${norm} ${mode}: seg wasm …`);
      const wasm = a['no-wasm'] ? undefined : await segChild({ backend: 'wasm', threads: a['wasm-threads'], ...cfg });
      say(`${size}² ${norm} ${mode}: PyTorch …`);
      const torch = missing ? undefined : await torchChild(a.python, { ...cfg, threads: a.threads, ompWait: a['torch-omp-wait'] });
      results.push({ size, norm, mode, flops: stepFlops(mode, { size, batch: Number(a.batch) }), seg, wasm, torch });
    }
  }
}

let epoch;
if (!a['no-epoch']) {
  const dir = writeDemoData(mkdtempSync(join(tmpdir(), 'seg-bench-demo-')));
  const cfg = { mode: 'epoch', steps: a.epochs, warmup: 1 };
  say('one epoch of seg demo: seg default …');
  epoch = { seg: await segChild({ backend: 'auto', ...cfg }) };
  say('one epoch of seg demo: seg wasm …');
  if (!a['no-wasm']) epoch.wasm = await segChild({ backend: 'wasm', threads: a['wasm-threads'], ...cfg });
  say('one epoch of seg demo: PyTorch …');
  if (!missing) epoch.torch = await torchChild(a.python, { ...cfg, data: dir, threads: a.threads, ompWait: a['torch-omp-wait'] });
  rmSync(dir, { recursive: true, force: true });
}

// ---- report ----
const table = a.markdown ? markdownTable : textTable;
const first = (key) => results.find((r) => r[key]?.detail || r[key]?.version)?.[key];
console.log(
  `U-Net depth 4, 16 filters, 1→2 channels, batch ${a.batch}; median of ${a.steps} steps after ${a.warmup} warm-up(s); ` +
    `${cpus().length}× ${cpus()[0]?.model ?? 'CPU'}; Node ${process.version}\n` +
    `seg default: ${first('seg')?.detail ?? '?'}\nseg wasm: ${first('wasm')?.detail ?? '—'}\n` +
    (missing
      ? ''
      : `PyTorch ${first('torch')?.version ?? '?'}, ${a.threads} threads, up-sampling as 1×1 conv + PixelShuffle (no slow path)`),
);
console.log(
  `Matmul peak: ${fmt(peak.gflops_best, 0)} GFLOP/s (${peak.how ?? 'error'}, ${peak.n_matmul ?? '?'}², ${missing ? `${a['wasm-threads']} wasm thread(s)` : `${a.threads} threads`})` +
    `; forward GFLOP ${sizes.map((n) => `${n}²: ${fmt(unetForwardFlops({ size: n, batch: Number(a.batch) }) / 1e9, 2)}`).join(', ')}` +
    ' (training counted as 3×)\n',
);
const steps = stepTable(results, peak.gflops_best);
console.log(table(steps.header, steps.rows));
if (epoch) {
  const e = epochTable(epoch);
  console.log(
    `\n${table(e.header, e.rows)}\n(median of ${a.epochs} epoch(s) after 1 warm-up epoch; training steps only, batches in order)`,
  );
}
const ourFlops = (size) => unetForwardFlops({ size, batch: Number(a.batch) }) / 1e9;
const warn = warnings(results, epoch, ourFlops);
const slowChecked = [...results.map((r) => r.torch), epoch?.torch].filter((t) => t && !t.error);
if (slowChecked.length > 0 && slowChecked.every((t) => t.slow_ops?.length === 0))
  console.log(`\nPyTorch twin profiled (torch.profiler, ${slowChecked.length} runs): no slow_conv*, thnn_conv*, mm/addmm/bmm op ran`);
for (const line of warn) console.log(line);

const checks = targets(results);
if (checks.length > 0) {
  const caveat = load > 1 ? ` — UNRELIABLE: load average ${load.toFixed(1)} from other processes, re-run on a quiet machine` : '';
  console.log(`\nIssue 15 targets (128², batch 4, this run)${caveat}:`);
  for (const t of checks) console.log(`  ${t.value <= t.limit ? 'met    ' : 'NOT met'} ${t.what}: ${t.value.toFixed(2)}× (≤ ${t.limit}×)`);
}

if (a.json) {
  const out = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, model: cpus()[0]?.model, loadavg: load },
    args: a,
    peak,
    results,
    epoch,
    targets: checks,
  };
  writeFileSync(a.json, `${JSON.stringify(out, null, 2)}\n`);
  say(`wrote ${a.json}`);
}
