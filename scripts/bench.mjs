// pnpm bench — training-step and inference time of a U-Net on each embedded back-end, in one run, with ratios.
// Default: U-Net depth 4, 16 base filters, batch norm, 128×128×1, 2 classes, batch 4, CE + Adam (the configuration
// of docs/backends.md). Median of --steps timed steps after --warmup steps. Needs `pnpm build` first.
//
//   pnpm bench [--size 128] [--batch 4] [--depth 4] [--filters 16] [--norm batch|none] [--steps 5] [--warmup 2]
//              [--cpu-steps 2] [--backends wasm,cpu]
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../packages/backend/dist/index.js';
import { crossEntropy } from '../packages/margin/dist/index.js';
import { unet } from '../packages/models/dist/index.js';
import { createOptimizer, supervisedStep } from '../packages/train/dist/index.js';

const { values: a } = parseArgs({
  options: {
    size: { type: 'string', default: '128' },
    batch: { type: 'string', default: '4' },
    depth: { type: 'string', default: '4' },
    filters: { type: 'string', default: '16' },
    norm: { type: 'string', default: 'batch' },
    steps: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '2' },
    'cpu-steps': { type: 'string', default: '2' },
    backends: { type: 'string', default: 'wasm,cpu' },
  },
});
const size = Number(a.size);
const batch = Number(a.batch);
const cfg = { inputShape: [size, size, 1], numClasses: 2, depth: Number(a.depth), filters: Number(a.filters), norm: a.norm, seed: 1 };

const median = (xs) => {
  const s = [...xs].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function measure(backend) {
  await initBackend(backend, { log: () => {} });
  const model = unet(cfg);
  const step = supervisedStep({ model, loss: crossEntropy(), optimizer: createOptimizer({ name: 'adam', lr: 1e-3 }) });
  const images = tf.randomNormal([batch, size, size, 1], 0, 1, 'float32', 7);
  const labels = tf.tidy(() => tf.cast(tf.greater(tf.randomUniform([batch, size, size], 0, 1, 'float32', 8), 0.7), 'int32'));
  const data = { ids: Array.from({ length: batch }, (_, i) => `b${i}`), images, labels };
  const steps = backend === 'cpu' ? Number(a['cpu-steps']) : Number(a.steps);
  const warmup = backend === 'cpu' ? 1 : Number(a.warmup);
  const times = [];
  for (let i = 0; i < warmup + steps; i++) {
    const t0 = performance.now();
    step.step(data, { epoch: 0, step: i, rng: undefined });
    if (i >= warmup) times.push(performance.now() - t0);
  }
  const inferTimes = [];
  for (let i = 0; i < warmup + steps; i++) {
    const t0 = performance.now();
    const out = model.predict(images);
    await out.data();
    out.dispose();
    if (i >= warmup) inferTimes.push(performance.now() - t0);
  }
  images.dispose();
  labels.dispose();
  model.dispose();
  for (const o of Object.values(step.optimizers())) o.dispose();
  return {
    backend,
    train: median(times),
    trainMin: Math.min(...times),
    trainMax: Math.max(...times),
    infer: median(inferTimes),
    n: times.length,
  };
}

console.log(
  `U-Net depth ${cfg.depth}, ${cfg.filters} filters, norm ${cfg.norm}, ${size}×${size}×1, batch ${batch}; ${tf.version.tfjs ?? ''}`,
);
const results = [];
for (const b of a.backends.split(',')) {
  const r = await measure(b);
  results.push(r);
  console.log(
    `${b.padEnd(5)} training step ${r.train.toFixed(0).padStart(7)} ms (median of ${r.n}, ${r.trainMin.toFixed(0)}–${r.trainMax.toFixed(0)})` +
      `   inference ${r.infer.toFixed(0).padStart(6)} ms`,
  );
}
const base = results.find((r) => r.backend === 'wasm') ?? results[0];
for (const r of results) {
  if (r === base) continue;
  console.log(
    `ratio ${r.backend}/${base.backend}: training ${(r.train / base.train).toFixed(2)}×, inference ${(r.infer / base.infer).toFixed(2)}×`,
  );
}
