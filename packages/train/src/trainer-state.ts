/** The trainer's own state, saved as `state.json` in every checkpoint (plain JSON; non-finite numbers kept). */
import type { RngState } from '@seg/core';
import type { MonitorState } from './early-stopping.js';
import type { BestEpoch, EpochRecord } from './history.js';

export interface TrainerState {
  version: 1;
  /** The TrainStep's name: resuming with another scheme is refused. */
  stepName: string;
  /** Epochs completed = the 0-based epoch to run next. */
  epoch: number;
  globalStep: number;
  /** Data order / augmentation generator and the generator handed to steps. */
  rng: RngState;
  stepRng: RngState;
  monitor: MonitorState;
  earlyStopping: MonitorState | null;
  best: BestEpoch | null;
  history: EpochRecord[];
  /** Each optimizer's learning rate when the checkpoint was written. */
  learningRates: Record<string, number>;
}

const NON_FINITE: Record<string, number> = { NaN: Number.NaN, Infinity: Number.POSITIVE_INFINITY, '-Infinity': Number.NEGATIVE_INFINITY };

/** JSON with NaN/±Infinity written as the strings "NaN", "Infinity", "-Infinity" (JSON itself would write null). */
export function stringifyState(state: TrainerState): string {
  return JSON.stringify(state, (_key, value) => (typeof value === 'number' && !Number.isFinite(value) ? String(value) : value));
}

/** Undoes {@link stringifyState}'s encoding of non-finite numbers, in place; returns the value. */
export function reviveState(value: unknown): unknown {
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      value[i] = typeof v === 'string' && v in NON_FINITE ? NON_FINITE[v] : reviveState(v);
    });
  } else if (typeof value === 'object' && value !== null) {
    const o = value as Record<string, unknown>;
    for (const [k, v] of Object.entries(o)) o[k] = typeof v === 'string' && v in NON_FINITE ? NON_FINITE[v] : reviveState(v);
  }
  return value;
}
