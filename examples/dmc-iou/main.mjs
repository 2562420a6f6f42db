// Distribution-aware margin calibration (Li, Yu & Zhang) vs plain cross-entropy on the multi-class "cardiac rings"
// phantoms, as in the DMC paper's comparison: same U-Net, same seed, same epochs; DMC follows the paper's recipe
// (CE pre-training for a few epochs, then the margin-calibrated loss with offsets from the training label counts, which
// the run layer computes from the training split because the DMC entry says it needs them). Each method is one
// `trainRun` + `evalRun` of @seg/runs, the calls `seg train` and `seg eval` make; IoU is that of each run's best model
// (by validation Dice) on the held-out split.
// Knobs: SEG_EPOCHS, SEG_PRETRAIN, SEG_COUNT, SEG_SIZE, SEG_BACKEND, SEG_RUN_DIR (default runs/dmc-iou).
import { join } from 'node:path';
import { evalRun, resolveTrainConfig, trainRun } from '@seg/runs';

const epochs = Number(process.env.SEG_EPOCHS ?? 30);
const pretrain = Number(process.env.SEG_PRETRAIN ?? 4);
const count = Number(process.env.SEG_COUNT ?? 160);
const size = Number(process.env.SEG_SIZE ?? 48);
const backend = process.env.SEG_BACKEND ?? 'auto';
const root = process.env.SEG_RUN_DIR ?? 'runs/dmc-iou';

const methods = {
  ce: { loss: { name: 'ce' } },
  dmc: { loss: { name: 'dmc' }, pretrain: { epochs: pretrain, loss: { name: 'ce' } } },
};

const rows = [];
let summary;
for (const [method, choice] of Object.entries(methods)) {
  const config = resolveTrainConfig({
    name: method,
    runDir: join(root, method),
    data: `phantom:rings?count=${count}&size=${size}&seed=3`,
    split: { val: 0.15, test: 0.25 },
    model: { name: 'unet', depth: 3, filters: 8 },
    ...choice,
    optimizer: { name: 'adam', lr: 3e-3 },
    epochs,
    batchSize: 8,
    seed: 3,
    backend,
  });
  const trained = await trainRun(config, { force: true, progress: 'none' });
  const r = await evalRun({ run: trained.runDir, metrics: ['overlap'], progress: 'none' });
  rows.push({ method, iou: r.perClass.iou, meanIou: r.meanIou, meanDice: r.meanDice });
  summary = { ...trained.samples, backend: trained.backend, classNames: r.classNames };
}

const { train, val, test, classNames } = summary;
console.log(`${train} train / ${val} val / ${test} test rings phantoms of ${size}×${size}, ${epochs} epochs on ${summary.backend}`);
console.log(['method', ...classNames.slice(1).map((n) => `IoU ${n}`), 'mean IoU', 'mean Dice'].join('\t'));
for (const r of rows)
  console.log([r.method, ...r.iou.slice(1).map((v) => v.toFixed(4)), r.meanIou.toFixed(4), r.meanDice.toFixed(4)].join('\t'));
console.log(JSON.stringify({ backend: summary.backend, results: rows }));
