/** report.html of `seg eval`: summary tables, reliability diagrams, training curves and the worst cases. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Summary } from '@seg/metrics';
import type { WorstCase } from '@seg/train';
import { fmt } from '../format.js';
import { htmlTable, type ReportSection, renderReport } from '../report/html.js';
import { overlayDataUri } from '../report/overlay.js';
import { lineChartSvg, reliabilitySvg, type Series } from '../report/svg.js';
import type { StoredRun } from '../stored-run.js';
import type { EvalRunResult } from './eval-result.js';

const cell = (s: Summary | undefined) =>
  s === undefined || s.count === 0 ? 'n/a' : `${fmt(s.mean, 3)} ± ${fmt(s.sd, 3)}${s.nanCount ? ` (${s.nanCount} empty)` : ''}`;

function className(result: EvalRunResult, k: number): string {
  return result.classNames[k] ?? `class ${k}`;
}

function overlapSection(result: EvalRunResult): ReportSection {
  const b = result.boundary;
  const header = ['class', 'Dice', 'IoU', ...(b ? ['HD95', 'ASSD', 'BF-score', 'surface Dice'] : [])];
  const rows = result.summary.dice.map((d, k) => [
    className(result, k),
    cell(d),
    cell(result.summary.iou[k]),
    ...(b ? [cell(b.hd95[k]), cell(b.assd[k]), cell(b.bfScore[k]), cell(b.surfaceDice[k])] : []),
  ]);
  const note = `<p>Mean ± sd over ${result.cases.length} cases (median and counts in eval.json). Mean foreground Dice ${fmt(result.meanDice)} per case, ${fmt(result.datasetDice)} dataset-level; pixel accuracy ${fmt(result.pixelAccuracy)}.${b ? ' Distances in pixel units × spacing; background distances are not computed.' : ''}</p>`;
  return { title: 'Overlap and boundary metrics', html: htmlTable(header, rows) + note };
}

function calibrationSection(result: EvalRunResult): ReportSection | undefined {
  const c = result.calibration;
  if (!c) return undefined;
  const names = ['ECE', 'classwise ECE', 'MCE', 'MMCL', 'NLL', 'Brier'] as const;
  const values = (r: typeof c.all) => [r.ece, r.classwiseEce, r.mce, r.mmcl, r.nll, r.brier].map((v) => fmt(v));
  const table = htmlTable(
    ['pixels', ...names, 'count'],
    [
      ['all', ...values(c.all), String(c.all.count)],
      ['foreground (truth ≠ 0)', ...values(c.foreground), String(c.foreground.count)],
    ],
  );
  const diagrams = `<div class="row">${reliabilitySvg(c.all.reliability, { title: 'all pixels' })}${reliabilitySvg(c.foreground.reliability, { title: 'foreground pixels' })}</div>`;
  return {
    title: 'Calibration',
    html: `${table}${diagrams}<p>Bars: accuracy per confidence bin (lo, hi]; red: gap to the bin's mean confidence; grey: pixel counts.</p>`,
  };
}

function curvesSection(runDir: string): ReportSection | undefined {
  const path = join(runDir, 'log.jsonl');
  if (!existsSync(path)) return undefined;
  const epochs = readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.includes('"type":"epoch"'))
    .map((l) => JSON.parse(l) as Record<string, number>);
  if (epochs.length === 0) return undefined;
  const series = (key: string): Series => ({
    name: key,
    points: epochs.map((e) => [e.epoch + 1, e[key] ?? Number.NaN] as [number, number]),
  });
  const losses = ['loss', 'val_loss'].filter((k) => epochs.some((e) => typeof e[k] === 'number')).map(series);
  const scores = ['val_dice', 'val_iou'].filter((k) => epochs.some((e) => typeof e[k] === 'number')).map(series);
  const charts = [lineChartSvg(losses, { title: 'loss', xLabel: 'epoch', yLabel: 'loss' })];
  if (scores.length > 0) charts.push(lineChartSvg(scores, { title: 'validation', xLabel: 'epoch', yLabel: 'score' }));
  return { title: 'Training', html: `<div class="row">${charts.join('')}</div>` };
}

function worstSection(worst: readonly WorstCase[]): ReportSection | undefined {
  if (worst.length === 0) return undefined;
  const figures = worst.map(
    (c) =>
      `<figure><img src="${overlayDataUri(c.image, c.truth, c.pred)}" alt="${c.id}"><figcaption>${c.id}: Dice ${fmt(c.meanDice, 3)}</figcaption></figure>`,
  );
  return {
    title: `Worst ${worst.length} cases`,
    html: `<div class="row">${figures.join('')}</div><p>Green: ground-truth boundary; red: predicted boundary; yellow: both.</p>`,
  };
}

export function evalReport(run: StoredRun, result: EvalRunResult, worst: readonly WorstCase[]): string {
  const sections = [overlapSection(result), calibrationSection(result), curvesSection(run.runDir), worstSection(worst)].filter(
    (s): s is ReportSection => s !== undefined,
  );
  return renderReport(
    `seg eval: ${run.config.name}`,
    `${result.cases.length} cases of ${result.dataset} on ${result.backend} — ${run.runDir}`,
    sections,
  );
}
