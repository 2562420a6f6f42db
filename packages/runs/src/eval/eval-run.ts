/**
 * `seg eval` as a library call: evaluates a run's model on a dataset — overlap, boundary and calibration metrics per
 * case and class with summaries — and writes eval.json, eval.csv and report.html into the run.
 */
import { join } from 'node:path';
import { initBackend } from '@seg/backend';
import { SegInputError } from '@seg/core';
import { type Dataset, openDataset } from '@seg/data';
import { evaluateModel, loadModel } from '@seg/train';
import { loadCalibration } from '../calibrate/calibration-store.js';
import { writeFileAtomic, writeJsonAtomic } from '../files.js';
import { readRun, type StoredRun } from '../stored-run.js';
import { runSplits } from '../train/splits.js';
import { evalCsv } from './eval-csv.js';
import { evalReport } from './eval-report.js';
import { type EvalRunOptions, type EvalRunResult, METRIC_GROUPS } from './eval-result.js';

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
  const { log = () => {}, write = true, metrics = METRIC_GROUPS, worst = 4 } = options;
  const run = readRun(options.run, 'seg eval');
  const { backend } = await initBackend(options.backend ?? run.config.backend, { log });
  const dataset = pickDataset(options, run);
  const model = await loadModel(join(run.runDir, 'model'));
  const calibration = options.calibrated === false ? undefined : await loadCalibration(run.runDir, 'seg eval');
  if (calibration) log(`applying ${calibration.describe} (--no-calibration to skip)`);
  try {
    const result = await evaluateModel(model, dataset, {
      logitsTransform: calibration?.transform,
      batchSize: options.batchSize ?? run.config.batchSize,
      numClasses: run.numClasses,
      boundary: metrics.includes('boundary') ? (options.boundary ?? {}) : undefined,
      calibration: metrics.includes('calibration') ? { bins: options.bins } : undefined,
      keepWorst: worst,
    });
    const { worst: worstCases = [], ...rest } = result;
    const out: EvalRunResult = {
      ...rest,
      runDir: run.runDir,
      dataset: dataset.name,
      backend,
      classNames: run.classNames,
      worst: worstCases.map((c) => ({ id: c.id, meanDice: c.meanDice })),
      calibratedWith: calibration?.describe,
    };
    if (write) {
      writeJsonAtomic(join(run.runDir, 'eval.json'), out);
      writeFileAtomic(join(run.runDir, 'eval.csv'), evalCsv(result, run.numClasses));
      writeFileAtomic(join(run.runDir, 'report.html'), evalReport(run, out, worstCases));
    }
    return out;
  } finally {
    model.dispose();
    calibration?.model?.dispose();
  }
}
