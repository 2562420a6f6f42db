/**
 * `seg calibrate` as a library call: fits post-hoc calibration (a global temperature, or a local-temperature network)
 * on validation logits of a trained run, stores it with the run (calibration.json, calibration/), and reports
 * calibration before and after on held-out data (the run's test split when it has one, else the fitting data).
 */
import { join } from 'node:path';
import { initBackend } from '@seg/backend';
import { DEFAULT_IGNORE_INDEX, SegInputError } from '@seg/core';
import { batches, type Dataset, openDataset } from '@seg/data';
import { type CalibrationBatch, type CalibrationMethod, calibrationResult, fitLocalTemperature, fitTemperature } from '@seg/margin';
import type { CalibrationResult as MetricsCalibration } from '@seg/metrics';
import { evaluateModel, loadModel, saveModel } from '@seg/train';
import * as tf from '@tensorflow/tfjs';
import { loadCalibration } from '../calibrate/calibration-store.js';
import { writeFileAtomic, writeJsonAtomic } from '../files.js';
import { fmt } from '../format.js';
import type { RunHooks } from '../hooks.js';
import { htmlTable, renderReport } from '../report/html.js';
import { reliabilitySvg } from '../report/svg.js';
import { readRun, type StoredRun } from '../stored-run.js';
import { runSplits } from '../train/splits.js';

export interface CalibrateRunOptions extends RunHooks {
  run: string;
  /** Fitting data (default: the run's validation split). */
  data?: string;
  method?: CalibrationMethod;
  backend?: 'auto' | 'tensorflow' | 'wasm' | 'cpu';
  batchSize?: number;
  /** Local temperature: training epochs over the fitting data (default 50). */
  epochs?: number;
  bins?: number;
}

/** Calibration over all pixels and over foreground pixels (truth ≠ 0). */
export type CalibrationPair = { all: MetricsCalibration; foreground: MetricsCalibration };
export interface CalibrateRunResult {
  runDir: string;
  method: CalibrationMethod;
  temperature?: number;
  fit: { dataset: string; nllBefore: number; nllAfter: number; pixels: number };
  report: { dataset: string; before: CalibrationPair; after: CalibrationPair };
}

/** Logits, labels and images of every case, batch by batch (the caller disposes them). */
function collect(model: tf.LayersModel, ds: Dataset, batchSize: number): CalibrationBatch[] {
  const out: CalibrationBatch[] = [];
  for (const b of batches(ds, { batchSize, shuffle: false })) {
    if (!b.labels)
      throw new SegInputError({ fn: 'seg calibrate', arg: '--data', expected: 'labelled data', got: `${ds.name} without masks` });
    const images = tf.tensor4d(b.images, [...b.shape] as [number, number, number, number]);
    const logits = tf.tidy(() => model.predict(images) as tf.Tensor4D);
    out.push({ images, logits, labels: tf.tensor3d(b.labels, [b.shape[0], b.shape[1], b.shape[2]], 'int32') });
  }
  return out;
}

function disposeBatches(list: CalibrationBatch[]): void {
  for (const b of list) tf.dispose([b.images ?? [], b.logits, b.labels]);
}

async function fit(method: CalibrationMethod, list: CalibrationBatch[], options: CalibrateRunOptions, run: StoredRun) {
  if (method === 'temperature') {
    const logits = await Promise.all(list.map((b) => b.logits.data() as Promise<Float32Array>));
    const labels = await Promise.all(list.map((b) => b.labels.data() as Promise<Int32Array>));
    return fitTemperature(logits, labels, { ignoreIndex: DEFAULT_IGNORE_INDEX, numClasses: run.numClasses });
  }
  return fitLocalTemperature(list, { epochs: options.epochs ?? 50, seed: run.config.seed });
}

export async function calibrateRun(options: CalibrateRunOptions): Promise<CalibrateRunResult> {
  const { log = () => {}, method = 'temperature' } = options;
  const run = readRun(options.run, 'seg calibrate');
  await initBackend(options.backend ?? run.config.backend, { log });
  const splits = options.data ? undefined : runSplits(run.config);
  const fitData = options.data ? openDataset(options.data, { numClasses: run.numClasses }) : (splits as NonNullable<typeof splits>).val;
  if (fitData.size === 0)
    throw new SegInputError({ fn: 'seg calibrate', arg: '--data', detail: "the run's validation split is empty", hint: 'Pass --data VAL' });
  const reportData = splits && splits.test.size > 0 ? splits.test : fitData;
  const batchSize = options.batchSize ?? run.config.batchSize;
  const model = await loadModel(join(run.runDir, 'model'));
  const list = collect(model, fitData, batchSize);
  try {
    log(`fitting ${method} on ${fitData.size} cases of ${fitData.name}`);
    const result = await fit(method, list, options, run);
    if (result.method === 'local-temperature') {
      await saveModel(result.model, join(run.runDir, 'calibration'));
      result.model.dispose();
    }
    const record = calibrationResult(result);
    const evalOptions = { batchSize, numClasses: run.numClasses, calibration: { bins: options.bins } };
    const before = (await evaluateModel(model, reportData, evalOptions)).calibration as CalibrationPair;
    writeJsonAtomic(join(run.runDir, 'calibration.json'), { ...record, fitDataset: fitData.name });
    const stored = await loadCalibration(run.runDir, 'seg calibrate');
    const after = (await evaluateModel(model, reportData, { ...evalOptions, logitsTransform: stored?.transform }))
      .calibration as CalibrationPair;
    stored?.model?.dispose();
    writeJsonAtomic(join(run.runDir, 'calibration.json'), {
      ...record,
      fitDataset: fitData.name,
      report: { dataset: reportData.name, before, after },
    });
    const out: CalibrateRunResult = {
      runDir: run.runDir,
      method,
      temperature: record.temperature,
      fit: { dataset: fitData.name, nllBefore: record.nllBefore, nllAfter: record.nllAfter, pixels: record.pixels },
      report: { dataset: reportData.name, before, after },
    };
    writeFileAtomic(join(run.runDir, 'calibration.html'), calibrationReport(out));
    return out;
  } finally {
    disposeBatches(list);
    model.dispose();
  }
}

function calibrationReport(r: CalibrateRunResult): string {
  const row = (name: string, p: CalibrationPair) => [
    name,
    fmt(p.all.ece),
    fmt(p.foreground.ece),
    fmt(p.all.classwiseEce),
    fmt(p.foreground.classwiseEce),
    fmt(p.all.nll),
    fmt(p.all.brier),
  ];
  const table = htmlTable(
    ['', 'ECE', 'ECE fg', 'classwise ECE', 'classwise ECE fg', 'NLL', 'Brier'],
    [row('before', r.report.before), row('after', r.report.after)],
  );
  const diagrams = ['before', 'after']
    .map((k) => reliabilitySvg(r.report[k as 'before' | 'after'].all.reliability, { title: `${k}: all pixels` }))
    .join('');
  const what = r.method === 'temperature' ? `global temperature T = ${fmt(r.temperature)}` : 'local temperature network';
  return renderReport('seg calibrate', `${what}, fitted on ${r.fit.dataset}; measured on ${r.report.dataset} — ${r.runDir}`, [
    { title: 'Calibration before and after', html: `${table}<div class="row">${diagrams}</div>` },
  ]);
}
