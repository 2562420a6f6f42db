// pnpm bench:profile — where one training step of seg's U-Net spends its time, per kernel (tf.profile).
// One warm-up step, then --steps profiled steps; kernel times are summed per kernel name (over the profiled steps,
// then divided by their number) and printed sorted, with the call count and the share of all kernel time.
// On wasm and cpu, tf.profile's kernelMs is the synchronous wall time of each kernel call; seg's replacement
// kernels call other kernels directly (not through the engine), so nothing is counted twice; tf.customGrad ops
// (e.g. fusedConv2d__op) are profiled as a whole AND their kernels one by one, so they are listed apart, not added
// to the total. The gap between the
// step's wall time and the kernel total is JavaScript outside kernels (tape, Adam bookkeeping, disposal).
// Needs `pnpm build` first.
//
//   pnpm bench:profile [--size 128] [--batch 4] [--norm batch|none] [--backend wasm|cpu] [--steps 1] [--top 25]
//                      [--by name|shape] [--threads 1] [--markdown]
// --threads n > 1 (wasm): tfjs's threaded-SIMD build with n threads (initBackend's `threads`, packages/backend/src/wasm-threads.ts).
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../packages/backend/dist/index.js';
import { crossEntropy } from '../packages/margin/dist/index.js';
import { unet } from '../packages/models/dist/index.js';
import { createOptimizer, supervisedStep } from '../packages/train/dist/index.js';
import { fmt, markdownTable, textTable } from './bench/table.mjs';

const { values: a } = parseArgs({
  options: {
    size: { type: 'string', default: '128' },
    batch: { type: 'string', default: '4' },
    norm: { type: 'string', default: 'batch' },
    backend: { type: 'string', default: 'wasm' },
    steps: { type: 'string', default: '1' },
    top: { type: 'string', default: '25' },
    by: { type: 'string', default: 'name' },
    threads: { type: 'string', default: '1' },
    markdown: { type: 'boolean', default: false },
  },
});
const [size, batch, steps] = [a.size, a.batch, a.steps].map(Number);

const info = await initBackend(a.backend, { log: () => {}, threads: Number(a.threads ?? 1) });
const threads = a.backend === 'wasm' ? Number(/(\d+) threads?\)/.exec(info.detail)?.[1] ?? 1) : 1;
const model = unet({ inputShape: [size, size, 1], numClasses: 2, norm: a.norm, seed: 1 });
const optimizer = createOptimizer({ name: 'adam', lr: 1e-3 });
const step = supervisedStep({ model, loss: crossEntropy(), optimizer });
const images = tf.randomNormal([batch, size, size, 1], 0, 1, 'float32', 7);
const labels = tf.tidy(() => tf.cast(tf.greater(tf.randomUniform([batch, size, size], 0, 1, 'float32', 8), 0.7), 'int32'));
const data = { ids: Array.from({ length: batch }, (_, i) => `b${i}`), images, labels };
step.step(data, { epoch: 0, step: 0, rng: undefined }); // warm-up: kernel setup, optimizer slots

/** Kernel name, or name + input shapes with --by shape (separates e.g. the 128² and 16² convolutions). */
const keyOf = (k) => (a.by === 'shape' ? `${k.name} ${k.inputShapes.map((s) => `[${s}]`).join(' ')}` : k.name);

const totals = new Map();
const wrappers = new Map(); // customGrad scopes: their time is already in the kernels they ran
let wall = 0;
for (let i = 1; i <= steps; i++) {
  const t0 = performance.now();
  const profile = await tf.profile(() => {
    step.step(data, { epoch: 0, step: i, rng: undefined });
  });
  wall += performance.now() - t0;
  for (const k of profile.kernels) {
    const wrapper = tf.getKernel(k.name, info.backend) === undefined;
    const into = wrapper ? wrappers : totals;
    const key = wrapper ? k.name : keyOf(k);
    const t = into.get(key) ?? { ms: 0, count: 0 };
    t.ms += k.kernelTimeMs;
    t.count += 1;
    into.set(key, t);
  }
}
const sorted = [...totals.entries()].map(([name, t]) => ({ name, ms: t.ms / steps, count: t.count / steps })).sort((x, y) => y.ms - x.ms);
const kernelMs = sorted.reduce((s, k) => s + k.ms, 0);
const shown = sorted.slice(0, Number(a.top));
const rest = sorted.slice(Number(a.top));

const header = ['kernel', 'ms', 'calls', 'share', 'cumulative'];
let cum = 0;
const rows = shown.map((k) => {
  cum += k.ms;
  return [k.name, fmt(k.ms, 1), fmt(k.count), `${fmt((100 * k.ms) / kernelMs, 1)} %`, `${fmt((100 * cum) / kernelMs, 1)} %`];
});
if (rest.length > 0) {
  const ms = rest.reduce((s, k) => s + k.ms, 0);
  const count = rest.reduce((s, k) => s + k.count, 0);
  rows.push([`(${rest.length} others)`, fmt(ms, 1), fmt(count), `${fmt((100 * ms) / kernelMs, 1)} %`, '100.0 %']);
}
rows.push(['all kernels', fmt(kernelMs, 1), fmt(sorted.reduce((s, k) => s + k.count, 0)), '100.0 %', '']);

console.log(
  `One training step (forward + softmax CE + gradients + Adam), U-Net depth 4, 16 filters, norm ${a.norm}, ` +
    `${size}²×1, batch ${batch}; ${info.detail}${threads > 1 ? ` (threaded build: ${threads} threads)` : ''}`,
);
console.log(
  `wall ${fmt(wall / steps)} ms per profiled step, kernels ${fmt(kernelMs)} ms, outside kernels ${fmt(wall / steps - kernelMs)} ms ` +
    `(mean of ${steps} profiled step${steps === 1 ? '' : 's'} after 1 warm-up)\n`,
);
console.log((a.markdown ? markdownTable : textTable)(header, rows));
for (const [name, t] of wrappers) {
  console.log(
    `(not added: ${name}, a tf.customGrad op whose kernels are listed above: ${fmt(t.ms / steps, 1)} ms, ${fmt(t.count / steps)} calls)`,
  );
}

tf.dispose([images, labels]);
model.dispose();
optimizer.dispose();
