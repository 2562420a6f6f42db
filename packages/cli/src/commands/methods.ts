import { methodListings, optionSummary } from '@seg/runs';
import { SegCommand } from '../lib/base-command.js';
import { table } from '../lib/format.js';

export default class Methods extends SegCommand {
  static override summary = 'List the training schemes `seg train --method` accepts, with their options.';
  static override examples = [
    '<%= config.bin %> methods',
    '<%= config.bin %> train --data phantom:nodule --method gambling --method-opt beta=1',
  ];

  async run() {
    await this.parse(Methods);
    const methods = methodListings();
    if (!this.jsonEnabled()) {
      const needs = (m: (typeof methods)[number]) =>
        [
          m.needs.loss ? '--loss' : 'its own losses',
          m.needs.scribbles ? 'scribbles' : '',
          m.needs.unpairedMasks ? 'unpaired masks' : '',
          m.needs.unlabeledImages ? 'unlabeled images' : '',
          m.model ? `model ${m.model}` : '',
        ]
          .filter(Boolean)
          .join(', ');
      this.log(
        table(
          ['name', 'uses', 'description'],
          methods.map((m) => [m.name, needs(m), m.description]),
        ),
      );
      this.log('\noptions (--method-opt key=value; defaults shown):');
      for (const m of methods) this.log(`  ${m.name}: ${optionSummary(m.options) || 'none'}`);
    }
    return methods;
  }
}
