import { Flags } from '@oclif/core';
import { convertData } from '@seg/runs';
import { SegCommand } from '../../lib/base-command.js';

export default class DataConvertCommand extends SegCommand {
  static override summary = 'Convert a NIfTI volume into a PNG slice folder (images/ + masks/), or mask PNGs back into a NIfTI volume.';
  static override examples = [
    '<%= config.bin %> data convert --from ch2.nii.gz --label aal.nii.gz --to ./colin-slices --axis 2',
    '<%= config.bin %> data convert --from ./predictions --like ch2.nii.gz --to pred.nii.gz',
  ];

  static override flags = {
    from: Flags.string({ summary: 'A .nii/.nii.gz volume, or a folder of mask PNGs (named <prefix>_<slice>.png).', required: true }),
    to: Flags.string({ summary: 'The output folder (from a volume) or .nii/.nii.gz file (from PNGs).', required: true }),
    label: Flags.string({ summary: 'NIfTI → PNG: a label volume on the same grid, written to masks/.' }),
    like: Flags.string({ summary: 'PNG → NIfTI: the reference volume whose grid and header the result takes.' }),
    axis: Flags.option({
      options: ['0', '1', '2'] as const,
      default: '2' as const,
      summary: 'Slicing axis (2 = axial for RAS volumes).',
    })(),
    'drop-empty': Flags.boolean({ summary: 'NIfTI → PNG: skip slices whose label is all background.', default: false }),
    prefix: Flags.string({ summary: 'NIfTI → PNG: file name prefix.', default: 'slice' }),
    datatype: Flags.option({
      options: ['uint8', 'int16'] as const,
      default: 'uint8' as const,
      summary: 'PNG → NIfTI: datatype on disk.',
    })(),
  };

  async run() {
    const { flags } = await this.parse(DataConvertCommand);
    const result = await convertData({
      from: flags.from,
      to: flags.to,
      label: flags.label,
      like: flags.like,
      axis: Number(flags.axis) as 0 | 1 | 2,
      dropEmpty: flags['drop-empty'],
      prefix: flags.prefix,
      datatype: flags.datatype,
    });
    if (!this.jsonEnabled()) {
      const grid = `${result.shape.join('×')} voxels of ${result.spacing.map((s) => +s.toFixed(3)).join('×')} mm`;
      this.log(
        result.direction === 'nifti-to-png'
          ? `${result.from} (${grid}) → ${result.slices} slices in ${result.to}`
          : `${result.slices} mask PNGs from ${result.from} → ${result.to} (${grid})`,
      );
    }
    return result;
  }
}
