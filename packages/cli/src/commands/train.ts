import { Flags } from '@oclif/core';
import { SegConfigError } from '@seg/core';
import { lossListings, methodListings, modelListings, resolveTrainConfig, trainRun } from '@seg/runs';
import { backendFlag, progressFlag, SegCommand } from '../lib/base-command.js';
import { fmt } from '../lib/format.js';

/** `key=value` pairs → options; values parse as JSON when they can (numbers, booleans, arrays), else stay strings. */
export function parseLossOptions(pairs: readonly string[] | undefined, flag = '--loss-opt'): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const pair of pairs ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) {
      throw new SegConfigError({
        fn: 'seg train',
        arg: flag,
        expected: 'key=value',
        got: JSON.stringify(pair),
        hint: `e.g. ${flag} margin=5`,
      });
    }
    const raw = pair.slice(eq + 1);
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {}
    out[pair.slice(0, eq)] = value;
  }
  return out;
}

export default class Train extends SegCommand {
  static override summary = 'Train a segmentation model; checkpoints every epoch into runs/<name>.';
  static override description =
    'Data is a folder (images/ + masks/ PNG pairs) or a phantom spec such as phantom:nodule?count=160&size=64. ' +
    'Without --val, the data is split into train/val/test with --seed. Flags override --config (JSON or YAML).';
  static override examples = [
    '<%= config.bin %> train --data phantom:nodule --epochs 10 --name nodules',
    '<%= config.bin %> train --data ./scans --model unet --loss ce+dice --epochs 50 --backend wasm',
    '<%= config.bin %> train --config run.yaml --resume',
  ];

  static override flags = {
    config: Flags.file({ summary: 'JSON or YAML file with any of the options below (flags win).', exists: true }),
    data: Flags.string({
      summary: 'Training data: a folder of images/ + masks/, phantom:nodule|rings?count=…, or task:lesions|nodules|cardiac?cases=….',
    }),
    val: Flags.string({ summary: 'Separate validation data (default: split off the training data).' }),
    'num-classes': Flags.integer({
      summary: 'Classes including background; mask values must be below it (default: from the data).',
      min: 2,
      max: 255,
    }),
    name: Flags.string({ summary: 'Run name; the run is written to runs/<name>.' }),
    'run-dir': Flags.directory({ summary: 'Write the run here instead of runs/<name>.' }),
    model: Flags.string({
      summary: `Architecture: ${modelListings()
        .map((m) => m.name)
        .join(', ')} (default unet; \`seg models\`).`,
    }),
    depth: Flags.integer({ summary: 'U-Net depth (down-sampling steps).', min: 1, max: 6 }),
    filters: Flags.integer({ summary: 'Filters at the first level (doubling per level).', min: 1 }),
    norm: Flags.option({ options: ['batch', 'group', 'none'] as const, summary: 'Normalisation layers.' })(),
    dropout: Flags.string({ summary: 'Dropout rate at the bottleneck (0–0.95).' }),
    'model-opt': Flags.string({
      summary: 'An architecture option as key=value (repeatable), e.g. --model unetpp --model-opt deepSupervision=true.',
      multiple: true,
    }),
    loss: Flags.string({
      summary: `Loss: ${lossListings()
        .map((l) => l.name)
        .join(', ')} (default ce+dice; \`seg losses\` lists their options).`,
    }),
    'loss-opt': Flags.string({ summary: 'A loss option as key=value (repeatable), e.g. --loss mbls --loss-opt margin=5.', multiple: true }),
    method: Flags.string({
      summary: `Training scheme: ${methodListings()
        .map((m) => m.name)
        .join(', ')} (default supervised; \`seg methods\`).`,
    }),
    'method-opt': Flags.string({
      summary: 'A method option as key=value (repeatable), e.g. --method gambling --method-opt beta=1.',
      multiple: true,
    }),
    'pretrain-epochs': Flags.integer({
      summary: 'Train with cross-entropy for this many epochs before switching to --loss (DMC recipe).',
      min: 0,
    }),
    optimizer: Flags.option({ options: ['adam', 'adamw', 'rmsprop', 'sgd'] as const, summary: 'Optimizer.' })(),
    lr: Flags.string({ summary: 'Learning rate (default 1e-3).' }),
    'weight-decay': Flags.string({ summary: 'Decoupled weight decay (adamw).' }),
    schedule: Flags.option({ options: ['constant', 'step', 'poly', 'cyclical'] as const, summary: 'Learning-rate schedule.' })(),
    epochs: Flags.integer({ summary: 'Epochs (default 10).', min: 1 }),
    'batch-size': Flags.integer({ summary: 'Batch size (default 8).', min: 1 }),
    seed: Flags.integer({ summary: 'Seed for splits, initialisation, shuffling and augmentation (default 1).' }),
    backend: backendFlag(),
    patience: Flags.integer({ summary: 'Stop early after this many epochs without improvement of --monitor.', min: 1 }),
    monitor: Flags.option({
      options: ['val_dice', 'val_loss'] as const,
      summary: 'Validation metric for early stopping and the best model (default val_dice; AAG: val_loss, as the paper).',
    })(),
    resume: Flags.boolean({ summary: 'Continue the run in runs/<name> from its last checkpoint.' }),
    force: Flags.boolean({ summary: 'Overwrite an existing run of the same name.' }),
    progress: progressFlag(),
  };

  async run() {
    const { flags } = await this.parse(Train);
    const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));
    const config = resolveTrainConfig(
      {
        name: flags.name,
        runDir: flags['run-dir'],
        data: flags.data,
        val: flags.val,
        numClasses: flags['num-classes'],
        model: {
          name: flags.model,
          depth: flags.depth,
          filters: flags.filters,
          norm: flags.norm,
          dropout: num(flags.dropout),
          options: flags['model-opt'] ? parseLossOptions(flags['model-opt'], '--model-opt') : undefined,
        },
        loss: flags.loss || flags['loss-opt'] ? { name: flags.loss, ...parseLossOptions(flags['loss-opt']) } : undefined,
        method:
          flags.method || flags['method-opt']
            ? { name: flags.method, ...parseLossOptions(flags['method-opt'], '--method-opt') }
            : undefined,
        pretrain: flags['pretrain-epochs'] === undefined ? undefined : { epochs: flags['pretrain-epochs'] },
        optimizer: { name: flags.optimizer, lr: num(flags.lr), weightDecay: num(flags['weight-decay']) },
        schedule: flags.schedule ? { name: flags.schedule } : undefined,
        epochs: flags.epochs,
        batchSize: flags['batch-size'],
        seed: flags.seed,
        backend: flags.backend,
        earlyStopping: flags.patience || flags.monitor ? { patience: flags.patience, metric: flags.monitor } : undefined,
      },
      flags.config,
    );
    process.once('SIGINT', () => {
      // Checkpoints are written to a temp dir and renamed, so the last one is whole whatever step this lands in.
      this.logToStderr('\ninterrupted: the checkpoint of the last finished epoch is whole; continue with the same command and --resume');
      process.exit(130);
    });
    const result = await trainRun(config, { resume: flags.resume, force: flags.force, ...this.hooks(flags.progress) });
    if (!this.jsonEnabled()) {
      const best = result.best ? `best ${result.best.metric} ${fmt(result.best.value)} at epoch ${result.best.epoch + 1}` : 'no validation';
      this.log(`trained ${result.epochs} epochs on ${result.backend}${result.stoppedEarly ? ' (stopped early)' : ''}; ${best}`);
      this.log(`run: ${result.runDir}`);
    }
    return result;
  }
}
