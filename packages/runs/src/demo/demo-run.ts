/**
 * `seg demo`: the whole supervised path on the embedded default — train a small U-Net on synthetic nodule phantoms,
 * evaluate it on held-out phantoms (Dice, boundary and calibration metrics, report.html), then fit a temperature on the
 * validation split and report ECE before and after. A few minutes on a laptop CPU.
 */

import { type CalibrateRunResult, calibrateRun } from '../calibrate/calibrate-run.js';
import { resolveTrainConfig } from '../config/resolve.js';
import type { EvalRunResult } from '../eval/eval-result.js';
import { evalRun } from '../eval/eval-run.js';
import type { RunHooks } from '../hooks.js';
import { type TrainRunResult, trainRun } from '../train/train-run.js';

export interface DemoOptions extends RunHooks {
  runDir?: string;
  backend?: 'auto' | 'tensorflow' | 'wasm' | 'cpu';
  seed?: number;
  epochs?: number;
  count?: number;
  size?: number;
}

export interface DemoResult {
  train: TrainRunResult;
  eval: EvalRunResult;
  calibrate: CalibrateRunResult;
}

/** The phantom dataset spec the demo trains on. */
export function demoDataSpec(count: number, size: number, seed: number): string {
  return `phantom:nodule?count=${count}&size=${size}&seed=${seed}`;
}

export async function demoRun(options: DemoOptions = {}): Promise<DemoResult> {
  const { seed = 1, epochs = 12, count = 160, size = 64, backend = 'auto', runDir = 'runs/demo', log, progress } = options;
  const config = resolveTrainConfig({
    name: 'demo',
    runDir,
    data: demoDataSpec(count, size, seed),
    split: { val: 0.15, test: 0.2 },
    model: { name: 'unet', depth: 3, filters: 8, norm: 'batch' },
    loss: { name: 'ce+dice' },
    optimizer: { name: 'adam', lr: 3e-3 },
    epochs,
    batchSize: 8,
    seed,
    backend,
  });
  const train = await trainRun(config, { force: true, log, progress });
  const evaluation = await evalRun({ run: train.runDir, split: 'test', backend, log, progress, calibrated: false });
  const calibrate = await calibrateRun({ run: train.runDir, method: 'temperature', backend, log, progress });
  return { train, eval: evaluation, calibrate };
}
