// The end-to-end figure of `pnpm bench:compare`: one epoch over `seg demo`'s training set (the demo's phantom spec and
// split: 104 nodule phantoms of 64×64, U-Net depth 3 / 8 filters / batch norm, CE + soft Dice, Adam 3e-3, batch 8),
// as a plain loop of training steps in batch order, no augmentation, no validation — the same on the PyTorch side,
// which reads the very same images and labels from the files `writeDemoData` writes.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDataset, splitDataset } from '../../packages/data/dist/index.js';

export const DEMO = { count: 160, size: 64, seed: 1, depth: 3, filters: 8, batch: 8, lr: 3e-3 };

/** The demo's training split as flat arrays: images [n, size, size, 1] float32, labels [n, size, size] int32. */
export function demoTrainSet() {
  const { count, size, seed } = DEMO;
  const { train } = splitDataset(openDataset(`phantom:nodule?count=${count}&size=${size}&seed=${seed}`), { val: 0.15, test: 0.2, seed });
  const n = train.size;
  const images = new Float32Array(n * size * size);
  const labels = new Int32Array(n * size * size);
  for (let i = 0; i < n; i++) {
    const s = train.get(i);
    images.set(s.image.data, i * size * size);
    labels.set(s.label.data, i * size * size);
  }
  return { n, size, images, labels };
}

/** Writes images.f32, labels.i32 and shape.json into `dir` for scripts/bench/torch_unet.py --mode epoch. */
export function writeDemoData(dir) {
  const { n, size, images, labels } = demoTrainSet();
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'images.f32'), Buffer.from(images.buffer));
  writeFileSync(join(dir, 'labels.i32'), Buffer.from(labels.buffer));
  writeFileSync(join(dir, 'shape.json'), JSON.stringify({ n, size, ...DEMO }));
  return dir;
}
