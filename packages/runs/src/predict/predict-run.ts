/** `seg predict` as a library call: runs a trained model over images and writes one mask PNG per image. */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { initBackend } from '@seg/backend';
import { openDataset, writeLabelPng } from '@seg/data';
import { loadModel, predictDataset } from '@seg/train';
import type { RunHooks } from '../hooks.js';
import { readRun } from '../stored-run.js';
import { writeBettingMaps } from './betting-maps.js';

export interface PredictRunOptions extends RunHooks {
  run: string;
  data: string;
  out: string;
  /** 'index': pixel value = class index; 'visible': classes spread over 0…255 so masks can be looked at. */
  values?: 'index' | 'visible';
  backend?: 'auto' | 'tensorflow' | 'wasm' | 'cpu';
  batchSize?: number;
  /** Extra per-pixel maps: 'betting' writes `<id>_betting.png` from a gambling run's gambler (uncertainty picture). */
  maps?: readonly 'betting'[];
}

export interface PredictRunResult {
  out: string;
  written: string[];
  backend: string;
}

export async function predictRun(options: PredictRunOptions): Promise<PredictRunResult> {
  const { log = () => {}, values = 'index' } = options;
  const run = readRun(options.run, 'seg predict');
  const { backend } = await initBackend(options.backend ?? run.config.backend, { log });
  const dataset = openDataset(options.data, { masks: 'optional' });
  const out = resolve(options.out);
  mkdirSync(out, { recursive: true });
  const scale = values === 'visible' ? Math.floor(255 / Math.max(1, run.numClasses - 1)) : 1;
  const model = await loadModel(join(run.runDir, 'model'));
  const written: string[] = [];
  try {
    for await (const { id, label } of predictDataset(model, dataset, { batchSize: options.batchSize ?? run.config.batchSize })) {
      const path = join(out, `${id}.png`);
      await writeLabelPng(path, label, { scale });
      written.push(path);
    }
  } finally {
    model.dispose();
  }
  if (options.maps?.includes('betting'))
    written.push(...(await writeBettingMaps(run, dataset, out, options.batchSize ?? run.config.batchSize)));
  log(`wrote ${written.length} files to ${out}`);
  return { out, written, backend };
}
