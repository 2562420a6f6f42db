/** `seg eval` as a library call: evaluates a run's model on a dataset and writes eval.json and eval.csv. */
import { join } from 'node:path';
import { SegInputError } from '@seg/core';
import { type Dataset, openDataset } from '@seg/data';
import { type EvaluationResult, evaluateModel, initBackend, loadModel } from '@seg/train';
import { writeFileAtomic, writeJsonAtomic } from './files.js';
import { readRun, type StoredRun } from './run-config.js';
import { type RunHooks, runSplits } from './run-train.js';

export type EvalSplit = 'test' | 'val' | 'train';

export interface EvalRunOptions extends RunHooks {
  run: string;
  /** A dataset spec or folder; default: the run's own held-out split. */
  data?: string;
  split?: EvalSplit;
  backend?: 'auto' | 'tensorflow' | 'wasm' | 'cpu';
  batchSize?: number;
  /** Write eval.json / eval.csv into the run directory (default true). */
  write?: boolean;
}

export interface EvalRunResult extends EvaluationResult {
  runDir: string;
  dataset: string;
  backend: string;
  classNames: string[];
}

function pickDataset(options: EvalRunOptions, run: StoredRun): Dataset {
  if (options.data) return openDataset(options.data, { numClasses: run.numClasses });
  const split = options.split ?? 'test';
  const ds = runSplits(run.config)[split];
  if (ds.size === 0) {
    throw new SegInputError({
      fn: 'seg eval',
      arg: '--split',
      detail: `the run's ${split} split is empty`,
      hint: 'Pass --data, or choose --split val',
    });
  }
  return ds;
}

export async function evalRun(options: EvalRunOptions): Promise<EvalRunResult> {
  const { log = () => {}, write = true } = options;
  const run = readRun(options.run, 'seg eval');
  const { backend } = await initBackend(options.backend ?? run.config.backend, { log });
  const dataset = pickDataset(options, run);
  if (dataset.numClasses > run.numClasses) {
    throw new SegInputError({
      fn: 'seg eval',
      arg: '--data',
      expected: `labels with at most ${run.numClasses} classes like the run`,
      got: `${dataset.numClasses} classes in ${dataset.name}`,
    });
  }
  const model = await loadModel(join(run.runDir, 'model'));
  try {
    const result = await evaluateModel(model, dataset, {
      batchSize: options.batchSize ?? run.config.batchSize,
      numClasses: run.numClasses,
    });
    const out: EvalRunResult = { ...result, runDir: run.runDir, dataset: dataset.name, backend, classNames: run.classNames };
    if (write) {
      writeJsonAtomic(join(run.runDir, 'eval.json'), out);
      writeFileAtomic(join(run.runDir, 'eval.csv'), evalCsv(result, run.numClasses));
    }
    return out;
  } finally {
    model.dispose();
  }
}

/** One row per case: id, mean foreground Dice, then Dice and IoU per class. */
export function evalCsv(result: EvaluationResult, numClasses: number): string {
  const classes = Array.from({ length: numClasses }, (_, c) => c);
  const header = ['id', 'mean_dice', ...classes.map((c) => `dice_${c}`), ...classes.map((c) => `iou_${c}`)];
  const num = (v: number) => (Number.isNaN(v) ? '' : String(v));
  const rows = result.cases.map((c) => [c.id, num(c.meanDice), ...c.dice.map(num), ...c.iou.map(num)].join(','));
  return `${[header.join(','), ...rows].join('\n')}\n`;
}
