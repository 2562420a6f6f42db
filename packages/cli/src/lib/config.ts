/**
 * The resolved configuration of a training run: defaults < config file (JSON or YAML) < command-line flags.
 * Validated with zod; every problem is listed at once in one SegConfigError.
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { SegConfigError, SegInputError } from '@seg/core';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

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

export const trainConfigSchema = z
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

export type TrainConfig = z.infer<typeof trainConfigSchema>;
export type TrainConfigInput = z.input<typeof trainConfigSchema>;

/** Reads a JSON or YAML config file into a plain object. */
export function readConfigFile(path: string, fn = 'seg'): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new SegInputError({ fn, arg: '--config', expected: 'a readable JSON or YAML file', got: path, hint: (error as Error).message });
  }
  try {
    const parsed = extname(path) === '.json' ? JSON.parse(text) : parseYaml(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('the top level is not an object');
    return parsed as Record<string, unknown>;
  } catch (error) {
    throw new SegInputError({
      fn,
      arg: '--config',
      detail: `${path} is not valid ${extname(path) === '.json' ? 'JSON' : 'YAML'}: ${(error as Error).message}`,
    });
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Deep merge where `over` wins; undefined values in `over` are ignored. */
export function mergeConfig(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) continue;
    out[k] = isPlainObject(v) && isPlainObject(out[k]) ? mergeConfig(out[k] as Record<string, unknown>, v) : v;
  }
  return out;
}

/** Validates a merged config; lists every problem (path: message) in one SegConfigError. */
export function resolveConfig<S extends z.ZodTypeAny>(schema: S, raw: Record<string, unknown>, fn: string): z.infer<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(top level)'}: ${issue.message}`);
  throw new SegConfigError({
    fn,
    arg: '--config',
    detail: `invalid configuration (${problems.length} problem${problems.length > 1 ? 's' : ''})`,
    problems,
  });
}

/** Resolves a training configuration from an optional config file and flag values. */
export function resolveTrainConfig(overrides: Record<string, unknown>, configPath?: string): TrainConfig {
  const fromFile = configPath ? readConfigFile(configPath, 'seg train') : {};
  return resolveConfig(trainConfigSchema, mergeConfig(fromFile, overrides), 'seg train');
}
