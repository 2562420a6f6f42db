import { Flags } from '@oclif/core';
import { demoRun } from '@seg/runs';
import { backendFlag, progressFlag, SegCommand } from '../lib/base-command.js';
import { fmt } from '../lib/format.js';
import { formatEval } from './eval.js';

export default class Demo extends SegCommand {
  static override summary = 'Train → eval → calibrate a U-Net on synthetic nodule phantoms (a minute or two on a CPU).';
  static override examples = ['<%= config.bin %> demo', '<%= config.bin %> demo --backend cpu --epochs 4 --json'];

  static override flags = {
    'run-dir': Flags.directory({ summary: 'Where to write the demo run.', default: 'runs/demo' }),
    epochs: Flags.integer({ summary: 'Training epochs.', default: 12, min: 1 }),
    count: Flags.integer({ summary: 'Number of phantom images (train + val + test).', default: 160, min: 10 }),
    size: Flags.integer({ summary: 'Phantom image size in pixels (multiple of 8).', default: 64, min: 16 }),
    seed: Flags.integer({ summary: 'Seed for phantoms, split, initialisation and shuffling.', default: 1 }),
    backend: backendFlag(),
    progress: progressFlag(),
  };

  async run() {
    const { flags } = await this.parse(Demo);
    const result = await demoRun({
      runDir: flags['run-dir'],
      epochs: flags.epochs,
      count: flags.count,
      size: flags.size,
      seed: flags.seed,
      backend: flags.backend ?? 'auto',
      ...this.hooks(flags.progress),
    });
    if (!this.jsonEnabled()) {
      this.log(formatEval(result.eval));
      const c = result.calibrate;
      this.log(
        `calibrate: temperature T = ${fmt(c.temperature)}; held-out ECE ${fmt(c.report.before.all.ece)} → ${fmt(c.report.after.all.ece)}, foreground ECE ${fmt(c.report.before.foreground.ece)} → ${fmt(c.report.after.foreground.ece)}`,
      );
      this.log(
        `demo: held-out mean foreground Dice ${fmt(result.eval.meanDice)} after ${result.train.epochs} epochs on ${result.train.backend}`,
      );
    }
    return {
      runDir: result.train.runDir,
      backend: result.train.backend,
      epochs: result.train.epochs,
      meanDice: result.eval.meanDice,
      eval: result.eval,
      calibrate: result.calibrate,
    };
  }
}
