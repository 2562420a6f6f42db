/**
 * Model builders by name, for config files and the CLI: `createModel('unet', { inputShape, numClasses, … })`.
 * Each entry is declared beside its builder (`unetEntry` in unet.ts, …) with its option schema, input requirement and
 * deep-supervision policy; this file only merges them.
 */
import { SegConfigError } from '@seg/core';
import type * as tf from '@tensorflow/tfjs';
import { aagUnetEntry } from './aag/unet.js';
import { attentionUnetEntry } from './attention-unet.js';
import { deeplabv3plusEntry } from './deeplabv3plus.js';
import type { ModelEntry } from './model-entry.js';
import { pspnetEntry } from './pspnet.js';
import { seganEntry } from './segan.js';
import { transunetEntry } from './transunet.js';
import { unetEntry } from './unet.js';
import { unetppEntry } from './unetpp.js';

/** What `listModels()` returns per model. */
export type ModelInfo = Pick<ModelEntry, 'name' | 'description' | 'paramCount' | 'options' | 'requires' | 'deepSupervision'>;

const registry = new Map<string, ModelEntry>();

/**
 * Adds a builder to the registry.
 * @throws SegConfigError when the name is taken.
 */
export function registerModel(entry: ModelEntry): void {
  if (registry.has(entry.name)) {
    throw new SegConfigError({ fn: 'registerModel', arg: 'name', detail: `a model named '${entry.name}' is already registered` });
  }
  registry.set(entry.name, entry);
}

for (const entry of [
  unetEntry,
  seganEntry,
  attentionUnetEntry,
  unetppEntry,
  pspnetEntry,
  deeplabv3plusEntry,
  transunetEntry,
  aagUnetEntry,
] as readonly ModelEntry[])
  registerModel(entry);

/** Every registered model with its metadata. */
export function listModels(): ModelInfo[] {
  return [...registry.values()].map(({ name, description, paramCount, options, requires, deepSupervision }) => ({
    name,
    description,
    paramCount,
    options,
    requires,
    deepSupervision,
  }));
}

/**
 * The registered model `name`.
 * @throws SegConfigError for an unknown name, listing the registered ones.
 */
export function getModel(name: string, fn = 'createModel'): ModelEntry {
  const entry = registry.get(name);
  if (!entry) {
    throw new SegConfigError({
      fn,
      arg: 'name',
      expected: `one of ${[...registry.keys()].map((n) => `'${n}'`).join(', ')}`,
      got: JSON.stringify(name),
      hint: 'listModels() describes each',
    });
  }
  return entry;
}

/** Builds the model registered as `name` from its config (the builder validates the config). */
// biome-ignore lint/suspicious/noExplicitAny: the config type depends on the name
export function createModel(name: string, config: any): tf.LayersModel {
  return getModel(name).create(config);
}
