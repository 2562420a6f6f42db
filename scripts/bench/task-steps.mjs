// Training-step time of the task pilots' U-Net relative to the reference configuration of docs/performance.md
// (U-Net depth 4, 16 filters, 1 → 2 channels, batch 4, 64², batch norm), measured in the SAME process, interleaved
// round by round so that load from other processes affects both alike. Multiply the printed ratio by the reference's
// median on a quiet machine (docs/performance.md: 250 ms native, 408 ms wasm) to estimate a quiet step time.
// Needs `pnpm build` first.
//
//   node scripts/bench/task-steps.mjs [--backend cpu|wasm] [--rounds 5] [--steps 3] [--batch 8]
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../packages/backend/dist/index.js';
import { quantile } from '../../packages/core/dist/index.js';
import { crossEntropy } from '../../packages/margin/dist/index.js';
import { unet } from '../../packages/models/dist/index.js';
import { createOptimizer, supervisedStep } from '../../packages/train/dist/index.js';

const { values: a } = parseArgs({
  options: {
    backend: { type: 'string', default: 'cpu' },
    rounds: { type: 'string', default: '5' },
    steps: { type: 'string', default: '3' },
    batch: { type: 'string', default: '8' },
  },
});
const batch = Number(a.batch);
const configs = [
  { name: 'reference (depth 4, 1→2, batch 4)', depth: 4, channels: 1, classes: 2, batch: 4 },
  { name: `lesions (depth 3, 3→4, batch ${batch})`, depth: 3, channels: 3, classes: 4, batch },
  { name: `nodules (depth 3, 1→2, batch ${batch})`, depth: 3, channels: 1, classes: 2, batch },
  { name: `cardiac (depth 3, 1→4, batch ${batch})`, depth: 3, channels: 1, classes: 4, batch },
];

function makeStep(c) {
  const model = unet({ inputShape: [64, 64, c.channels], numClasses: c.classes, depth: c.depth, filters: 16, norm: 'batch', seed: 1 });
  const optimizer = createOptimizer({ name: 'adam', lr: 1e-3 });
  const step = supervisedStep({ model, loss: crossEntropy(), optimizer });
  const images = tf.randomNormal([c.batch, 64, 64, c.channels], 0, 1, 'float32', 7);
  const labels = tf.tidy(() => tf.cast(tf.floor(tf.randomUniform([c.batch, 64, 64], 0, c.classes, 'float32', 8)), 'int32'));
  const data = { ids: Array.from({ length: c.batch }, (_, i) => `b${i}`), images, labels };
  return { run: (i) => step.step(data, { epoch: 0, step: i, rng: undefined }).loss, times: [] };
}

const info = await initBackend(a.backend, { log: () => {} });
const runs = configs.map(makeStep);
for (const [i, r] of runs.entries()) r.run(i); // warm-up: kernels compiled, oneDNN primitives cached
for (let round = 0; round < Number(a.rounds); round++)
  for (const r of runs)
    for (let s = 0; s < Number(a.steps); s++) {
      const t0 = performance.now();
      r.run(s);
      r.times.push(performance.now() - t0);
    }
const ref = quantile(runs[0].times, 0.5);
console.log(`${info.backend}: ${info.detail}`);
configs.forEach((c, i) => {
  const med = quantile(runs[i].times, 0.5);
  console.log(`${c.name.padEnd(36)} median ${med.toFixed(0).padStart(5)} ms  ratio to reference ${(med / ref).toFixed(2)}`);
});
