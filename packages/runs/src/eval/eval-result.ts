/** What `evalRun` takes and returns (eval.json holds the result). */
import type { BoundaryEvalOptions, EvaluationResult } from '@seg/train';

/** The boundary metrics eval.json and eval.csv hold per case and class (hd95, assd, …). */
export { BOUNDARY_FIELDS } from '@seg/train';

import type { RunHooks } from '../hooks.js';

export type EvalSplit = 'test' | 'val' | 'train';
export type MetricGroup = 'overlap' | 'boundary' | 'calibration';
export const METRIC_GROUPS: readonly MetricGroup[] = ['overlap', 'boundary', 'calibration'];

export interface EvalRunOptions extends RunHooks {
  run: string;
  /** A dataset spec or folder; default: the run's own held-out split. */
  data?: string;
  split?: EvalSplit;
  backend?: 'auto' | 'tensorflow' | 'wasm' | 'cpu';
  batchSize?: number;
  /** Metric groups to compute (default all); overlap (Dice, IoU) is always computed. */
  metrics?: readonly MetricGroup[];
  boundary?: BoundaryEvalOptions;
  bins?: number;
  /** Worst cases shown as overlays in the report (default 4). */
  worst?: number;
  /** Write eval.json / eval.csv / report.html into the run directory (default true). */
  write?: boolean;
  /** Apply the run's calibration.json when it has one (default true). */
  calibrated?: boolean;
}

export interface EvalRunResult extends Omit<EvaluationResult, 'worst'> {
  runDir: string;
  dataset: string;
  backend: string;
  classNames: string[];
  /** Ids of the worst cases (their images are in the report). */
  worst: { id: string; meanDice: number }[];
  /** The post-hoc calibration applied to the logits, if any. */
  calibratedWith?: string;
}
