import { Flags } from '@oclif/core';
import { scribblesRun } from '@seg/runs';
import { SegCommand } from '../../lib/base-command.js';
import { fmt, table } from '../../lib/format.js';

export default class DataScribblesCommand extends SegCommand {
  static override summary = 'Make scribble labels from full masks (skeleton or random walk) and write them as a PNG folder.';
  static override description =
    'Writes OUT/images/<id>.png and OUT/masks/<id>.png (class indices, 255 = unscribbled), plus OUT/masks-<a>/ for extra annotators, and prints the coverage per class.';
  static override examples = [
    "<%= config.bin %> data scribbles --data 'phantom:rings?count=32' --method skeleton --out ./rings-scribbles",
    '<%= config.bin %> data scribbles --data ./scans --method random-walk --steps 2500 --annotators 3 --out ./scribbles --json',
  ];

  static override flags = {
    data: Flags.string({ summary: 'A labelled folder of images/ + masks/, or a phantom spec.', required: true }),
    method: Flags.option({
      options: ['skeleton', 'random-walk'] as const,
      default: 'skeleton' as const,
      summary: 'How scribbles are drawn.',
    })(),
    out: Flags.directory({ summary: 'Output folder (created).', required: true }),
    seed: Flags.integer({ summary: 'Seed of the walks and of the extra annotators (default 0).' }),
    annotators: Flags.integer({ summary: 'Scribbles per image (default 1).', min: 1 }),
    background: Flags.option({
      options: ['ring', 'skeleton', 'walk', 'none'] as const,
      summary: 'Background scribble: ring|skeleton|none (skeleton, default ring) or walk|ring|none (random-walk, default walk).',
    })(),
    steps: Flags.integer({ summary: 'Random-walk steps per object (default 2500).', min: 1 }),
    margin: Flags.integer({ summary: 'Distance of the background ring from the foreground, pixels (default 4).', min: 1 }),
    'num-classes': Flags.integer({ summary: 'Classes including background (default: from the data).', min: 2, max: 255 }),
  };

  async run() {
    const { flags } = await this.parse(DataScribblesCommand);
    const result = await scribblesRun(flags.data, {
      out: flags.out,
      method: flags.method,
      seed: flags.seed,
      annotators: flags.annotators,
      background: flags.background,
      steps: flags.steps,
      margin: flags.margin,
      numClasses: flags['num-classes'],
    });
    if (!this.jsonEnabled()) {
      this.log(`${result.dataset}: ${result.cases} cases, ${result.method} scribbles, ${result.annotators} annotator(s) → ${result.out}`);
      const rows = result.coverage.map((c, k) => [
        `${k} ${result.classNames[k] ?? ''}`.trim(),
        String(c.scribbled),
        String(c.mask),
        fmt(c.fraction, 4),
        `${fmt(100 * result.imageCoverage[k].mean, 2)} ± ${fmt(100 * result.imageCoverage[k].sd, 2)}`,
      ]);
      this.log(table(['class', 'scribbled px', 'mask px', 'mask covered', 'image coverage %'], rows));
    }
    return result;
  }
}
