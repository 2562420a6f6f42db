/** Shared test helpers: tiny seeded models, a supervised step, temporary run directories, JSONL reading. */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ceDice, crossEntropy } from '@seg/margin';
import { unet } from '@seg/models';
import * as tf from '@tensorflow/tfjs';
import { createOptimizer } from '../src/optimizers.js';
import { supervisedStep } from '../src/supervised-step.js';
import type { TrainStep } from '../src/train-step.js';

/** conv3×3(4) → batch norm → ReLU → conv1×1(classes): seeded, so the same seed builds identical weights. */
export function tinySegmentor(size: number, numClasses: number, seed: number): tf.LayersModel {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({
        inputShape: [size, size, 1],
        filters: 4,
        kernelSize: 3,
        padding: 'same',
        kernelInitializer: tf.initializers.heNormal({ seed }),
      }),
      tf.layers.batchNormalization(),
      tf.layers.reLU(),
      tf.layers.conv2d({ filters: numClasses, kernelSize: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) }),
    ],
  });
}

/** A supervised step over a fresh tiny segmentor and a fresh Adam (what a resumed process would build). */
export function tinySupervised(size: number, numClasses: number, seed = 7, lr = 0.01): TrainStep {
  return supervisedStep({
    model: tinySegmentor(size, numClasses, seed),
    loss: crossEntropy(),
    optimizer: createOptimizer({ name: 'adam', lr }),
  });
}

/** Disposes every model and optimizer of a step. */
export function disposeStep(step: TrainStep): void {
  for (const m of Object.values(step.models())) m.dispose();
  for (const o of Object.values(step.optimizers())) o.dispose();
}

export function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `seg-${prefix}-`));
}

export async function readJsonl(path: string): Promise<Record<string, unknown>[]> {
  const text = await readFile(path, 'utf8');
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l));
}

/** Copies of every weight value (for bit-exact comparisons). */
export function weightValues(model: tf.LayersModel): number[][] {
  return model.getWeights().map((w) => Array.from(w.dataSync()));
}

/** The real thing, tiny: a seeded U-Net (depth 1, 4 filters, batch norm) trained with CE + Dice and Adam. */
export function unetSupervised(size: number, numClasses: number, seed = 7, lr = 0.01): TrainStep {
  const model = unet({ inputShape: [size, size, 1], numClasses, depth: 1, filters: 4, seed });
  return supervisedStep({ model, loss: ceDice(), optimizer: createOptimizer({ name: 'adam', lr }) });
}
