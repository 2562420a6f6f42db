/**
 * The training loop. Each epoch: shuffled (and augmented) batches from `@seg/data` drawn with the trainer's own
 * seeded {@link Rng}, one `TrainStep.step` per batch with the scheduled learning rates, a JSONL line per step;
 * then validation (val loss, val Dice), the best segmentor saved to `runDir/model/` when the monitored metric
 * improves, early stopping, callbacks, and a checkpoint of everything in `runDir/checkpoint/`.
 *
 * Determinism: with the same seed, backend and options, a run interrupted after any epoch and resumed with
 * `resume: true` (fresh models from the same config, fresh optimizers) ends with bit-identical weights. This
 * needs every random draw to come from seeded generators: tfjs `Dropout` layers draw from tfjs's global,
 * unseeded generator, so models with dropout > 0 resume equivalently but not bit for bit.
 */
import { join } from 'node:path';
import { Rng, SegConfigError } from '@seg/core';
import { numBatches } from '@seg/data';
import { applyCheckpoint, disposeCheckpoint, loadCheckpoint, saveCheckpoint } from './checkpoint.js';
import { MetricMonitor } from './early-stopping.js';
import type { BestEpoch, EpochRecord, TrainResult } from './history.js';
import { JsonlLog } from './log.js';
import { saveModel } from './model-io.js';
import { getLearningRate } from './optimizers.js';
import { formatValue, Progress } from './progress.js';
import { lrFields, type TrainPass, trainEpoch, validateEpoch } from './trainer-epoch.js';
import { checkTrainerOptions, resolveMonitor, type TrainerOptions } from './trainer-options.js';
import type { TrainerState } from './trainer-state.js';

export type { TrainerOptions } from './trainer-options.js';

export class Trainer {
  readonly options: TrainerOptions;
  private readonly rng: Rng;
  private readonly stepRng: Rng;
  private readonly monitor: MetricMonitor;
  private readonly earlyStopping: MetricMonitor | undefined;
  private readonly jsonl: JsonlLog;
  private readonly say: (line: string) => void;
  private epoch = 0;
  private globalStep = 0;
  private history: EpochRecord[] = [];
  private best: BestEpoch | null = null;
  private stopRequested = false;

  constructor(options: TrainerOptions) {
    checkTrainerOptions(options);
    this.options = options;
    this.rng = new Rng(options.seed);
    this.stepRng = new Rng(options.seed).fork('step');
    this.monitor = new MetricMonitor({ ...resolveMonitor(options), patience: Infinity });
    this.earlyStopping = options.earlyStopping ? new MetricMonitor(options.earlyStopping) : undefined;
    this.jsonl = new JsonlLog(options.runDir === undefined ? undefined : join(options.runDir, 'log.jsonl'));
    this.say = options.log ?? ((line) => process.stderr.write(`${line}\n`));
  }

  /** Ends training after the current epoch (its checkpoint is still written). */
  stop(): void {
    this.stopRequested = true;
  }

  /** Trains until `epochs` epochs are done, early stopping fires, or `stop()` is called. */
  async fit(): Promise<TrainResult> {
    const o = this.options;
    if (o.resume) await this.restore();
    this.jsonl.write({
      type: 'start',
      step: o.step.name,
      epoch: this.epoch,
      epochs: o.epochs,
      batchSize: o.batchSize,
      seed: o.seed,
      resumed: o.resume === true && this.epoch > 0,
    });
    const stepsPerEpoch = numBatches(o.train.size, o.batchSize, o.dropLast ?? false);
    const progress = new Progress(o.progress ?? 'auto', this.say);
    while (this.epoch < o.epochs && !this.stopRequested && !this.earlyStopping?.state().stopped) {
      const t0 = performance.now();
      const trained = await trainEpoch(this.pass(stepsPerEpoch, progress));
      this.globalStep = trained.globalStep;
      const record: EpochRecord = {
        epoch: this.epoch,
        globalStep: this.globalStep,
        lr: Number.NaN,
        ...lrFields(trained.lrs),
        ...trained.means,
        ms: 0,
      };
      if (o.val && this.evaluatesAt(this.epoch))
        Object.assign(record, await validateEpoch(o.step, o.val, o.batchSize, o.numClasses ?? o.train.numClasses));
      const improved = await this.updateMonitors(record);
      record.ms = Math.round(performance.now() - t0);
      this.history.push(record);
      this.jsonl.write({ type: 'epoch', ...record });
      this.say(this.summary(record, improved));
      for (const cb of o.callbacks ?? []) await cb.onEpochEnd?.({ epoch: this.epoch, record, improved, stop: () => this.stop() });
      this.epoch++;
      if (o.runDir !== undefined) await saveCheckpoint(join(o.runDir, 'checkpoint'), o.step, this.state());
    }
    const stoppedEarly = this.epoch < o.epochs;
    const result: TrainResult = { epochs: this.epoch, history: [...this.history], best: this.best, stoppedEarly };
    this.jsonl.write({ type: 'end', epochs: this.epoch, stoppedEarly, best: this.best });
    for (const cb of o.callbacks ?? []) await cb.onTrainEnd?.(result);
    return result;
  }

