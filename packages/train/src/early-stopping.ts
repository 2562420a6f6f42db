/**
 * Watching one epoch metric: "did it improve?" (for saving the best model) and "has it stopped improving?"
 * (early stopping, Prechelt 1998; Keras `EarlyStopping` semantics).
 *
 * A value improves on the best so far when value > best + minDelta (mode 'max') or value < best − minDelta
 * ('min'); the first finite value always improves. NaN never improves. Every evaluation that does not improve
 * adds 1 to `wait`; training stops once `wait` reaches `patience`. The state is plain JSON (checkpointed).
 */
import { SegConfigError } from '@seg/core';

export type MonitorMode = 'min' | 'max';

/** The metric names the trainer writes per epoch: `loss`, `val_loss`, `val_dice`, `val_iou`, plus any step part. */
export type MonitorMetric = 'val_dice' | 'val_loss' | 'val_iou' | 'loss' | (string & {});

export interface EarlyStoppingOptions {
  metric: MonitorMetric;
  /** Default: 'max' for metrics containing dice, iou or acc, else 'min'. */
  mode?: MonitorMode;
  /** Evaluations without improvement before stopping (default 10). */
  patience?: number;
  /** Smallest change that counts as an improvement (default 0). */
  minDelta?: number;
}

export interface MonitorState {
  best: number | null;
  bestEpoch: number;
  wait: number;
  stopped: boolean;
}

/** 'max' for metrics where higher is better (dice, iou, accuracy), 'min' otherwise. */
export function defaultMode(metric: string): MonitorMode {
  return /dice|iou|acc/i.test(metric) ? 'max' : 'min';
}

export class MetricMonitor {
  readonly metric: string;
  readonly mode: MonitorMode;
  readonly patience: number;
  readonly minDelta: number;
  private s: MonitorState = { best: null, bestEpoch: -1, wait: 0, stopped: false };

  constructor(options: EarlyStoppingOptions) {
    const { metric, mode = defaultMode(metric), patience = 10, minDelta = 0 } = options;
    const problems: string[] = [];
    if (typeof metric !== 'string' || metric === '')
      problems.push(`'metric' must be a metric name such as 'val_dice', got ${JSON.stringify(metric)}`);
    if (mode !== 'min' && mode !== 'max') problems.push(`'mode' must be 'min' or 'max', got ${JSON.stringify(mode)}`);
    if (!(patience === Infinity || (Number.isInteger(patience) && patience >= 1)))
      problems.push(`'patience' must be an integer ≥ 1, got ${patience}`);
    if (!(Number.isFinite(minDelta) && minDelta >= 0)) problems.push(`'minDelta' must be a finite number ≥ 0, got ${minDelta}`);
    if (problems.length > 0)
      throw new SegConfigError({ fn: 'EarlyStopping', arg: 'options', detail: 'invalid early-stopping options', problems });
    this.metric = metric;
    this.mode = mode;
    this.patience = patience;
    this.minDelta = minDelta;
  }

  /** True when `value` beats the best so far by more than minDelta. */
  improves(value: number): boolean {
    if (Number.isNaN(value)) return false;
    const { best } = this.s;
    if (best === null) return true;
    return this.mode === 'max' ? value > best + this.minDelta : value < best - this.minDelta;
  }

  /** Records one evaluation; returns whether it improved and whether training should stop now. */
  update(epoch: number, value: number | undefined): { improved: boolean; stop: boolean } {
    if (value === undefined) return { improved: false, stop: this.s.stopped };
    const improved = this.improves(value);
    if (improved) this.s = { ...this.s, best: value, bestEpoch: epoch, wait: 0 };
    else this.s = { ...this.s, wait: this.s.wait + 1 };
    if (this.s.wait >= this.patience) this.s.stopped = true;
    return { improved, stop: this.s.stopped };
  }

  state(): MonitorState {
    return { ...this.s };
  }

  setState(state: MonitorState): void {
    this.s = { ...state };
  }
}
