/**
 * Switching losses by epoch, as in the DMC paper (Li, Yu & Zhang): pre-train with cross-entropy for k epochs, then
 * train with the margin-calibrated loss. A schedule is a pure function of the 0-based epoch, so a resumed run picks the
 * same loss as an uninterrupted one.
 */
import { SegConfigError } from '@seg/core';
import type { SegLoss } from '@seg/margin';

/** One phase: `loss` is used from 0-based epoch `from` until the next phase starts. */
export interface LossPhase {
  from: number;
  loss: SegLoss;
}

export interface LossSchedule {
  readonly kind: 'loss-schedule';
  readonly phases: readonly LossPhase[];
  /** The loss of a 0-based epoch. */
  at(epoch: number): SegLoss;
  /** The index of the phase of a 0-based epoch (logged as `loss_phase`). */
  phaseAt(epoch: number): number;
}

/**
 * `lossSchedule([{ from: 0, loss: crossEntropy() }, { from: 10, loss: dmc(...) }])`. Phases must start at epoch 0
 * and be strictly increasing; every problem is listed at once.
 */
export function lossSchedule(phases: readonly LossPhase[]): LossSchedule {
  const problems: string[] = [];
  if (!Array.isArray(phases) || phases.length === 0) problems.push('at least one phase { from, loss } is needed');
  else {
    if (phases[0].from !== 0) problems.push(`the first phase must start at epoch 0, got ${phases[0].from}`);
    phases.forEach((p, i) => {
      if (!Number.isInteger(p.from) || p.from < 0) problems.push(`phase ${i}: 'from' must be an integer ≥ 0, got ${p.from}`);
      if (typeof p.loss !== 'function') problems.push(`phase ${i}: 'loss' must be a SegLoss`);
      if (i > 0 && !(p.from > phases[i - 1].from))
        problems.push(`phase ${i}: 'from' (${p.from}) must be after phase ${i - 1} (${phases[i - 1].from})`);
    });
  }
  if (problems.length > 0) throw new SegConfigError({ fn: 'lossSchedule', arg: 'phases', detail: 'invalid loss schedule', problems });
  const sorted = [...phases];
  return {
    kind: 'loss-schedule',
    phases: sorted,
    at(epoch: number): SegLoss {
      return sorted[this.phaseAt(epoch)].loss;
    },
    phaseAt(epoch: number): number {
      let index = 0;
      sorted.forEach((p, i) => {
        if (epoch >= p.from) index = i;
      });
      return index;
    },
  };
}

/** Pre-train with `first` for `epochs` epochs, then use `then` (the DMC paper's recipe). */
export function pretrainThen(first: SegLoss, epochs: number, then: SegLoss): LossSchedule {
  return epochs === 0
    ? lossSchedule([{ from: 0, loss: then }])
    : lossSchedule([
        { from: 0, loss: first },
        { from: epochs, loss: then },
      ]);
}

export function isLossSchedule(value: unknown): value is LossSchedule {
  return typeof value === 'object' && value !== null && (value as LossSchedule).kind === 'loss-schedule';
}
