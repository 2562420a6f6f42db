// Margin-based label smoothing (Murugesan et al.) against cross-entropy and label smoothing on the multi-class
// "cardiac rings" phantoms, as in the MbLS paper's comparison: same U-Net, seed and epochs; reports Dice and
// calibration (ECE and classwise ECE over all pixels and over foreground pixels, NLL).
// Knobs: SEG_EPOCHS, SEG_COUNT, SEG_SIZE, SEG_BACKEND.

import { initBackend } from '@seg/backend';
import { phantomDataset, splitDataset } from '@seg/data';
import { crossEntropy, labelSmoothing, mbls } from '@seg/margin';
import { unet } from '@seg/models';
import { createOptimizer, evaluateModel, supervisedStep, Trainer } from '@seg/train';

const epochs = Number(process.env.SEG_EPOCHS ?? 30);
const count = Number(process.env.SEG_COUNT ?? 160);
const size = Number(process.env.SEG_SIZE ?? 48);
const { backend } = await initBackend(process.env.SEG_BACKEND ?? 'auto');

const data = phantomDataset({ kind: 'rings', count, size, seed: 5 });
const { train, val, test } = splitDataset(data, { val: 0.15, test: 0.25, seed: 5 });

const methods = {
  ce: crossEntropy(),
  'ls (α=0.1)': labelSmoothing({ alpha: 0.1 }),
  'mbls (m=10, α=0.1)': mbls({ margin: 10, alpha: 0.1 }),
};

const rows = [];
for (const [name, loss] of Object.entries(methods)) {
  const model = unet({ inputShape: [size, size, 1], numClasses: data.numClasses, depth: 3, filters: 8, seed: 5 });
  const step = supervisedStep({ model, loss, optimizer: createOptimizer({ name: 'adam', lr: 3e-3 }) });
  await new Trainer({
    step,
    train,
    val,
    epochs,
    batchSize: 8,
    seed: 5,
    augment: { flipHorizontal: true },
    progress: 'none',
    log: () => {},
  }).fit();
  const r = await evaluateModel(model, test, { numClasses: data.numClasses, calibration: true });
  const { all, foreground } = r.calibration;
  rows.push({ method: name, meanDice: r.meanDice, ece: all.ece, eceForeground: foreground.ece, cece: all.classwiseEce, nll: all.nll });
  model.dispose();
}

console.log(`${train.size} train / ${val.size} val / ${test.size} test rings phantoms of ${size}×${size}, ${epochs} epochs on ${backend}`);
console.log(['method', 'mean Dice', 'ECE', 'ECE fg', 'classwise ECE', 'NLL'].join('\t'));
for (const r of rows) console.log([r.method, ...[r.meanDice, r.ece, r.eceForeground, r.cece, r.nll].map((v) => v.toFixed(4))].join('\t'));
console.log(JSON.stringify({ backend, results: rows }));
