import { Flags } from '@oclif/core';
import { predictRun } from '@seg/runs';
import { backendFlag, progressFlag, SegCommand } from '../lib/base-command.js';

export default class Predict extends SegCommand {
  static override summary = 'Segment images with a trained run and write one mask PNG per image.';
  static override examples = [
    '<%= config.bin %> predict --run runs/nodules --data ./new-scans --out ./masks',
    '<%= config.bin %> predict --run runs/nodules --data phantom:nodule?count=4 --out ./masks --values visible',
  ];

  static override flags = {
    run: Flags.directory({ summary: 'Run directory written by `seg train`.', required: true, exists: true }),
    data: Flags.string({ summary: 'Images: a folder of PNGs (or its images/ subfolder), or a phantom spec.', required: true }),
    out: Flags.directory({ summary: 'Folder for the mask PNGs (created).', required: true }),
    values: Flags.option({
      options: ['index', 'visible'] as const,
      default: 'index' as const,
      summary: 'Pixel values: class index, or spread over 0–255.',
    })(),
    maps: Flags.option({
      options: ['betting'] as const,
      multiple: true,
      summary: "Extra maps: 'betting' = a gambling run's betting map per image (<id>_betting.png).",
    })(),
    'batch-size': Flags.integer({ summary: 'Inference batch size.', min: 1 }),
    backend: backendFlag(),
    progress: progressFlag(),
  };

  async run() {
    const { flags } = await this.parse(Predict);
    const result = await predictRun({
      run: flags.run,
      data: flags.data,
      out: flags.out,
      values: flags.values,
      maps: flags.maps,
      backend: flags.backend,
      batchSize: flags['batch-size'],
      ...this.hooks(flags.progress),
    });
    if (!this.jsonEnabled()) this.log(`wrote ${result.written.length} files to ${result.out}`);
    return result;
  }
}
