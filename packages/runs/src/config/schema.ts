/**
 * The configuration of a training run as a zod schema: what runs/<name>/config.json holds, what `--config` files and
 * `seg train` flags fill in (see `resolveTrainConfig`).
 */
import { z } from 'zod';
import { checkRegistries } from './registry-check.js';

export const backendNames = ['auto', 'tensorflow', 'wasm', 'cpu'] as const;

const modelSchema = z
  .object({
    name: z.string().default('unet'),
    depth: z.number().int().min(1).max(6).default(3),
    filters: z.number().int().min(1).default(16),
    norm: z.enum(['batch', 'group', 'none']).default('batch'),
    dropout: z.number().min(0).max(0.95).default(0),
    upsampling: z.enum(['transpose', 'nearest']).default('transpose'),
    /** Architecture-specific options (`--model-opt key=value`), validated by the builder. */
    options: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();

const lossSchema = z.object({ name: z.string().default('ce+dice') }).passthrough();

/** The DMC paper's schedule: train with `loss` (default ce) for `epochs` epochs before switching to the main loss. */
const pretrainSchema = z.object({ epochs: z.number().int().min(0), loss: lossSchema.default({ name: 'ce' }) }).strict();

const optimizerSchema = z
  .object({
    name: z.enum(['adam', 'adamw', 'rmsprop', 'sgd']).default('adam'),
    lr: z.number().positive().default(1e-3),
    weightDecay: z.number().min(0).optional(),
    momentum: z.number().min(0).max(1).optional(),
  })
  .strict();

const scheduleSchema = z.object({ name: z.enum(['constant', 'step', 'poly', 'cyclical']).default('constant') }).passthrough();

const splitSchema = z
  .object({ val: z.number().min(0).max(0.9).default(0.2), test: z.number().min(0).max(0.9).default(0.2) })
  .strict()
  .refine((s) => s.val + s.test < 1, { message: 'val + test must leave training samples (sum < 1)' });

/** The train config's fields, before the registry checks (the JSON Schema is generated from this). */
export const trainConfigObject = z
  .object({
    name: z
      .string()
      .regex(/^[\w.-]+$/, 'letters, digits, _ . - only')
      .default('run'),
    runDir: z.string().optional(),
    data: z.string().min(1),
    val: z.string().optional(),
    numClasses: z.number().int().min(2).max(255).optional(),
    classNames: z.array(z.string()).optional(),
    split: splitSchema.default({}),
    model: modelSchema.default({}),
    loss: lossSchema.default({}),
    pretrain: pretrainSchema.optional(),
    /** Training scheme: 'supervised' (the loss above) or an adversarial method of @seg/adversarial with its options. */
    method: z
      .object({ name: z.string().default('supervised') })
      .passthrough()
      .default({}),
    optimizer: optimizerSchema.default({}),
    schedule: scheduleSchema.default({}),
    epochs: z.number().int().min(1).default(10),
    batchSize: z.number().int().min(1).default(8),
    seed: z.number().int().default(1),
    backend: z.enum(backendNames).default('auto'),
    augment: z
      .object({ flipHorizontal: z.boolean().default(true), flipVertical: z.boolean().default(false) })
      .strict()
      .default({}),
    earlyStopping: z
      .object({
        metric: z.enum(['val_dice', 'val_loss']).default('val_dice'),
        patience: z.number().int().min(1).default(10),
        minDelta: z.number().min(0).default(0),
      })
      .strict()
      .optional(),
  })
  .strict();

/**
 * The train config: {@link trainConfigObject} whose method, model and loss names and options are checked against the
 * registries (see `checkRegistries`).
 */
export const trainConfigSchema = trainConfigObject.superRefine(checkRegistries);

export type TrainConfig = z.infer<typeof trainConfigSchema>;
export type TrainConfigInput = z.input<typeof trainConfigSchema>;
