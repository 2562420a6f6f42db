/**
 * Temperature scaling (Guo, Pleiss, Sun & Weinberger, "On Calibration of Modern Neural Networks", ICML 2017):
 * one scalar T > 0 divides every logit, p = softmax(z / T). T is fitted on held-out labelled data by minimising
 * the mean negative log-likelihood over the labeled pixels P (label ≠ ignoreIndex):
 *
 *   NLL(T) = (1/|P|) Σ_{i∈P} [ log Σ_k exp(z_ik / T) − z_{i,y_i} / T ]
 *
 * Dividing by T > 0 never changes the argmax, so segmentation accuracy is untouched; T > 1 softens over-confident
 * probabilities, T < 1 sharpens under-confident ones.
 *
 * Design: the fit runs in plain JavaScript on typed arrays (exact float64 sums, no tensors, no back-end
 * differences): read the validation logits back once (`await logits.data()`) and pass them as chunks. NLL is
 * convex in β = 1/T, hence unimodal in u = ln T, and we minimise it over u ∈ [ln T_lo, ln T_hi] with Brent's
 * bounded method ({@link minimizeBounded}) — ≈ 10–30 passes over the data, each O(|P|·C), to a relative
 * tolerance on T of `tol`. (Working on ln T makes the tolerance relative and treats T = 2 and T = 1/2 alike.)
 */
import { assertInteger, DEFAULT_IGNORE_INDEX, SegConfigError, SegInputError } from '@seg/core';
import * as tf from '@tensorflow/tfjs';
import { type MinimizeResult, minimizeBounded } from './brent.js';
import { type LabelsInput, type LogitsInput, nllSum, toLogitData } from './logit-data.js';

export interface TemperatureNllOptions {
  /** Label value that is skipped. Default 255. */
  ignoreIndex?: number;
  /** Classes C; default inferred as logits.length / labels.length. */
  numClasses?: number;
}

export interface FitTemperatureOptions extends TemperatureNllOptions {
  /** Search interval for T, 0 < lower < upper. Default [0.05, 20]. */
  bounds?: readonly [number, number];
  /** Absolute tolerance on ln T, i.e. ≈ relative tolerance on T. Default 1e-5. */
  tol?: number;
  /** Iteration cap of the optimizer. Default 100. */
  maxIterations?: number;
}

/** What {@link fitTemperature} found. JSON-serialisable. */
export interface TemperatureFit {
  method: 'temperature';
  /** The NLL-optimal temperature in `bounds`. */
  temperature: number;
  /** Mean NLL over the labeled pixels at T = 1 (the uncalibrated model). */
  nllBefore: number;
  /** Mean NLL at the fitted T (≤ nllBefore whenever 1 lies in `bounds`). */
  nllAfter: number;
  /** Brent iterations (each one pass over the data). */
  iterations: number;
  converged: boolean;
  /** Labeled pixels the fit used. */
  pixels: number;
  bounds: [number, number];
  /** 'lower' / 'upper' when T ended on a bound (widen `bounds`, or the data are degenerate), else 'none'. */
  atBound: MinimizeResult['atBound'];
}

/** Mean NLL of softmax(z / T) over the labeled pixels (see the module doc), computed exactly in float64. */
export function temperatureNll(logits: LogitsInput, labels: LabelsInput, temperature: number, options: TemperatureNllOptions = {}): number {
  const { ignoreIndex = DEFAULT_IGNORE_INDEX, numClasses } = options;
  if (!(Number.isFinite(temperature) && temperature > 0)) {
    throw new SegInputError({ fn: 'temperatureNll', arg: 'temperature', expected: 'a finite number > 0', got: String(temperature) });
  }
  const data = toLogitData('temperatureNll', logits, labels, ignoreIndex, numClasses);
  return nllSum(data, 1 / temperature, ignoreIndex) / data.count;
}

function checkBounds(bounds: unknown): [number, number] {
  const ok =
    Array.isArray(bounds) &&
    bounds.length === 2 &&
    bounds.every((b) => typeof b === 'number' && Number.isFinite(b)) &&
    bounds[0] > 0 &&
    bounds[0] < bounds[1];
  if (!ok) {
    throw new SegConfigError({
      fn: 'fitTemperature',
      arg: 'bounds',
      expected: '[lower, upper] with 0 < lower < upper, both finite',
      got: JSON.stringify(bounds),
      hint: 'The default [0.05, 20] suits almost every network',
    });
  }
  return [bounds[0], bounds[1]];
}

/** Fits the NLL-optimal global temperature on validation logits (see the module doc). */
export function fitTemperature(logits: LogitsInput, labels: LabelsInput, options: FitTemperatureOptions = {}): TemperatureFit {
  const { ignoreIndex = DEFAULT_IGNORE_INDEX, numClasses, bounds = [0.05, 20], tol = 1e-5, maxIterations = 100 } = options;
  assertInteger(ignoreIndex, 'fitTemperature', 'ignoreIndex');
  const [lower, upper] = checkBounds(bounds);
  const data = toLogitData('fitTemperature', logits, labels, ignoreIndex, numClasses);
  const meanNll = (lnT: number) => nllSum(data, Math.exp(-lnT), ignoreIndex) / data.count;
  const [lnLower, lnUpper] = [Math.log(lower), Math.log(upper)];
  const best = minimizeBounded(meanNll, lnLower, lnUpper, { tol, maxIterations }, 'fitTemperature');
  const temperature = best.x === lnLower ? lower : best.x === lnUpper ? upper : Math.exp(best.x);
  return {
    method: 'temperature',
    temperature,
    nllBefore: nllSum(data, 1, ignoreIndex) / data.count,
    nllAfter: nllSum(data, 1 / temperature, ignoreIndex) / data.count,
    iterations: best.iterations,
    converged: best.converged,
    pixels: data.count,
    bounds: [lower, upper],
    atBound: best.atBound,
  };
}

/** Calibrated logits z / T (feed them to softmax). One tf.tidy; the caller disposes the result. */
export function applyTemperature<T extends tf.Tensor>(logits: T, temperature: number): T {
  if (!(logits instanceof tf.Tensor)) {
    throw new SegInputError({ fn: 'applyTemperature', arg: 'logits', expected: 'a tf.Tensor of logits', got: typeof logits });
  }
  if (!(typeof temperature === 'number' && Number.isFinite(temperature) && temperature > 0)) {
    throw new SegInputError({
      fn: 'applyTemperature',
      arg: 'temperature',
      expected: 'a finite number > 0',
      got: String(temperature),
      hint: 'Use the temperature fitTemperature returned (calibration.json)',
    });
  }
  return tf.tidy(() => tf.div(logits, tf.scalar(temperature)) as T);
}