  /** Everything one training pass over the data needs. */
  private pass(stepsPerEpoch: number, progress: Progress): TrainPass {
    const o = this.options;
    return {
      step: o.step,
      train: o.train,
      numClasses: o.numClasses ?? o.train.numClasses,
      batchSize: o.batchSize,
      augment: o.augment,
      dropLast: o.dropLast ?? false,
      schedule: o.schedule,
      rng: this.rng,
      stepRng: this.stepRng,
      epoch: this.epoch,
      epochs: o.epochs,
      stepsPerEpoch,
      globalStep: this.globalStep,
      jsonl: this.jsonl,
      progress,
      callbacks: o.callbacks ?? [],
      stop: () => this.stop(),
    };
  }

  private evaluatesAt(epoch: number): boolean {
    const every = this.options.evaluateEvery ?? 1;
    return (epoch + 1) % every === 0 || epoch + 1 === this.options.epochs;
  }

  /** Best-model monitor and early stopping; saves the best segmentor. Returns whether the monitored metric improved. */
  private async updateMonitors(record: EpochRecord): Promise<boolean> {
    const metric = this.monitor.metric;
    const evaluated = 'val_dice' in record || !metric.startsWith('val_');
    if (evaluated && !(metric in record)) {
      throw new SegConfigError({
        fn: 'Trainer',
        arg: 'monitor',
        expected: `a metric the trainer reports (${Object.keys(record).join(', ')})`,
        got: JSON.stringify(metric),
        hint: 'Pick one of the listed names (val_* need a validation set)',
      });
    }
    const { improved } = this.monitor.update(record.epoch, record[metric]);
    if (improved) {
      this.best = { epoch: record.epoch, metric, value: record[metric] };
      if (this.options.runDir !== undefined) await saveModel(this.options.step.models().segmentor, join(this.options.runDir, 'model'));
    }
    this.earlyStopping?.update(record.epoch, record[this.earlyStopping.metric]);
    return improved;
  }

  private summary(record: EpochRecord, improved: boolean): string {
    const skip = new Set(['epoch', 'globalStep', 'ms']);
    const parts = Object.entries(record)
      .filter(([k]) => !skip.has(k))
      .map(([k, v]) => `${k} ${formatValue(v)}`);
    const flags = `${improved ? ' (best)' : ''}${this.earlyStopping?.state().stopped ? ' — early stopping' : ''}`;
    return `epoch ${record.epoch + 1}/${this.options.epochs} ${parts.join(' ')} ${(record.ms / 1000).toFixed(1)}s${flags}`;
  }

  private state(): TrainerState {
    const lrs = Object.fromEntries(Object.entries(this.options.step.optimizers()).map(([k, opt]) => [k, getLearningRate(opt)]));
    return {
      version: 1,
      stepName: this.options.step.name,
      epoch: this.epoch,
      globalStep: this.globalStep,
      rng: this.rng.state(),
      stepRng: this.stepRng.state(),
      monitor: this.monitor.state(),
      earlyStopping: this.earlyStopping?.state() ?? null,
      best: this.best,
      history: this.history,
      learningRates: lrs,
    };
  }

  /** Restores models, optimizers and trainer state from runDir/checkpoint (or .old); no checkpoint → fresh start. */
  private async restore(): Promise<void> {
    const dir = join(this.options.runDir as string, 'checkpoint');
    const loaded = await loadCheckpoint(dir, this.options.step);
    if (loaded === undefined) {
      this.say(`no checkpoint in ${dir}; starting from epoch 1`);
      return;
    }
    try {
      await applyCheckpoint(loaded, this.options.step);
      const s = loaded.state;
      this.applyState(s);
      this.say(`resumed from ${loaded.dir} after epoch ${s.epoch} (global step ${s.globalStep})`);
      this.jsonl.write({ type: 'resume', from: loaded.dir, epoch: s.epoch, globalStep: s.globalStep });
    } finally {
      disposeCheckpoint(loaded);
    }
  }

  private applyState(s: TrainerState): void {
    this.epoch = s.epoch;
    this.globalStep = s.globalStep;
    this.rng.setState(s.rng);
    this.stepRng.setState(s.stepRng);
    this.monitor.setState(s.monitor);
    if (this.earlyStopping && s.earlyStopping) this.earlyStopping.setState(s.earlyStopping);
    this.best = s.best;
    this.history = s.history;
  }
}
