/**
 * The registries as plain JSON for listings (`seg models`, `seg methods`, `seg losses`): every entry's name,
 * description and options read from its schema, so no option list is kept anywhere else.
 */
import { listMethods, type MethodNeeds } from '@seg/adversarial';
import { listLosses } from '@seg/margin';
import { type DeepSupervisionPolicy, listModels } from '@seg/models';
import { describeOptions, type OptionInfo } from './describe-options.js';

export interface ModelListing {
  name: string;
  description: string;
  options: OptionInfo[];
  /** Height and width must be multiples of this at the default options. */
  divisibleBy: number;
  /** …and at least this. */
  minSize: number;
  deepSupervision: DeepSupervisionPolicy;
  /** Parameters for the given input, every option at its default (when an input was given). */
  parameters?: number;
}

/** Every model with its options and, given an input of `size`×`size`×`channels` and `numClasses`, its parameter count. */
export function modelListings(io?: { size: number; channels: number; numClasses: number }): ModelListing[] {
  return listModels().map((m) => {
    const defaults = m.options.parse({}) as Record<string, unknown>;
    const divisibleBy = m.requires.divisibleBy(defaults);
    return {
      name: m.name,
      description: m.description,
      options: describeOptions(m.options),
      divisibleBy,
      minSize: m.requires.minSize?.(defaults) ?? divisibleBy,
      deepSupervision: m.deepSupervision,
      ...(io ? { parameters: m.paramCount({ inputShape: [io.size, io.size, io.channels], numClasses: io.numClasses }) } : {}),
    };
  });
}

export interface MethodListing {
  name: string;
  description: string;
  options: OptionInfo[];
  needs: MethodNeeds;
  /** The architecture the method trains instead of --model, if any. */
  model?: string;
}

export function methodListings(): MethodListing[] {
  return listMethods().map((m) => ({
    name: m.name,
    description: m.description,
    options: describeOptions(m.schema),
    needs: m.needs,
    ...(m.model ? { model: m.model.name } : {}),
  }));
}

export interface LossListing {
  name: string;
  description: string;
  options: OptionInfo[];
  /** Needs the training set's class pixel counts with its default options (the run computes them). */
  needsClassCounts: boolean;
}

export function lossListings(): LossListing[] {
  return listLosses().map((l) => ({
    name: l.name,
    description: l.description,
    options: describeOptions(l.schema),
    needsClassCounts: l.needsClassCounts?.({}) ?? false,
  }));
}
