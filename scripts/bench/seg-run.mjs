// One seg measurement in THIS process, printed as one JSON line (same fields as scripts/bench/torch_unet.py), so
// that bench-compare.mjs can run every configuration in a fresh child process and read its own peak RSS.
// Needs `pnpm build` first (imports the built packages).
//
//   node scripts/bench/seg-run.mjs --backend wasm|cpu --mode train|infer|peak --size 64 --batch 4 --norm batch|none
//                                  [--steps 10] [--warmup 3] [--depth 4] [--filters 16] [--threads 1]
//
// train: forward + softmax CE + gradients + Adam (lr 1e-3), one `supervisedStep().step()` (it reads the loss back,
// so the step is complete when it returns). infer: `model.predict` + reading the logits back.
// --threads n > 1 (wasm): the threaded-SIMD build with n XNNPACK threads (initBackend's `threads`, packages/backend/src/wasm-threads.ts).
// peak: median GFLOP/s of a 1024×1024 float32 tf.matMul on the back-end (used when PyTorch is absent).
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../packages/backend/dist/index.js';
import { quantile } from '../../packages/core/dist/index.js';
import { crossEntropy } from '../../packages/margin/dist/index.js';
import { unet } from '../../packages/models/dist/index.js';
import { createOptimizer, supervisedStep } from '../../packages/train/dist/index.js';
import { peakRssMb, rssMb } from './rss.mjs';

const { values: a } = parseArgs({
  options: {
    backend: { type: 'string', default: 'wasm' },
    mode: { type: 'string', default: 'train' },
    size: { type: 'string', default: '128' },
    batch: { type: 'string', default: '4' },
    norm: { type: 'string', default: 'batch' },
    depth: { type: 'string', default: '4' },
    filters: { type: 'string', default: '16' },
    steps: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    threads: { type: 'string', default: '1' },
  },
});
const [size, batch, steps, warmup] = [a.size, a.batch, a.steps, a.warmup].map(Number);

/** Milliseconds of each of `steps` calls of `run` after `warmup` untimed ones. */
async function timeSteps(run) {
  const times = [];
  for (let i = 0; i < warmup + steps; i++) {
    const t0 = performance.now();
    await run(i);
    if (i >= warmup) times.push(performance.now() - t0);
  }
  return times;
}

function summary(times, extra) {
  return {
    median_ms: quantile(times, 0.5),
    p10_ms: quantile(times, 0.1),
    p90_ms: quantile(times, 0.9),
    n: times.length,
    peak_rss_mb: peakRssMb(),
    ...extra,
  };
}

async function matmulPeak() {
  const n = 1024;
  const [x, y] = [tf.randomNormal([n, n], 0, 1, 'float32', 1), tf.randomNormal([n, n], 0, 1, 'float32', 2)];
  const times = await timeSteps(async () => {
    const z = tf.matMul(x, y);
    await z.data();
    z.dispose();
  });
  tf.dispose([x, y]);
  const flop = 2 * n ** 3;
  return {
    gflops_best: flop / Math.min(...times) / 1e6,
    gflops_median: flop / quantile(times, 0.5) / 1e6,
    how: 'tfjs matMul',
    n_matmul: n,
  };
}

async function unetRun() {
  const cfg = { inputShape: [size, size, 1], numClasses: 2, depth: Number(a.depth), filters: Number(a.filters), norm: a.norm, seed: 1 };
  const baseRss = rssMb();
  const model = unet(cfg);
  const images = tf.randomNormal([batch, size, size, 1], 0, 1, 'float32', 7);
  const labels = tf.tidy(() => tf.cast(tf.greater(tf.randomUniform([batch, size, size], 0, 1, 'float32', 8), 0.7), 'int32'));
  let times;
  let optimizer;
  let check; // last loss (train) or mean |logit| (infer): compares thread counts and back-ends on the same data
  if (a.mode === 'train') {
    optimizer = createOptimizer({ name: 'adam', lr: 1e-3 });
    const step = supervisedStep({ model, loss: crossEntropy(), optimizer });
    const data = { ids: Array.from({ length: batch }, (_, i) => `b${i}`), images, labels };
    times = await timeSteps((i) => {
      check = step.step(data, { epoch: 0, step: i, rng: undefined }).loss;
    });
  } else {
    times = await timeSteps(async () => {
      const out = model.predict(images);
      const values = await out.data();
      check = values.reduce((sum, v) => sum + Math.abs(v), 0) / values.length;
      out.dispose();
    });
  }
  const params = model.countParams();
  const trainable = model.trainableWeights.reduce((s, w) => s + w.shape.reduce((p, d) => p * d, 1), 0);
  tf.dispose([images, labels]);
  model.dispose();
  optimizer?.dispose();
  return {
    times,
    extra: { size, batch, norm: a.norm, check, params, trainable, base_rss_mb: baseRss, tensors_left: tf.memory().numTensors },
  };
}

const info = await initBackend(a.backend, { log: () => {}, threads: Number(a.threads ?? 1) });
const threads = a.backend === 'wasm' ? Number(/(\d+) threads?\)/.exec(info.detail)?.[1] ?? 1) : 1;
const base = { framework: 'seg', backend: info.backend, detail: info.detail, version: tf.version.tfjs, threads, mode: a.mode };
if (a.mode === 'peak') {
  const r = await matmulPeak();
  console.log(JSON.stringify({ ...base, ...r, peak_rss_mb: peakRssMb() }));
} else {
  const t0 = performance.now();
  const { times, extra } = await unetRun();
  console.log(JSON.stringify(summary(times, { ...base, ...extra, wall_s: (performance.now() - t0) / 1e3 })));
}
