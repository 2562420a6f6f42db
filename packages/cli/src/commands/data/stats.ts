import { Flags } from '@oclif/core';
import { dataStats } from '@seg/runs';
import { SegCommand } from '../../lib/base-command.js';
import { fmt, table } from '../../lib/format.js';

export default class DataStatsCommand extends SegCommand {
  static override summary = 'Class pixel counts and frequencies of a dataset (the input of class weights and DMC margins).';
  static override examples = [
    '<%= config.bin %> data stats --data phantom:rings',
    '<%= config.bin %> data stats --data ./scans --num-classes 4 --json',
  ];

  static override flags = {
    data: Flags.string({ summary: 'A folder of images/ + masks/, or a phantom spec.', required: true }),
    'num-classes': Flags.integer({ summary: 'Classes including background (default: from the data).', min: 2, max: 255 }),
    tau: Flags.string({ summary: "DMC τ for the printed margin offsets (default 10, as the authors' code)." }),
    nu: Flags.string({ summary: 'DMC ν for the printed margin offsets (default 1).' }),
  };

  async run() {
    const { flags } = await this.parse(DataStatsCommand);
    const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));
    const stats = dataStats(flags.data, { numClasses: flags['num-classes'], tau: num(flags.tau), nu: num(flags.nu) });
    if (!this.jsonEnabled()) {
      this.log(`${stats.dataset}: ${stats.cases} cases of ${stats.shape.join('×')}, ${stats.numClasses} classes`);
      const { dmc } = stats;
      const rows = stats.counts.map((c, k) => [
        `${k} ${stats.classNames[k] ?? ''}`.trim(),
        String(c),
        fmt(stats.frequencies[k], 5),
        dmc.rhoK0 ? fmt(dmc.rho0K?.[k], 5) : 'n/a',
        dmc.rhoK0 ? fmt(dmc.rhoK0[k], 5) : 'n/a',
      ]);
      this.log(table(['class', 'pixels', 'fraction', 'DMC ρ_0k', 'DMC ρ_k0'], rows));
      this.log(
        dmc.error
          ? `DMC margins: ${dmc.error}`
          : `DMC margin offsets with τ = ${dmc.tau}, ν = ${dmc.nu} (seg train --loss dmc computes them from the training split)`,
      );
      this.log(`per-image mean intensity: ${fmt(stats.intensity.mean)} ± ${fmt(stats.intensity.sd)}`);
    }
    return stats;
  }
}
