// Supervised U-Net on synthetic nodule phantoms through the seg library API:
// back-end → data → model → loss → trainer (checkpoints in runs/example) → evaluation → prediction PNGs.
// Environment knobs (used by the CI smoke test to keep it short): SEG_EPOCHS, SEG_COUNT, SEG_SIZE, SEG_BACKEND, SEG_RUN_DIR.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { initBackend } from '@seg/backend';
import { phantomDataset, splitDataset, writeLabelPng } from '@seg/data';
import { ceDice } from '@seg/margin';
import { unet } from '@seg/models';
import { createOptimizer, evaluateModel, loadModel, predictDataset, supervisedStep, Trainer } from '@seg/train';

const epochs = Number(process.env.SEG_EPOCHS ?? 12);
const count = Number(process.env.SEG_COUNT ?? 160);
const size = Number(process.env.SEG_SIZE ?? 64);
const runDir = process.env.SEG_RUN_DIR ?? 'runs/example';

const { backend } = await initBackend(process.env.SEG_BACKEND ?? 'auto', { log: console.log });

const data = phantomDataset({ kind: 'nodule', count, size, seed: 1 });
const { train, val, test } = splitDataset(data, { val: 0.15, test: 0.2, seed: 1 });
console.log(`${train.size} train / ${val.size} val / ${test.size} test phantoms of ${size}×${size} on ${backend}`);

const model = unet({ inputShape: [size, size, 1], numClasses: 2, depth: 3, filters: 8, norm: 'batch', seed: 1 });
const step = supervisedStep({ model, loss: ceDice(), optimizer: createOptimizer({ name: 'adam', lr: 3e-3 }) });
const trainer = new Trainer({ step, train, val, numClasses: 2, epochs, batchSize: 8, seed: 1, runDir, augment: { flipHorizontal: true } });
const result = await trainer.fit();
console.log(`best val Dice ${result.best?.value.toFixed(4)} at epoch ${result.best?.epoch}`);

// The trainer keeps the best weights in runDir/model: evaluate those on the held-out phantoms.
const best = await loadModel(join(runDir, 'model'));
const evaluation = await evaluateModel(best, test, { numClasses: 2 });
console.log(`held-out mean foreground Dice ${evaluation.meanDice.toFixed(4)} (per case), ${evaluation.datasetDice.toFixed(4)} (dataset)`);

mkdirSync(join(runDir, 'predictions'), { recursive: true });
let written = 0;
for await (const { id, label } of predictDataset(best, test, { batchSize: 8 })) {
  await writeLabelPng(join(runDir, 'predictions', `${id}.png`), label, { scale: 255 });
  written++;
}
console.log(`wrote ${written} predicted masks to ${join(runDir, 'predictions')}`);
console.log(JSON.stringify({ backend, meanDice: evaluation.meanDice, datasetDice: evaluation.datasetDice }));
best.dispose();
