// Valvano et al.'s experiment on the multi-class ring phantoms (RV, myocardium, LV): the same AAG-UNet trained
// (a) on full masks, (b) from skeleton scribbles with WPCE only (UNet_WPCE), and (c) with the full AAG scheme —
// scribbles + unpaired masks of other cases through the multi-scale discriminator — plus the ablations: without
// attention gates, without adversarial deep supervision (full-resolution discriminator), without discriminator.
// Every run sees the same images for the same number of steps; the test split has full masks.
// Knobs: SEG_EPOCHS, SEG_COUNT, SEG_SIZE, SEG_DEPTH, SEG_FILTERS, SEG_BACKEND, SEG_RUNS (comma list), SEG_SCRIBBLES.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aagStep } from '@seg/adversarial';
import { initBackend } from '@seg/backend';
import { phantomDataset, splitDataset, weakSplit } from '@seg/data';
import { crossEntropy } from '@seg/margin';
import { aagDiscriminator, aagUnet } from '@seg/models';
import { createOptimizer, evaluateModel, loadModel, supervisedStep, Trainer } from '@seg/train';

// At most SEG_EPOCHS epochs, stopped early when the validation loss (cross-entropy against the full validation masks)
// has not improved for SEG_PATIENCE epochs; the best-validation-loss model is evaluated (the paper's protocol).
const epochs = Number(process.env.SEG_EPOCHS ?? 60);
const patience = Number(process.env.SEG_PATIENCE ?? 10);
const count = Number(process.env.SEG_COUNT ?? 160);
const size = Number(process.env.SEG_SIZE ?? 48);
const depth = Number(process.env.SEG_DEPTH ?? 3);
const filters = Number(process.env.SEG_FILTERS ?? 8);
const scribbles = process.env.SEG_SCRIBBLES ?? 'skeleton';
const only = process.env.SEG_RUNS?.split(',');
// WPCE class weights: 'paper' (1 − n_c/n_tot) or 'code' (n_tot/n_c); real masks at coarse scales (maskPyramid mode).
const supervised = { weighting: process.env.SEG_WEIGHTING ?? 'code' }; // 'code' measured better here (README)
const realScales = process.env.SEG_REAL_SCALES ?? 'average';
const { backend } = await initBackend(process.env.SEG_BACKEND ?? 'auto');
const seed = 7;
const C = 4;

const data = phantomDataset({ kind: 'rings', count, size, seed });
const { train, val, test } = splitDataset(data, { val: 0.15, test: 0.25, seed });
// The training cases: 60 % scribbled, 40 % only lend their masks to the unpaired pool (never their images).
const weak = weakSplit(train, { val: 0, test: 0, maskPool: 0.4, seed, scribbles: { method: scribbles, seed } });
// Full-mask baseline: the same images as the scribbled set, with their full masks.
const fullMasks = {
  ...weak.scribbled,
  name: 'full masks',
  get: (i) => ({ ...weak.scribbled.get(i), label: weak.scribbled.fullLabel(i), annotations: undefined }),
};

const optimizer = { name: 'adam', lr: Number(process.env.SEG_LR ?? 3e-3) };
const segmentor = (attention) => aagUnet({ inputShape: [size, size, 1], numClasses: C, depth, filters, attention, seed });
const discriminator = (multiScale) =>
  aagDiscriminator({ inputShape: [size, size], numClasses: C, depth, filters, multiScale, seed: seed + 1 });

const runs = {
  full: () => ({
    data: fullMasks,
    step: supervisedStep({ model: segmentor(true).model, loss: crossEntropy(), optimizer: createOptimizer(optimizer) }),
  }),
  wpce: () => ({
    data: weak.scribbled,
    step: aagStep({ segmentor: segmentor(false).model, segmentorOptimizer: createOptimizer(optimizer), supervised }),
  }),
  aag: () => ({ data: weak.scribbled, step: adversarial(true, true) }),
  'no-attention': () => ({ data: weak.scribbled, step: adversarial(false, true) }),
  'no-ads': () => ({ data: weak.scribbled, step: adversarial(true, false) }),
  'no-discriminator': () => ({
    data: weak.scribbled,
    step: aagStep({ segmentor: segmentor(true).model, segmentorOptimizer: createOptimizer(optimizer), supervised }),
  }),
};

function adversarial(attention, multiScale) {
  return aagStep({
    segmentor: segmentor(attention).model,
    discriminator: discriminator(multiScale),
    segmentorOptimizer: createOptimizer(optimizer),
    discriminatorOptimizer: createOptimizer(optimizer),
    maskPool: weak.maskPool,
    supervised,
    realScales,
  });
}

const rows = [];
const root = mkdtempSync(join(tmpdir(), 'seg-aag-example-'));
for (const [name, make] of Object.entries(runs)) {
  if (only && !only.includes(name)) continue;
  const { data: trainSet, step } = make();
  const t0 = performance.now();
  const runDir = join(root, name);
  const fit = await new Trainer({
    step,
    train: trainSet,
    val,
    epochs,
    batchSize: 8,
    seed,
    augment: { flipHorizontal: true },
    earlyStopping: { metric: 'val_loss', patience },
    runDir,
    progress: 'none',
    log: () => {},
  }).fit();
  const seconds = (performance.now() - t0) / 1000;
  const best = await loadModel(join(runDir, 'model'));
  const r = await evaluateModel(best, test, { numClasses: C });
  best.dispose();
  const dice = r.perClass.dice.slice(1);
  rows.push({
    run: name,
    dice: dice.reduce((a, b) => a + b, 0) / dice.length,
    perClass: dice,
    seconds,
    epochs: fit.epochs,
    bestEpoch: fit.best.epoch + 1,
  });
  process.stderr.write(`${name}: mean Dice ${rows.at(-1).dice.toFixed(4)} in ${seconds.toFixed(0)} s\n`);
  for (const m of Object.values(step.models())) m.dispose();
}

const cov = weak.scribbled;
console.log(
  `${cov.size} scribbled (${scribbles}) + ${weak.maskPool.size} unpaired-mask / ${val.size} val / ${test.size} test ring phantoms of ${size}×${size}, ≤ ${epochs} epochs (patience ${patience}) on ${backend}`,
);
rmSync(root, { recursive: true, force: true });
console.log(['run', 'mean Dice', 'RV', 'MYO', 'LV', 'of full', 'epochs (best)', 'seconds'].join('\t'));
const full = rows.find((r) => r.run === 'full');
for (const r of rows)
  console.log(
    [
      r.run,
      r.dice.toFixed(4),
      ...r.perClass.map((v) => v.toFixed(4)),
      full ? (r.dice / full.dice).toFixed(3) : '',
      `${r.epochs} (${r.bestEpoch})`,
      r.seconds.toFixed(0),
    ].join('\t'),
  );
console.log(JSON.stringify({ backend, results: rows }));
