/** What training reports: one record per epoch, the best epoch, and the result of `Trainer.fit()`. */

/**
 * One epoch: `epoch` (0-based), `globalStep` after it, learning rates at its last step, the mean of every value
 * the TrainStep returned (`loss`, parts), validation metrics when it was evaluated (`val_loss`, `val_dice`,
 * `val_iou`, `val_<part>`), and `ms` (wall time including validation).
 */
export interface EpochRecord {
  epoch: number;
  globalStep: number;
  lr: number;
  ms: number;
  [metric: string]: number;
}

export interface BestEpoch {
  epoch: number;
  metric: string;
  value: number;
}

export interface TrainResult {
  /** Epochs completed (including those done before a resume). */
  epochs: number;
  history: EpochRecord[];
  /** Best epoch of the monitored metric (null when it was never evaluated). */
  best: BestEpoch | null;
  stoppedEarly: boolean;
}
