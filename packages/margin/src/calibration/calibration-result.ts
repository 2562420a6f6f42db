/**
 * The record a run keeps of its post-hoc calibration (`runs/<name>/calibration.json`), how to build it from a fit,
 * how to read it back (checked), and how to apply it to new logits. A local-temperature network is stored next to
 * it as a tfjs model directory (`saveModel(fit.model, 'runs/<name>/calibration')` from `@seg/train`); the record
 * names that directory relative to the run. Callers may add fields (e.g. ECE before/after) by extending the type.
 */
import { SegConfigError, SegInputError } from '@seg/core';
import type * as tf from '@tensorflow/tfjs';
import type { LocalTemperatureFit } from './local-temperature.js';
import { applyLocalTemperature } from './local-temperature-apply.js';
import type { TemperatureFit } from './temperature-scaling.js';
import { applyTemperature } from './temperature-scaling.js';

export type CalibrationMethod = 'temperature' | 'local-temperature';
export const CALIBRATION_METHODS: readonly CalibrationMethod[] = ['temperature', 'local-temperature'];

export interface CalibrationResult {
  method: CalibrationMethod;
  /** The global temperature (method 'temperature'). */
  temperature?: number;
  /** Mean NLL over the labeled validation pixels before (T = 1) and after calibration. */
  nllBefore: number;
  nllAfter: number;
  /** Labeled validation pixels used. */
  pixels: number;
  /** Method 'temperature': the optimizer's record. */
  search?: Pick<TemperatureFit, 'bounds' | 'iterations' | 'converged' | 'atBound'>;
  /** Method 'local-temperature': where the network is stored and how it was trained. */
  local?: Pick<LocalTemperatureFit, 'config' | 'steps' | 'history' | 'temperatureRange'> & {
    /** The network's model directory, relative to the run directory. */
    modelDir: string;
  };
}

/** The JSON record of a fit; `modelDir` (default 'calibration') is where the caller saves a local network. */
export function calibrationResult(fit: TemperatureFit | LocalTemperatureFit, options: { modelDir?: string } = {}): CalibrationResult {
  const { modelDir = 'calibration' } = options;
  const { nllBefore, nllAfter, pixels } = fit;
  if (fit.method === 'temperature') {
    const { temperature, bounds, iterations, converged, atBound } = fit;
    return { method: 'temperature', temperature, nllBefore, nllAfter, pixels, search: { bounds, iterations, converged, atBound } };
  }
  const { config, steps, history, temperatureRange } = fit;
  return { method: 'local-temperature', nllBefore, nllAfter, pixels, local: { modelDir, config, steps, history, temperatureRange } };
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Checks a parsed calibration.json; every problem is listed in one SegConfigError naming `source`. */
export function parseCalibrationResult(value: unknown, source = 'calibration.json'): CalibrationResult {
  const problems: string[] = [];
  const r = (typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {}) as Record<string, unknown>;
  if (r !== value) problems.push('the file must hold a JSON object');
  if (!CALIBRATION_METHODS.includes(r.method as CalibrationMethod)) {
    problems.push(`'method' must be one of ${CALIBRATION_METHODS.map((m) => `'${m}'`).join(', ')}, got ${JSON.stringify(r.method)}`);
  }
  for (const key of ['nllBefore', 'nllAfter', 'pixels'])
    if (!isNumber(r[key])) problems.push(`'${key}' must be a finite number, got ${JSON.stringify(r[key])}`);
  if (r.method === 'temperature' && !(isNumber(r.temperature) && r.temperature > 0)) {
    problems.push(`'temperature' must be a finite number > 0, got ${JSON.stringify(r.temperature)}`);
  }
  const local = r.local as Record<string, unknown> | undefined;
  if (r.method === 'local-temperature' && !(typeof local?.modelDir === 'string' && local.modelDir.length > 0)) {
    problems.push(`'local.modelDir' must name the directory of the temperature network, got ${JSON.stringify(local?.modelDir)}`);
  }
  if (problems.length > 0) {
    throw new SegConfigError({
      fn: 'parseCalibrationResult',
      arg: source,
      detail: `${source} is not a valid calibration record`,
      problems,
    });
  }
  return r as unknown as CalibrationResult;
}

/**
 * Calibrated logits for a stored calibration: z / T, or z / T(x) with the loaded local network (`model`, plus
 * `images` if it was fitted with inputs 'logits+image'). One tf.tidy; the caller disposes the result.
 */
export function applyCalibration(
  calibration: CalibrationResult,
  logits: tf.Tensor4D,
  options: { model?: tf.LayersModel; images?: tf.Tensor4D } = {},
): tf.Tensor4D {
  if (calibration.method === 'temperature') return applyTemperature(logits, calibration.temperature as number);
  if (options.model === undefined) {
    throw new SegInputError({
      fn: 'applyCalibration',
      arg: 'model',
      expected: 'the local-temperature network',
      got: 'undefined',
      hint: `Load it with loadModel(<run>/${calibration.local?.modelDir ?? 'calibration'}) from @seg/train`,
    });
  }
  return applyLocalTemperature(options.model, logits, options.images);
}
