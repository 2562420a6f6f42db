/**
 * Losses by name, for config files and the CLI: `createLoss('ce+dice', { diceWeight: 0.5 })`. Each entry is declared
 * beside its factory (`mblsEntry` in losses/mbls.ts, …) with its option schema, so a typo in a config file is an error
 * rather than a silently ignored key; this file only merges them.
 */
import { optionProblems, SegConfigError } from '@seg/core';
import type { LossEntry } from './loss-entry.js';
import { ceDiceEntry } from './losses/ce-dice.js';
import { crossEntropyEntry } from './losses/cross-entropy.js';
import { dmcEntry } from './losses/dmc.js';
import { ecpEntry } from './losses/ecp.js';
import { focalEntry } from './losses/focal.js';
import { focalTverskyEntry } from './losses/focal-tversky.js';
import { generalizedDiceEntry } from './losses/generalized-dice.js';
import { labelSmoothingEntry } from './losses/label-smoothing.js';
import { lovaszSoftmaxEntry } from './losses/lovasz-softmax.js';
import { mblsEntry } from './losses/mbls.js';
import { partialCrossEntropyEntry, wpceEntry } from './losses/partial-ce.js';
import { softDiceEntry } from './losses/soft-dice.js';
import { svlsEntry } from './losses/svls.js';
import { tverskyEntry } from './losses/tversky.js';
import type { SegLoss } from './types.js';

/** What `listLosses()` returns per loss: `options` are the option names, `schema` the entry's zod schema. */
export interface LossInfo {
  readonly name: string;
  readonly description: string;
  readonly options: readonly string[];
  readonly schema: LossEntry['options'];
  readonly needsClassCounts?: LossEntry['needsClassCounts'];
}

const registry = new Map<string, LossEntry>();

/**
 * Adds a loss to the registry.
 * @throws SegConfigError when the name is taken.
 */
export function registerLoss(entry: LossEntry): void {
  if (registry.has(entry.name)) {
    throw new SegConfigError({ fn: 'registerLoss', arg: 'name', detail: `a loss named '${entry.name}' is already registered` });
  }
  registry.set(entry.name, entry);
}

for (const entry of [
  crossEntropyEntry,
  softDiceEntry,
  ceDiceEntry,
  mblsEntry,
  dmcEntry,
  focalEntry,
  labelSmoothingEntry,
  ecpEntry,
  svlsEntry,
  generalizedDiceEntry,
  tverskyEntry,
  focalTverskyEntry,
  lovaszSoftmaxEntry,
  partialCrossEntropyEntry,
  wpceEntry,
] as readonly LossEntry[])
  registerLoss(entry);

/** Every registered loss: name, one-line description, option names and schema. */
export function listLosses(): LossInfo[] {
  return [...registry.values()].map(({ name, description, options, needsClassCounts }) => ({
    name,
    description,
    options: Object.keys(options.shape),
    schema: options,
    ...(needsClassCounts ? { needsClassCounts } : {}),
  }));
}

/**
 * The registered loss `name`.
 * @throws SegConfigError for an unknown name, listing the registered ones.
 */
export function getLoss(name: string, fn = 'createLoss'): LossEntry {
  const entry = registry.get(name);
  if (!entry) {
    throw new SegConfigError({
      fn,
      arg: 'name',
      expected: `one of ${[...registry.keys()].map((n) => `'${n}'`).join(', ')}`,
      got: JSON.stringify(name),
      hint: 'listLosses() describes each',
    });
  }
  return entry;
}

/**
 * Builds the loss registered as `name` with `options`, checked against the entry's schema first (every unknown name
 * and invalid value listed in one error); the factory applies its defaults.
 * @throws SegConfigError for an unknown loss, unknown options or invalid values.
 */
export function createLoss(name: string, options: Record<string, unknown> = {}): SegLoss {
  const entry = getLoss(name);
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new SegConfigError({ fn: 'createLoss', arg: 'options', expected: 'an object of loss options', got: JSON.stringify(options) });
  }
  const valid = Object.keys(entry.options.shape);
  const { unknown, invalid } = optionProblems(entry.options, options);
  if (unknown.length > 0) {
    throw new SegConfigError({
      fn: 'createLoss',
      arg: 'options',
      detail: `unknown option${unknown.length > 1 ? 's' : ''} for loss '${name}'`,
      problems: [...unknown.map((key) => `'${key}' is not an option of '${name}'`), `valid options: ${valid.join(', ')}`],
    });
  }
  if (invalid.length > 0) {
    throw new SegConfigError({ fn: 'createLoss', arg: 'options', detail: `invalid options for loss '${name}'`, problems: invalid });
  }
  return entry.create(options);
}
