import { Flags } from '@oclif/core';
import { calibrateRun } from '@seg/runs';
import { backendFlag, progressFlag, SegCommand } from '../lib/base-command.js';
import { fmt, table } from '../lib/format.js';

export default class Calibrate extends SegCommand {
  static override summary =
    'Fit post-hoc calibration (temperature or local temperature) on validation data and report ECE before and after.';
  static override description =
    "Fits on --data (default: the run's validation split), stores calibration.json (and calibration/ for the local network) in the run, " +
    "and measures ECE, classwise ECE (all and foreground pixels) and NLL before and after on the run's test split. seg eval then applies it.";
  static override examples = [
    '<%= config.bin %> calibrate --run runs/mbls',
    '<%= config.bin %> calibrate --run runs/mbls --data ./val --method local-temperature',
  ];

  static override flags = {
    run: Flags.directory({ summary: 'Run directory written by `seg train`.', required: true, exists: true }),
    data: Flags.string({ summary: "Validation data to fit on (default: the run's validation split)." }),
    method: Flags.option({
      options: ['temperature', 'local-temperature'] as const,
      default: 'temperature' as const,
      summary: 'Calibration method.',
    })(),
    epochs: Flags.integer({ summary: 'Local temperature: training epochs (default 50).', min: 1 }),
    bins: Flags.integer({ summary: 'Confidence bins for ECE (default 15).', min: 1 }),
    'batch-size': Flags.integer({ summary: 'Inference batch size.', min: 1 }),
    backend: backendFlag(),
    progress: progressFlag(),
  };

  async run() {
    const { flags } = await this.parse(Calibrate);
    const r = await calibrateRun({
      run: flags.run,
      data: flags.data,
      method: flags.method,
      epochs: flags.epochs,
      bins: flags.bins,
      backend: flags.backend,
      batchSize: flags['batch-size'],
      ...this.hooks(flags.progress),
    });
    if (!this.jsonEnabled()) {
      const what = r.method === 'temperature' ? `temperature T = ${fmt(r.temperature)}` : 'local temperature network';
      this.log(`${what}; NLL on ${r.fit.dataset}: ${fmt(r.fit.nllBefore)} → ${fmt(r.fit.nllAfter)}`);
      const row = (name: string, p: typeof r.report.before) => [
        name,
        fmt(p.all.ece),
        fmt(p.foreground.ece),
        fmt(p.all.classwiseEce),
        fmt(p.foreground.classwiseEce),
        fmt(p.all.nll),
      ];
      this.log(`on ${r.report.dataset}:`);
      this.log(table(['', 'ECE', 'ECE fg', 'cECE', 'cECE fg', 'NLL'], [row('before', r.report.before), row('after', r.report.after)]));
      this.log(`wrote ${r.runDir}/calibration.json and calibration.html; seg eval applies the calibration from now on`);
    }
    return r;
  }
}
