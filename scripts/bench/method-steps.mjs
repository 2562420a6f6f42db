// Training-step cost of grid cells relative to the first cell (plain CE), on real batches of a task, measured in ONE
// process with the cells' steps interleaved round by round, so that load from other processes affects all alike.
// Each cell is a partial `seg train` config built exactly as a run builds it (@seg/runs buildStep). Used for the
// compute estimates of docs/results.md. Needs `pnpm build` first.
//
//   node scripts/bench/method-steps.mjs --data 'task:nodules?labels=noisy&cases=6' --rounds 4 \
//     --cells '[{"name":"ce","config":{"loss":{"name":"ce"}}},{"name":"gambling","config":{"method":{"name":"gambling"}}}]'
import { parseArgs } from 'node:util';
import { initBackend } from '../../packages/backend/dist/index.js';
import { quantile, Rng } from '../../packages/core/dist/index.js';
import { batches, openDataset } from '../../packages/data/dist/index.js';
import { buildStep, resolveTrainConfig } from '../../packages/runs/dist/index.js';
import { disposeTensorBatch, toTensorBatch } from '../../packages/train/dist/index.js';

const { values: a } = parseArgs({
  options: {
    data: { type: 'string', default: 'task:nodules?labels=noisy&cases=6&seed=1' },
    rounds: { type: 'string', default: '4' },
    batch: { type: 'string', default: '8' },
    cells: { type: 'string', default: '[{"name":"ce","config":{"loss":{"name":"ce"}}}]' },
  },
});
const batchSize = Number(a.batch);
const info = await initBackend('cpu', { log: () => {} });
const data = openDataset(a.data);
const rng = new Rng(3);
const cells = JSON.parse(a.cells).map((c) => {
  const config = resolveTrainConfig({ data: a.data, model: { name: 'unet', depth: 3, filters: 16 }, batchSize, ...c.config });
  const { step, train } = buildStep(config, data);
  const batch = batches(train, { batchSize, shuffle: true, rng: new Rng(1) }).next().value;
  return { name: c.name, step, batch, times: [] };
});
const run = (cell, i) => {
  const tensors = toTensorBatch(cell.batch);
  const t0 = performance.now();
  cell.step.step(tensors, { epoch: 0, step: i, rng });
  const ms = performance.now() - t0;
  disposeTensorBatch(tensors);
  return ms;
};
for (const cell of cells) run(cell, 0); // warm-up
for (let r = 1; r <= Number(a.rounds); r++) for (const cell of cells) cell.times.push(run(cell, r));
const ref = quantile(cells[0].times, 0.5);
console.log(`${info.backend}: ${info.detail}; ${a.data}, batch ${batchSize}`);
for (const c of cells)
  console.log(
    `${c.name.padEnd(28)} median ${quantile(c.times, 0.5).toFixed(0).padStart(6)} ms  × ${(quantile(c.times, 0.5) / ref).toFixed(2)}`,
  );
