/**
 * Betting maps of a gambling run for `seg predict --maps betting`: the gambler's budget per pixel, shown relative to a
 * uniform bet (1 = the average pixel), as gray PNGs scaled per image. The run's last checkpoint holds the matching
 * segmentor and gambler (the best-model directory holds the segmentor only), so both come from there.
 */
import { join } from 'node:path';
import { bettingMaps } from '@seg/adversarial';
import { SegInputError } from '@seg/core';
import { batches, type Dataset, writeImagePng } from '@seg/data';
import { applyModelWeights, disposeCheckpoint, loadCheckpoint } from '@seg/train';
import * as tf from '@tensorflow/tfjs';
import type { StoredRun } from '../stored-run.js';
import { runSplits } from '../train/splits.js';
import { buildStep } from '../train/step.js';

export async function writeBettingMaps(run: StoredRun, dataset: Dataset, out: string, batchSize: number): Promise<string[]> {
  if (run.config.method.name !== 'gambling') {
    throw new SegInputError({
      fn: 'seg predict',
      arg: '--maps',
      detail: `betting maps need a gambling run, ${run.runDir} was trained with method '${run.config.method.name}'`,
      hint: 'Train with --method gambling',
    });
  }
  const { step } = buildStep(run.config, runSplits(run.config).train);
  const loaded = await loadCheckpoint(join(run.runDir, 'checkpoint'), step);
  if (!loaded)
    throw new SegInputError({
      fn: 'seg predict',
      arg: '--run',
      detail: `${run.runDir} has no checkpoint with the gambler`,
      hint: 'Train at least one epoch',
    });
  const written: string[] = [];
  try {
    applyModelWeights(loaded, step);
    const nets = { segmentor: step.models().segmentor, gambler: step.models().gambler };
    for (const b of batches(dataset, { batchSize, shuffle: false })) {
      const [n, h, w] = b.shape;
      const images = tf.tensor4d(b.images, [...b.shape] as [number, number, number, number]);
      const maps = bettingMaps(nets, images, { scale: 'relative' });
      const data = (await maps.data()) as Float32Array;
      tf.dispose([images, maps]);
      for (let i = 0; i < n; i++) {
        const path = join(out, `${b.ids[i]}_betting.png`);
        await writeImagePng(path, { data: data.slice(i * h * w, (i + 1) * h * w), shape: [h, w, 1] });
        written.push(path);
      }
    }
  } finally {
    disposeCheckpoint(loaded);
    for (const m of Object.values(step.models())) m.dispose();
    for (const o of Object.values(step.optimizers())) o.dispose();
  }
  return written;
}
