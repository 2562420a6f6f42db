/** Test helpers of the two adversarial baselines: tiny seeded networks, runs through the real Trainer. */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerSegKernels } from '@seg/backend';
import { phantomDataset } from '@seg/data';
import { unet } from '@seg/models';
import { createOptimizer, Trainer, type TrainStep } from '@seg/train';
import * as tf from '@tensorflow/tfjs';
import { confidenceNetwork, imageDiscriminator } from '../../models/src/discriminators-index.js';
import { type CeAdversarialStepOptions, ceAdversarialStep } from '../src/ce-adversarial/index.js';
import { type ConfidenceStepOptions, confidenceStep } from '../src/confidence/index.js';

export const SIZE = 16;

/** cpu back-end with seg's kernels (the fast filter gradient, the correct up-sampling gradient), as `seg train` runs. */
export async function useCpu(): Promise<void> {
  await tf.setBackend('cpu');
  registerSegKernels();
}
/** 8 binary nodule phantoms in batches of 2: 4 steps per epoch. */
export const train = phantomDataset({ kind: 'nodule', count: 8, size: SIZE, seed: 11 });
export const val = phantomDataset({ kind: 'nodule', count: 2, size: SIZE, seed: 12 });

const segmentor = () => unet({ inputShape: [SIZE, SIZE, 1], numClasses: 2, depth: 1, filters: 4, seed: 7 });
const critic = { inputShape: [SIZE, SIZE, 1] as const, numClasses: 2, depth: 2, filters: 4, seed: 3 };
const adam = (lr: number) => createOptimizer({ name: 'adam', lr });

/** A fresh step of either baseline (what a resumed process would build). */
export function buildStep(
  method: 'ce-adversarial' | 'confidence',
  extra: Partial<CeAdversarialStepOptions> & Partial<ConfidenceStepOptions> = {},
): TrainStep {
  if (method === 'ce-adversarial') {
    return ceAdversarialStep({
      ...extra,
      segmentor: segmentor(),
      discriminator: imageDiscriminator(critic),
      segmentorOptimizer: adam(0.01),
      discriminatorOptimizer: adam(0.001),
    });
  }
  return confidenceStep({
    ...extra,
    segmentor: segmentor(),
    confidence: confidenceNetwork(critic),
    segmentorOptimizer: adam(0.01),
    confidenceOptimizer: adam(0.001),
  });
}

export function disposeStep(step: TrainStep): void {
  for (const m of Object.values(step.models())) m.dispose();
  for (const o of Object.values(step.optimizers())) o.dispose();
}

/** Copies of every weight of every model of the step (bit-exact comparisons). */
export function allWeights(step: TrainStep): Record<string, number[][]> {
  return Object.fromEntries(Object.entries(step.models()).map(([name, m]) => [name, m.getWeights().map((w) => Array.from(w.dataSync()))]));
}

export const tempDir = (prefix: string) => mkdtemp(join(tmpdir(), `seg-${prefix}-`));

/**
 * Trains `method` with the Trainer for `epochs` (4 steps each); records tf.memory().numTensors after every step.
 * Returns the history, both networks' weights, the tensor counts and the step values of the last step.
 */
export async function runMethod(method: 'ce-adversarial' | 'confidence', epochs: number, runDir?: string, resume = false) {
  const step = buildStep(method);
  const tensorCounts: number[] = [];
  const stepValues: Record<string, number>[] = [];
  const trainer = new Trainer({
    step,
    train,
    val,
    epochs,
    batchSize: 2,
    seed: 5,
    augment: { flipHorizontal: true },
    evaluateEvery: Math.max(1, Math.min(epochs, 10)),
    runDir,
    resume,
    progress: 'none',
    log: () => {},
    callbacks: [
      {
        onStepEnd: ({ values }) => {
          tensorCounts.push(tf.memory().numTensors);
          stepValues.push(values);
        },
      },
    ],
  });
  const result = await trainer.fit();
  const weights = allWeights(step);
  disposeStep(step);
  return { result, weights, tensorCounts, stepValues };
}
