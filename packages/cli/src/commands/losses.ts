import { lossListings, optionSummary } from '@seg/runs';
import { SegCommand } from '../lib/base-command.js';
import { table } from '../lib/format.js';

export default class Losses extends SegCommand {
  static override summary = 'List the losses `seg train --loss` accepts, with their options.';
  static override examples = [
    '<%= config.bin %> losses',
    '<%= config.bin %> train --data phantom:rings --loss mbls --loss-opt margin=10 --loss-opt alpha=0.1',
  ];

  async run() {
    await this.parse(Losses);
    const losses = lossListings();
    if (!this.jsonEnabled()) {
      this.log(
        table(
          ['name', 'description', 'options (defaults shown)'],
          losses.map((l) => [
            l.name,
            `${l.description}${l.needsClassCounts ? ' [class counts from the training set]' : ''}`,
            optionSummary(l.options),
          ]),
        ),
      );
    }
    return losses;
  }
}
