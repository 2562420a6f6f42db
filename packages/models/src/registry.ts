/**
 * Model builders by name, for config files and the CLI: `createModel('unet', { inputShape, numClasses, … })`.
 */

import { SegConfigError } from '@seg/core';
import type * as tf from '@tensorflow/tfjs';
import { aagUnet } from './aag/unet.js';
import { aagUNetParamCount } from './aag/unet-config.js';
import { attentionUnetEntry, unetppEntry } from './architectures-a-index.js';
import { deeplabv3plusEntry, pspnetEntry, transunetEntry } from './architectures-b-index.js';
import { seganSegmentor } from './segan.js';
import { unet } from './unet.js';
import { unetParamCount } from './unet-config.js';

/** A registered model builder. */
export interface ModelEntry {
  /** The registry name, e.g. 'unet'. */
  readonly name: string;
  /** One line for `listModels()` and `seg --help`. */
  readonly description: string;
  // biome-ignore lint/suspicious/noExplicitAny: each builder validates its own config
  readonly create: (config: any) => tf.LayersModel;
  /** Parameter count for a config, without building the model. */
  // biome-ignore lint/suspicious/noExplicitAny: each builder validates its own config
  readonly paramCount: (config: any) => number;
}

/** What `listModels()` returns per model. */
export type ModelInfo = Pick<ModelEntry, 'name' | 'description' | 'paramCount'>;

const registry = new Map<string, ModelEntry>();

/** Adds a builder to the registry (names are unique; registering one twice is an error). */
export function registerModel(entry: ModelEntry): void {
  if (registry.has(entry.name)) {
    throw new SegConfigError({ fn: 'registerModel', arg: 'name', detail: `a model named '${entry.name}' is already registered` });
  }
  registry.set(entry.name, entry);
}

registerModel({
  name: 'unet',
  description: 'U-Net: 3×3 conv+norm+ReLU pairs, max-pool down, transposed-conv or nearest up, skip concatenation',
  create: unet,
  paramCount: unetParamCount,
});

registerModel({
  name: 'segan',
  description: 'SegAN segmentor: 4×4 stride-2 conv encoder, resize ×2 + 3×3 conv decoder, skips, LeakyReLU, BN (Xue et al.)',
  create: seganSegmentor,
  paramCount: (config) => {
    const model = seganSegmentor(config);
    const n = model.countParams();
    model.dispose();
    return n;
  },
});

registerModel(attentionUnetEntry);
registerModel(unetppEntry);
registerModel(pspnetEntry);
registerModel(deeplabv3plusEntry);
registerModel(transunetEntry);

registerModel({
  name: 'aag-unet',
  description:
    'AAG-UNet: U-Net whose decoder levels classify (ỹ) and gate their features by the foreground probability; outputs [logits, ỹ…] (Valvano et al.)',
  create: (config) => aagUnet(config).model,
  paramCount: aagUNetParamCount,
});

/** Every registered model: name, one-line description, parameter count by config. */
export function listModels(): ModelInfo[] {
  return [...registry.values()].map(({ name, description, paramCount }) => ({ name, description, paramCount }));
}

/** Builds the model registered as `name` from its config (the builder validates the config). */
// biome-ignore lint/suspicious/noExplicitAny: the config type depends on the name
export function createModel(name: string, config: any): tf.LayersModel {
  const entry = registry.get(name);
  if (!entry) {
    throw new SegConfigError({
      fn: 'createModel',
      arg: 'name',
      expected: `one of ${[...registry.keys()].map((n) => `'${n}'`).join(', ')}`,
      got: JSON.stringify(name),
      hint: 'listModels() describes each',
    });
  }
  return entry.create(config);
}
