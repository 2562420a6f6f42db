// Distribution-aware margin calibration (Li, Yu & Zhang) vs plain cross-entropy on the multi-class "cardiac rings"
// phantoms, as in the DMC paper's comparison: same U-Net, same seed, same epochs; DMC follows the paper's recipe
// (CE pre-training for a few epochs, then the margin-calibrated loss with offsets from the training label counts).
// Prints per-class IoU on held-out phantoms. Knobs: SEG_EPOCHS, SEG_PRETRAIN, SEG_COUNT, SEG_SIZE, SEG_BACKEND.

import { initBackend } from '@seg/backend';
import { labelCounts, phantomDataset, splitDataset } from '@seg/data';
import { crossEntropy, dmc } from '@seg/margin';
import { unet } from '@seg/models';
import { createOptimizer, evaluateModel, pretrainThen, supervisedStep, Trainer } from '@seg/train';

const epochs = Number(process.env.SEG_EPOCHS ?? 30);
const pretrain = Number(process.env.SEG_PRETRAIN ?? 4);
const count = Number(process.env.SEG_COUNT ?? 160);
const size = Number(process.env.SEG_SIZE ?? 48);
const { backend } = await initBackend(process.env.SEG_BACKEND ?? 'auto');

const data = phantomDataset({ kind: 'rings', count, size, seed: 3 });
const { train, val, test } = splitDataset(data, { val: 0.15, test: 0.25, seed: 3 });
const counts = labelCounts(train);

const methods = {
  ce: crossEntropy(),
  dmc: pretrainThen(crossEntropy(), pretrain, dmc({ counts })),
};

const rows = [];
for (const [name, loss] of Object.entries(methods)) {
  const model = unet({ inputShape: [size, size, 1], numClasses: data.numClasses, depth: 3, filters: 8, seed: 3 });
  const step = supervisedStep({ model, loss, optimizer: createOptimizer({ name: 'adam', lr: 3e-3 }) });
  const trainer = new Trainer({
    step,
    train,
    val,
    epochs,
    batchSize: 8,
    seed: 3,
    augment: { flipHorizontal: true },
    progress: 'none',
    log: () => {},
  });
  await trainer.fit();
  const r = await evaluateModel(model, test, { numClasses: data.numClasses });
  rows.push({ method: name, iou: r.perClass.iou, meanIou: r.meanIou, meanDice: r.meanDice });
  model.dispose();
}

const names = data.classNames;
console.log(`${train.size} train / ${val.size} val / ${test.size} test rings phantoms of ${size}×${size}, ${epochs} epochs on ${backend}`);
console.log(['method', ...names.slice(1).map((n) => `IoU ${n}`), 'mean IoU', 'mean Dice'].join('\t'));
for (const r of rows)
  console.log([r.method, ...r.iou.slice(1).map((v) => v.toFixed(4)), r.meanIou.toFixed(4), r.meanDice.toFixed(4)].join('\t'));
console.log(JSON.stringify({ backend, results: rows }));
