import { Flags } from '@oclif/core';
import { modelListings, optionSummary } from '@seg/runs';
import { SegCommand } from '../lib/base-command.js';
import { table } from '../lib/format.js';

export default class Models extends SegCommand {
  static override summary = 'List the architectures `seg train --model` accepts, with parameter counts at their defaults.';
  static override description =
    'Counts are for the given input size, channels and classes with every other option at its default; ' +
    'architecture options go to `seg train --model-opt key=value` (`--json` lists each option with its type and default).';
  static override examples = [
    '<%= config.bin %> models',
    '<%= config.bin %> models --size 256 --channels 4 --num-classes 4',
    '<%= config.bin %> train --data phantom:rings --model attention-unet',
  ];

  static override flags = {
    size: Flags.integer({ summary: 'Input height and width (default 128).', min: 16, default: 128 }),
    channels: Flags.integer({ summary: 'Input channels (default 1).', min: 1, default: 1 }),
    'num-classes': Flags.integer({ summary: 'Classes including background (default 2).', min: 2, default: 2 }),
  };

  async run() {
    const { flags } = await this.parse(Models);
    const models = modelListings({ size: flags.size, channels: flags.channels, numClasses: flags['num-classes'] });
    if (!this.jsonEnabled()) {
      const input = (m: (typeof models)[number]) => `×${m.divisibleBy}${m.minSize > m.divisibleBy ? `, ≥ ${m.minSize}` : ''}`;
      this.log(
        table(
          ['name', 'parameters', 'input', 'description'],
          models.map((m) => [m.name, (m.parameters ?? 0).toLocaleString('en-US'), input(m), m.description]),
        ),
      );
      this.log('\noptions (--model-opt key=value; defaults shown):');
      for (const m of models) this.log(`  ${m.name}: ${optionSummary(m.options)}`);
    }
    return models;
  }
}
