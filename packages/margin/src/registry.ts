/**
 * Losses by name, for config files and the CLI: `createLoss('ce+dice', { diceWeight: 0.5 })`. Each entry lists the
 * option names it accepts, so a typo in a config file is an error rather than a silently ignored key.
 */
import { SegConfigError } from '@seg/core';
import { ceDice } from './losses/ce-dice.js';
import { crossEntropy } from './losses/cross-entropy.js';
import { dmc } from './losses/dmc.js';
import { ecp } from './losses/ecp.js';
import { focal } from './losses/focal.js';
import { focalTversky } from './losses/focal-tversky.js';
import { generalizedDice } from './losses/generalized-dice.js';
import { labelSmoothing } from './losses/label-smoothing.js';
import { lovaszSoftmax } from './losses/lovasz-softmax.js';
import { mbls } from './losses/mbls.js';
import { partialCrossEntropy, wpce } from './losses/partial-ce.js';
import { softDice } from './losses/soft-dice.js';
import { svls } from './losses/svls.js';
import { tversky } from './losses/tversky.js';
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

registerLoss({
  name: 'mbls',
  description: 'margin-based label smoothing: CE + α·ReLU(max_j z_j − z_k − m) (Murugesan et al. 2023)',
  options: ['margin', 'alpha', 'penalty', 'norm', 'reduction', ...common],
  create: mbls,
});
registerLoss({
  name: 'dmc',
  description: 'distribution-aware margin calibration: ρ-calibrated log loss on margins (Li, Yu & Zhang 2021)',
  options: ['counts', 'offsets', 'tau', 'nu', 'form', 'reduction', ...common],
  create: dmc,
});
registerLoss({
  name: 'focal',
  description: 'focal loss −α_y(1 − p_y)^γ log p_y (Lin et al. 2017)',
  options: ['gamma', 'alpha', 'reduction', ...common],
  create: focal,
});
registerLoss({
  name: 'ls',
  description: 'label smoothing: CE against (1 − α)·one-hot + α/C (Szegedy et al. 2016)',
  options: ['alpha', 'reduction', ...common],
  create: labelSmoothing,
});
registerLoss({
  name: 'ecp',
  description: 'explicit confidence penalty: CE − β·entropy (Pereyra et al. 2017)',
  options: ['beta', 'reduction', ...common],
  create: ecp,
});
registerLoss({
  name: 'svls',
  description: 'spatially varying label smoothing: CE against the Gaussian-smoothed one-hot map (Islam & Glocker 2021)',
  options: ['sigma', 'kernelSize', 'reduction', ...common],
  create: svls,
});
registerLoss({
  name: 'generalized-dice',
  description: 'generalized Dice with class weights 1/(Σ g)² (Sudre et al. 2017)',
  options: ['weighting', 'smooth', 'includeBackground', 'aggregate', ...common],
  create: generalizedDice,
});
registerLoss({
  name: 'tversky',
  description: '1 − Tversky index TP/(TP + α·FP + β·FN) (Salehi et al. 2017)',
  options: ['alpha', 'beta', 'smooth', 'includeBackground', 'aggregate', ...common],
  create: tversky,
});
registerLoss({
  name: 'focal-tversky',
  description: '(1 − Tversky index)^(1/γ) (Abraham & Khan 2019)',
  options: ['alpha', 'beta', 'gamma', 'smooth', 'includeBackground', 'aggregate', ...common],
  create: focalTversky,
});
registerLoss({
  name: 'lovasz',
  description: 'Lovász-softmax surrogate of the Jaccard loss (Berman et al. 2018)',
  options: ['aggregate', 'classes', ...common],
  create: lovaszSoftmax,
});

registerLoss({
  name: 'pce',
  description: 'partial cross-entropy over annotated (scribbled) pixels only (Tang et al. 2018)',
  options: ['reduction', ...common],
  create: partialCrossEntropy,
});
registerLoss({
  name: 'wpce',
  description: 'weighted partial CE, w_c = 1 − n_c/n_tot (paper) | n_tot/n_c (code) (Valvano et al. 2021)',
  options: ['weighting', 'counts', 'reduction', ...common],
  create: wpce,
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
