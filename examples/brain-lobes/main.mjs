// Brain lobes on real anatomy: the Colin27 T1 (Debian package mricron-data) labelled by the AAL atlas, its 116
// regions mapped to 7 lobes + background. Axial slices downsampled to SEG_SIZE², a slab split along z with a gap
// (train / held-out test slab / train / val), a U-Net trained with CE + Dice, per-lobe Dice on the held-out slab,
// and the prediction of every slice written back as a NIfTI label volume on the T1's grid (opens in any viewer).
// Knobs: SEG_EPOCHS, SEG_SIZE, SEG_TASK (lobes|brain), SEG_BACKEND, SEG_OUT (the .nii.gz path).

import { initBackend } from '@seg/backend';
import { colin27Dataset, colin27Paths, stackSlices, unfitSlice, writeNifti } from '@seg/data';
import { ceDice } from '@seg/margin';
import { unet } from '@seg/models';
import { createOptimizer, evaluateModel, predictDataset, supervisedStep, Trainer } from '@seg/train';

const epochs = Number(process.env.SEG_EPOCHS ?? 40);
const size = Number(process.env.SEG_SIZE ?? 64);
const task = process.env.SEG_TASK ?? 'lobes';
const out = process.env.SEG_OUT ?? `colin27-${task}-pred.nii.gz`;
if (!colin27Paths()) {
  console.error('The Colin27 files are missing: install them with `apt-get install mricron-data` (or set SEG_COLIN27_DIR).');
  process.exit(2);
}
const { backend } = await initBackend(process.env.SEG_BACKEND ?? 'auto');

const { dataset, train, val, test, label } = colin27Dataset({ task, size });
const C = dataset.numClasses;
const model = unet({ inputShape: [size, size, 1], numClasses: C, depth: 4, filters: 16, seed: 3 });
const step = supervisedStep({ model, loss: ceDice(), optimizer: createOptimizer({ name: 'adam', lr: 2e-3 }) });
const t0 = performance.now();
await new Trainer({ step, train, val, epochs, batchSize: 8, seed: 3, progress: 'none', log: () => {} }).fit();
const seconds = (performance.now() - t0) / 1000;

const r = await evaluateModel(model, test, { numClasses: C });
console.log(
  `Colin27 ${task}: ${train.size} train / ${val.size} val / ${test.size} test axial slices of ${size}×${size}, ${epochs} epochs on ${backend} in ${seconds.toFixed(0)} s`,
);
console.log(['class', 'Dice (held-out slab)'].join('\t'));
const perClass = dataset.classNames.map((name, k) => ({ name, dice: r.perClass.dice[k] }));
for (const { name, dice } of perClass.slice(1)) console.log(`${name}\t${Number.isNaN(dice) ? 'absent' : dice.toFixed(4)}`);
const fg = perClass.slice(1).filter((c) => !Number.isNaN(c.dice));
const meanDice = fg.reduce((a, c) => a + c.dice, 0) / fg.length;
console.log(`mean\t${meanDice.toFixed(4)}`);

// Every slice of the volume, predicted, brought back to the native slice size, stacked on the atlas grid.
const info = dataset.cases[0];
const slices = [];
for await (const p of predictDataset(model, dataset, { batchSize: 16 })) slices.push(unfitSlice(p.label, info.sliceShape));
const volume = stackSlices(slices, label, { axis: dataset.axis, indices: info.indices });
await writeNifti(out, volume, { like: label, datatype: 'uint8' });
console.log(`prediction: ${out} (${volume.shape.join('×')})`);
console.log(JSON.stringify({ backend, task, size, epochs, seconds, perClass, meanDice, out }));
