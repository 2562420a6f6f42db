// The gambling paper's comparison on nodule phantoms with noisy training labels: CE, CE + adversarial (Luc et al.),
// SegAN, focal loss, adversarial confidence learning and gambling networks — same U-Net segmentor, seed and epochs.
// Training masks are corrupted (each randomly eroded or dilated by 1–2 px, seeded), as annotator noise; validation and
// test masks are clean. Prints Dice, Jaccard, BF-score, Chamfer (ASSD mean of directed), Hausdorff and MMCL.
// Knobs: SEG_EPOCHS, SEG_COUNT, SEG_SIZE, SEG_BACKEND, SEG_METHODS (comma list).
import { createMethodStep } from '@seg/adversarial';
import { initBackend } from '@seg/backend';
import { Rng } from '@seg/core';
import { phantomDataset, splitDataset } from '@seg/data';
import { crossEntropy, focal } from '@seg/margin';
import { unet } from '@seg/models';
import { createOptimizer, evaluateModel, supervisedStep, Trainer } from '@seg/train';

const epochs = Number(process.env.SEG_EPOCHS ?? 20);
const count = Number(process.env.SEG_COUNT ?? 160);
const size = Number(process.env.SEG_SIZE ?? 48);
const only = process.env.SEG_METHODS?.split(',');
const { backend } = await initBackend(process.env.SEG_BACKEND ?? 'auto');

/** One 3×3-cross erosion (grow = false) or dilation (grow = true) of a binary H×W mask. */
function morph(data, h, w, grow) {
  const out = Int32Array.from(data);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const n = [
        data[y * w + x],
        y > 0 ? data[(y - 1) * w + x] : 0,
        y < h - 1 ? data[(y + 1) * w + x] : 0,
        x > 0 ? data[y * w + x - 1] : 0,
        x < w - 1 ? data[y * w + x + 1] : 0,
      ];
      out[y * w + x] = grow ? Math.max(...n) : Math.min(...n);
    }
  return out;
}

/** The training split with every mask eroded or dilated 1–2 times (seeded, fixed per case). */
function withNoisyLabels(ds, seed) {
  const rng = new Rng(seed);
  const noisy = Array.from({ length: ds.size }, (_, i) => {
    const s = ds.get(i);
    const [h, w] = s.label.shape;
    const grow = rng.bernoulli(0.5);
    let data = s.label.data;
    for (let k = 0, times = 1 + rng.int(2); k < times; k++) data = morph(data, h, w, grow);
    return { ...s, label: { data, shape: s.label.shape } };
  });
  return { ...ds, name: `${ds.name}+noise`, get: (i) => noisy[i], ids: () => ds.ids() };
}

const data = phantomDataset({ kind: 'nodule', count, size, seed: 7 });
const split = splitDataset(data, { val: 0.15, test: 0.25, seed: 7 });
const train = withNoisyLabels(split.train, 7);
const optimizer = { name: 'adam', lr: 2e-3 };
const supervised = (loss) => (segmentor) => supervisedStep({ model: segmentor, loss, optimizer: createOptimizer(optimizer) });
const adversarial = (name, options) => (segmentor) =>
  createMethodStep(name, { segmentor, inputShape: [size, size, 1], numClasses: 2, seed: 7, optimizer, options });

const methods = {
  ce: supervised(crossEntropy()),
  'ce+adv': adversarial('ce-adversarial', { filters: 8 }),
  segan: adversarial('segan', { filters: 8, dice: 'soft' }),
  focal: supervised(focal({ gamma: 2 })),
  confidence: adversarial('confidence', { filters: 8 }),
  gambling: adversarial('gambling', { filters: 8 }),
};

const rows = [];
for (const [name, make] of Object.entries(methods)) {
  if (only && !only.includes(name)) continue;
  const segmentor = unet({ inputShape: [size, size, 1], numClasses: 2, depth: 3, filters: 8, seed: 7 });
  const step = make(segmentor);
  await new Trainer({
    step,
    train,
    val: split.val,
    epochs,
    batchSize: 8,
    seed: 7,
    augment: { flipHorizontal: true },
    progress: 'none',
    log: () => {},
  }).fit();
  const r = await evaluateModel(segmentor, split.test, { numClasses: 2, boundary: true, calibration: true });
  const b = r.boundary;
  rows.push({
    method: name,
    dice: r.perClass.dice[1],
    jaccard: r.perClass.iou[1],
    bf: b.bfScore[1].mean,
    chamfer: b.assd[1].mean,
    hausdorff: b.hausdorff[1].mean,
    mmcl: r.calibration.all.mmcl,
    empty: b.hausdorff[1].nanCount,
  });
  for (const m of Object.values(step.models())) m.dispose();
}

console.log(
  `${train.size} noisy-label train / ${split.val.size} val / ${split.test.size} test nodule phantoms of ${size}×${size}, ${epochs} epochs on ${backend}`,
);
console.log(['method', 'Dice', 'Jaccard', 'BF (τ=2)', 'Chamfer', 'Hausdorff', 'MMCL'].join('\t'));
for (const r of rows)
  console.log([r.method, ...[r.dice, r.jaccard, r.bf, r.chamfer, r.hausdorff, r.mmcl].map((v) => v.toFixed(4))].join('\t'));
console.log(JSON.stringify({ backend, results: rows }));
