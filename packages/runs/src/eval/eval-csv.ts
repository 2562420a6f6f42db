/** eval.csv: one row per case and class — Dice, IoU and (when computed) every boundary metric. */
import { BOUNDARY_FIELDS, type EvaluationResult } from '@seg/train';

const num = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? '' : String(v));

export function evalCsv(result: EvaluationResult, numClasses: number): string {
  const withBoundary = result.cases.some((c) => c.boundary !== undefined);
  const header = ['id', 'class', 'dice', 'iou', ...(withBoundary ? BOUNDARY_FIELDS : [])];
  const rows: string[] = [header.join(',')];
  for (const c of result.cases) {
    for (let k = 0; k < numClasses; k++) {
      const b = c.boundary?.[k];
      const extra = withBoundary ? BOUNDARY_FIELDS.map((f) => num(b?.[f])) : [];
      rows.push([JSON.stringify(c.id), k, num(c.dice[k]), num(c.iou[k]), ...extra].join(','));
    }
  }
  return `${rows.join('\n')}\n`;
}
