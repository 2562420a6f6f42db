// pnpm bench:models — every registered architecture at its default config: parameters, training step (CE + Adam)
// and inference time on the wasm back-end, 128×128×1, 2 classes, batch 4 (median of --steps after --warmup), plus the
// ratio to the U-Net measured in the same run. `--markdown` prints the table of docs/models.md. Needs `pnpm build`.
//
//   pnpm bench:models [--size 128] [--batch 4] [--steps 3] [--warmup 1] [--backend wasm] [--models unet,pspnet] [--markdown]
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../packages/backend/dist/index.js';
import { crossEntropy } from '../packages/margin/dist/index.js';
import { createModel, listModels } from '../packages/models/dist/index.js';
import { createOptimizer, supervisedStep } from '../packages/train/dist/index.js';

const { values: a } = parseArgs({
  options: {
    size: { type: 'string', default: '128' },
    batch: { type: 'string', default: '4' },
    steps: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '1' },
    backend: { type: 'string', default: 'wasm' },
    models: { type: 'string' },
    markdown: { type: 'boolean', default: false },
  },
});
const size = Number(a.size);
const batch = Number(a.batch);
const { detail } = await initBackend(a.backend, { log: () => {} });
const median = (xs) => {
  const s = [...xs].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const config = { inputShape: [size, size, 1], numClasses: 2, seed: 1 };
const names = a.models ? a.models.split(',') : listModels().map((m) => m.name);
const rows = [];
for (const name of names) {
  const model = createModel(name, config);
  const step = supervisedStep({ model, loss: crossEntropy(), optimizer: createOptimizer({ name: 'adam', lr: 1e-3 }) });
  const images = tf.randomNormal([batch, size, size, 1], 0, 1, 'float32', 7);
  const labels = tf.tidy(() => tf.cast(tf.greater(tf.randomUniform([batch, size, size], 0, 1, 'float32', 8), 0.7), 'int32'));
  const data = { ids: Array.from({ length: batch }, (_, i) => `b${i}`), images, labels };
  const train = [];
  const infer = [];
  for (let i = 0; i < Number(a.warmup) + Number(a.steps); i++) {
    let t0 = performance.now();
    step.step(data, { epoch: 0, step: i, rng: undefined });
    const t1 = performance.now() - t0;
    t0 = performance.now();
    const out = model.predict(images);
    for (const t of Array.isArray(out) ? out : [out]) await t.data();
    tf.dispose(out);
    if (i >= Number(a.warmup)) {
      train.push(t1);
      infer.push(performance.now() - t0);
    }
  }
  rows.push({ name, params: model.countParams(), trainMs: median(train), inferMs: median(infer) });
  tf.dispose([images, labels]);
  model.dispose();
  process.stderr.write(`${name}: ${rows.at(-1).trainMs.toFixed(0)} ms\n`);
}

const ref = rows.find((r) => r.name === 'unet');
const ratio = (r) => (ref ? (r.trainMs / ref.trainMs).toFixed(2) : '');
const header = `${batch}×${size}×${size}×1, 2 classes, CE + Adam, median of ${a.steps} after ${a.warmup} warm-up; ${detail}`;
if (a.markdown) {
  console.log(`<!-- pnpm bench:models --markdown: ${header} -->`);
  console.log('| model | parameters | training step | × U-Net | inference |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const r of rows)
    console.log(
      `| ${r.name} | ${r.params.toLocaleString('en-US')} | ${r.trainMs.toFixed(0)} ms | ${ratio(r)} | ${r.inferMs.toFixed(0)} ms |`,
    );
} else {
  console.log(header);
  console.log(['model', 'parameters', 'train ms', '× unet', 'infer ms'].join('\t'));
  for (const r of rows) console.log([r.name, r.params, r.trainMs.toFixed(0), ratio(r), r.inferMs.toFixed(0)].join('\t'));
}
console.log(JSON.stringify({ detail, size, batch, results: rows }));
