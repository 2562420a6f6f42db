/**
 * Losses by name, for config files and the CLI: `createLoss('ce+dice', { diceWeight: 0.5 })`. Each entry lists the
 * option names it accepts, so a typo in a config file is an error rather than a silently ignored key.
 */
import { SegConfigError } from '@seg/core';
import { ceDice } from './losses/ce-dice.js';
import { crossEntropy } from './losses/cross-entropy.js';
import { softDice } from './losses/soft-dice.js';
import type { SegLoss } from './types.js';

/** A registered loss. */
export interface LossEntry {
  /** The registry name, e.g. 'ce+dice'. */
  readonly name: string;
  /** One line for `listLosses()` and `seg --help`. */
  readonly description: string;
  /** Every option name `create` accepts. */
  readonly options: readonly string[];
  // biome-ignore lint/suspicious/noExplicitAny: each factory validates its own options
  readonly create: (options: any) => SegLoss;
}

/** What `listLosses()` returns per loss. */
export type LossInfo = Pick<LossEntry, 'name' | 'description' | 'options'>;

const common = ['ignoreIndex', 'checkLabels'] as const;
const registry = new Map<string, LossEntry>();

/** Adds a loss to the registry (names are unique; registering one twice is an error). */
export function registerLoss(entry: LossEntry): void {
  if (registry.has(entry.name)) {
    throw new SegConfigError({ fn: 'registerLoss', arg: 'name', detail: `a loss named '${entry.name}' is already registered` });
  }
  registry.set(entry.name, entry);
}

registerLoss({
  name: 'ce',
  description: 'softmax cross-entropy, optional class weights (PyTorch weighted mean)',
  options: ['classWeights', 'reduction', ...common],
  create: crossEntropy,
});
registerLoss({
  name: 'dice',
  description: '1 − soft Dice per image and class on softmax probabilities',
  options: ['smooth', 'includeBackground', 'squared', ...common],
  create: softDice,
});
registerLoss({
  name: 'ce+dice',
  description: 'λ_ce·cross-entropy + λ_dice·soft Dice (nnU-Net compound)',
  options: ['ceWeight', 'diceWeight', 'classWeights', 'smooth', 'includeBackground', 'squared', ...common],
  create: ceDice,
});

/** Every registered loss: name, one-line description, accepted options. */
export function listLosses(): LossInfo[] {
  return [...registry.values()].map(({ name, description, options }) => ({ name, description, options }));
}

/** Builds the loss registered as `name` with `options` (validated: unknown option names are listed in one error). */
export function createLoss(name: string, options: Record<string, unknown> = {}): SegLoss {
  const entry = registry.get(name);
  if (!entry) {
    throw new SegConfigError({
      fn: 'createLoss',
      arg: 'name',
      expected: `one of ${[...registry.keys()].map((n) => `'${n}'`).join(', ')}`,
      got: JSON.stringify(name),
      hint: 'listLosses() describes each',
    });
  }
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new SegConfigError({ fn: 'createLoss', arg: 'options', expected: 'an object of loss options', got: JSON.stringify(options) });
  }
  const unknown = Object.keys(options).filter((key) => !entry.options.includes(key));
  if (unknown.length > 0) {
    throw new SegConfigError({
      fn: 'createLoss',
      arg: 'options',
      detail: `unknown option${unknown.length > 1 ? 's' : ''} for loss '${name}'`,
      problems: [...unknown.map((key) => `'${key}' is not an option of '${name}'`), `valid options: ${entry.options.join(', ')}`],
    });
  }
  return entry.create(options);
}
