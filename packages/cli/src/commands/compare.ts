import { Flags } from '@oclif/core';
import { COMPARE_METRICS, type CompareMetric, compareRuns } from '@seg/runs';
import { SegCommand } from '../lib/base-command.js';
import { fmt, table } from '../lib/format.js';

export default class Compare extends SegCommand {
  static override summary =
    'Rank evaluated runs (per metric, sum-rank, mean-case-rank) and test each against the best (Wilcoxon signed-rank).';
  static override examples = [
    '<%= config.bin %> compare --run runs/ce --run runs/ls --run runs/mbls',
    '<%= config.bin %> compare --run runs/ce --run runs/dmc --metrics dice,iou --json',
  ];

  static override flags = {
    run: Flags.directory({
      summary: 'A run with eval.json (repeat for each method; all evaluated on the same cases).',
      required: true,
      multiple: true,
      exists: true,
    }),
    metrics: Flags.option({
      options: Object.keys(COMPARE_METRICS) as CompareMetric[],
      multiple: true,
      delimiter: ',',
      summary: 'Per-case metrics to compare (default all available).',
    })(),
  };

  async run() {
    const { flags } = await this.parse(Compare);
    const r = compareRuns(flags.run, { metrics: flags.metrics as CompareMetric[] | undefined });
    if (!this.jsonEnabled()) {
      this.log(`${r.methods.length} methods on ${r.cases} cases (per-case foreground-class means)`);
      const rows = r.methods.map((m) => [
        m,
        ...r.metrics.map((k) => fmt(r.means[k][m])),
        fmt(r.sumRank.rank[m], 1),
        fmt(r.meanCaseRank.score[m], 2),
      ]);
      this.log(table(['method', ...r.metrics, 'sum-rank', 'mean case rank'], rows));
      for (const k of r.metrics) {
        const tests = Object.entries(r.wilcoxon[k]).map(
          ([m, w]) => `${m} vs ${w.against}: p = ${fmt(w.pValue, 4)} (${w.method}, n = ${w.n})`,
        );
        if (tests.length > 0) this.log(`${k}: ${tests.join('; ')}`);
      }
    }
    return r;
  }
}
