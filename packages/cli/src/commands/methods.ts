import { listMethods } from '@seg/adversarial';
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
    const methods = [
      { name: 'supervised', description: 'one segmentor trained with --loss (default)', options: [] as readonly string[] },
      ...listMethods(),
    ];
    if (!this.jsonEnabled())
      this.log(
        table(
          ['name', 'description', 'options'],
          methods.map((m) => [m.name, m.description, m.options.join(', ')]),
        ),
      );
    return methods;
  }
}
