import { Flags } from '@oclif/core';
import { backendFlag, progressFlag, SegCommand } from '../lib/base-command.js';
import { fmt, table } from '../lib/format.js';
import { type EvalRunResult, evalRun } from '../lib/run-eval.js';

export default class Eval extends SegCommand {
  static override summary = 'Evaluate a trained run: Dice and IoU per case and class; writes eval.json and eval.csv into the run.';
  static override examples = [
    '<%= config.bin %> eval --run runs/nodules',
    '<%= config.bin %> eval --run runs/nodules --data ./test-scans --json',
  ];

  static override flags = {
    run: Flags.directory({ summary: 'Run directory written by `seg train`.', required: true, exists: true }),
    data: Flags.string({ summary: "Data to evaluate on (default: the run's held-out test split)." }),
    split: Flags.option({ options: ['test', 'val', 'train'] as const, summary: 'Which split of the run data, without --data.' })(),
    'batch-size': Flags.integer({ summary: 'Inference batch size.', min: 1 }),
    backend: backendFlag(),
    progress: progressFlag(),
  };

  async run() {
    const { flags } = await this.parse(Eval);
    const result = await evalRun({
      run: flags.run,
      data: flags.data,
      split: flags.split,
      backend: flags.backend,
      batchSize: flags['batch-size'],
      ...this.hooks(flags.progress),
    });
    if (!this.jsonEnabled()) this.log(formatEval(result));
    return result;
  }
}

export function formatEval(result: EvalRunResult): string {
  const names = (c: number) => result.classNames[c] ?? `class ${c}`;
  const rows = result.perClass.dice.map((d, c) => [names(c), fmt(d), fmt(result.perClass.iou[c])]);
  return [
    `${result.cases.length} cases from ${result.dataset} on ${result.backend}`,
    table(['class', 'dice', 'iou'], rows),
    `mean foreground Dice ${fmt(result.meanDice)} (per case), ${fmt(result.datasetDice)} (dataset); mean IoU ${fmt(result.meanIou)}; pixel accuracy ${fmt(result.pixelAccuracy)}`,
    result.emptyCount > 0 ? `${result.emptyCount} case/class pairs had an empty structure (NaN, excluded from means and counted here)` : '',
    `wrote ${result.runDir}/eval.json and eval.csv`,
  ]
    .filter(Boolean)
    .join('\n');
}
