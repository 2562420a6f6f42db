import { Flags } from '@oclif/core';
import { SegInputError } from '@seg/core';
import { BOUNDARY_FIELDS, type EvalRunResult, evalRun, METRIC_GROUPS, type MetricGroup } from '@seg/runs';
import { backendFlag, progressFlag, SegCommand } from '../lib/base-command.js';
import { fmt, table } from '../lib/format.js';

function parseSpacing(text: string | undefined): number[] | undefined {
  if (text === undefined) return undefined;
  const values = text.split(/[,x×]/).map(Number);
  if (values.some((v) => !(Number.isFinite(v) && v > 0))) {
    throw new SegInputError({
      fn: 'seg eval',
      arg: '--spacing',
      expected: 'positive numbers per axis, e.g. 1.5,1',
      got: JSON.stringify(text),
    });
  }
  return values;
}

export default class Eval extends SegCommand {
  static override summary =
    'Evaluate a trained run: overlap, boundary and calibration metrics per case and class; writes eval.json, eval.csv and report.html.';
  static override examples = [
    '<%= config.bin %> eval --run runs/nodules',
    '<%= config.bin %> eval --run runs/nodules --data ./test-scans --spacing 0.8,0.8 --hd95 maxOfDirected --json',
    '<%= config.bin %> eval --run runs/nodules --metrics overlap,calibration',
  ];

  static override flags = {
    run: Flags.directory({ summary: 'Run directory written by `seg train`.', required: true, exists: true }),
    data: Flags.string({ summary: "Data to evaluate on (default: the run's held-out test split)." }),
    split: Flags.option({ options: ['test', 'val', 'train'] as const, summary: 'Which split of the run data, without --data.' })(),
    metrics: Flags.option({
      options: METRIC_GROUPS,
      multiple: true,
      delimiter: ',',
      summary: 'Metric groups (default all; overlap always).',
    })(),
    spacing: Flags.string({ summary: 'Pixel size per axis (rows,cols) for distances, e.g. 0.8,0.8 (default 1,1).' }),
    tolerance: Flags.string({ summary: 'BF-score / surface Dice tolerance τ in spacing units (default 2 px).' }),
    hd95: Flags.option({
      options: ['pooled', 'maxOfDirected'] as const,
      summary: 'HD95 convention: pooled (medpy, default) or maxOfDirected (MONAI).',
    })(),
    assd: Flags.option({
      options: ['meanOfDirected', 'pooled'] as const,
      summary: 'ASSD convention: meanOfDirected (medpy, Chamfer; default) or pooled (MONAI).',
    })(),
    'distance-empty': Flags.option({
      options: ['nan', 'zero-one', 'diagonal'] as const,
      summary: 'Distance metrics for empty masks (default nan).',
    })(),
    bins: Flags.integer({ summary: 'Confidence bins for ECE and the reliability diagram (default 15).', min: 1 }),
    worst: Flags.integer({ summary: 'Worst cases shown as overlays in report.html (default 4).', min: 0 }),
    calibration: Flags.boolean({
      summary: "Apply the run's calibration.json (from seg calibrate) when it has one.",
      default: true,
      allowNo: true,
    }),
    'batch-size': Flags.integer({ summary: 'Inference batch size.', min: 1 }),
    backend: backendFlag(),
    progress: progressFlag(),
  };

  async run() {
    const { flags } = await this.parse(Eval);
    const tolerance = flags.tolerance === undefined ? undefined : Number(flags.tolerance);
    const result = await evalRun({
      run: flags.run,
      data: flags.data,
      split: flags.split,
      backend: flags.backend,
      batchSize: flags['batch-size'],
      metrics: flags.metrics as MetricGroup[] | undefined,
      boundary: { spacing: parseSpacing(flags.spacing), tolerance, hd95: flags.hd95, assd: flags.assd, empty: flags['distance-empty'] },
      bins: flags.bins,
      worst: flags.worst,
      calibrated: flags.calibration,
      ...this.hooks(flags.progress),
    });
    if (!this.jsonEnabled()) this.log(formatEval(result));
    return result;
  }
}

export function formatEval(result: EvalRunResult): string {
  const names = (c: number) => result.classNames[c] ?? `class ${c}`;
  const b = result.boundary;
  const header = ['class', 'dice', 'iou', ...(b ? ['hd95', 'assd', 'bf', 'nsd'] : [])];
  const rows = result.summary.dice.map((d, c) => [
    names(c),
    fmt(d.mean),
    fmt(result.summary.iou[c].mean),
    ...(b ? [fmt(b.hd95[c].mean, 2), fmt(b.assd[c].mean, 2), fmt(b.bfScore[c].mean), fmt(b.surfaceDice[c].mean)] : []),
  ]);
  const lines = [`${result.cases.length} cases from ${result.dataset} on ${result.backend}`, table(header, rows)];
  lines.push(
    `mean foreground Dice ${fmt(result.meanDice)} (per case), ${fmt(result.datasetDice)} (dataset); mean IoU ${fmt(result.meanIou)}; pixel accuracy ${fmt(result.pixelAccuracy)}`,
  );
  const cal = result.calibration;
  if (cal) {
    lines.push(
      `calibration: ECE ${fmt(cal.all.ece)} all / ${fmt(cal.foreground.ece)} foreground; classwise ECE ${fmt(cal.all.classwiseEce)} / ${fmt(cal.foreground.classwiseEce)}; NLL ${fmt(cal.all.nll)}; Brier ${fmt(cal.all.brier)}`,
    );
  }
  if (result.emptyCount > 0)
    lines.push(`${result.emptyCount} case/class pairs had an empty structure (NaN, excluded from means and counted here)`);
  const nanBoundary = b ? BOUNDARY_FIELDS.reduce((n, f) => n + b[f].reduce((m, s, k) => m + (k === 0 ? 0 : s.nanCount), 0), 0) : 0;
  if (nanBoundary > 0)
    lines.push(`${nanBoundary} boundary values were NaN (empty masks under --distance-empty nan) and left out of the means`);
  lines.push(`wrote ${result.runDir}/eval.json, eval.csv and report.html`);
  return lines.join('\n');
}
