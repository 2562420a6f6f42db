/**
 * Learning-rate schedules: pure functions `(epoch, step, stepsPerEpoch) => lr` of the 0-based epoch and the 0-based
 * step within it, so they carry no state and a resumed run gets the same rates. Poly and cyclical use the
 * fractional epoch t = epoch + step / stepsPerEpoch (updated every step); 'step' changes only at epoch boundaries.
 *
 * - constant: lr.
 * - step (PyTorch StepLR): lr · γ^⌊epoch / every⌋.
 * - poly (DeepLab, Chen et al. 2018): minLr + (lr − minLr) · (1 − t/T)^power, T = `epochs`; t ≥ T gives minLr.
 * - cyclical, triangular (Smith, "Cyclical Learning Rates", WACV 2017): starts at `base`, rises linearly to `max`
 *   at half a period, falls back to `base` at a full period: base + (max − base) · (1 − |2·frac(t/period) − 1|).
 *   Valvano et al. (AAG scribble supervision) oscillate between 1e-5 and 1e-4 with a period of 20 epochs.
 */
import { SegConfigError } from '@seg/core';

export type Schedule = (epoch: number, step: number, stepsPerEpoch: number) => number;

export type ScheduleOptions =
  | { name: 'constant'; lr: number }
  | { name: 'step'; lr: number; every: number; gamma?: number }
  | { name: 'poly'; lr: number; epochs: number; power?: number; minLr?: number }
  | { name: 'cyclical'; base: number; max: number; period: number };

export type ScheduleName = ScheduleOptions['name'];
export const SCHEDULE_NAMES: readonly ScheduleName[] = ['constant', 'step', 'poly', 'cyclical'];

function positive(problems: string[], key: string, value: unknown, allowZero = false): void {
  const ok = typeof value === 'number' && Number.isFinite(value) && (allowZero ? value >= 0 : value > 0);
  if (!ok) problems.push(`'${key}' must be a finite number ${allowZero ? '≥' : '>'} 0, got ${JSON.stringify(value)}`);
}

function checkSchedule(options: ScheduleOptions): string[] {
  const problems: string[] = [];
  const o = options as Record<string, unknown>;
  switch (options.name) {
    case 'constant':
      positive(problems, 'lr', o.lr);
      break;
    case 'step':
      positive(problems, 'lr', o.lr);
      positive(problems, 'every', o.every);
      if (o.gamma !== undefined) positive(problems, 'gamma', o.gamma);
      break;
    case 'poly':
      positive(problems, 'lr', o.lr);
      positive(problems, 'epochs', o.epochs);
      if (o.power !== undefined) positive(problems, 'power', o.power);
      if (o.minLr !== undefined) positive(problems, 'minLr', o.minLr, true);
      break;
    case 'cyclical':
      positive(problems, 'base', o.base);
      positive(problems, 'max', o.max);
      positive(problems, 'period', o.period);
      if (typeof o.base === 'number' && typeof o.max === 'number' && o.base > o.max)
        problems.push(`'base' (${o.base}) must be ≤ 'max' (${o.max})`);
      break;
    default:
      problems.push(`'name' must be one of ${SCHEDULE_NAMES.join(', ')}, got ${JSON.stringify(o.name)}`);
  }
  return problems;
}

/** Builds a schedule; every invalid option is listed in one SegConfigError. */
export function createSchedule(options: ScheduleOptions): Schedule {
  const problems = checkSchedule(options);
  if (problems.length > 0) throw new SegConfigError({ fn: 'createSchedule', arg: 'options', detail: 'invalid schedule options', problems });
  const at = (epoch: number, step: number, stepsPerEpoch: number) => epoch + (stepsPerEpoch > 0 ? step / stepsPerEpoch : 0);
  switch (options.name) {
    case 'constant': {
      const { lr } = options;
      return () => lr;
    }
    case 'step': {
      const { lr, every, gamma = 0.1 } = options;
      return (epoch) => lr * gamma ** Math.floor(epoch / every);
    }
    case 'poly': {
      const { lr, epochs, power = 0.9, minLr = 0 } = options;
      return (epoch, step, n) => minLr + (lr - minLr) * Math.max(0, 1 - at(epoch, step, n) / epochs) ** power;
    }
    default: {
      const { base, max, period } = options;
      return (epoch, step, n) => {
        const cycle = at(epoch, step, n) / period;
        const frac = cycle - Math.floor(cycle);
        return base + (max - base) * (1 - Math.abs(2 * frac - 1));
      };
    }
  }
}
