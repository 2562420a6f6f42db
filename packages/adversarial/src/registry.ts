/**
 * Training methods by name, for config files and `seg train --method`: 'supervised' (the default) and the adversarial
 * schemes, each declared beside its step (`gamblingMethod` in gambling/method.ts, …); this file only merges them.
 */
import { optionProblems, SegConfigError } from '@seg/core';
import type { TrainStep } from '@seg/train';
import { aagMethod } from './aag/method.js';
import { ceAdversarialMethod } from './ce-adversarial/method.js';
import { confidenceMethod } from './confidence/method.js';
import { gamblingMethod } from './gambling/method.js';
import type { MethodContext, MethodEntry } from './method-entry.js';
import { seganMethod } from './segan/method.js';
import { supervisedMethod } from './supervised/method.js';

/** What `listMethods()` returns per method: `options` are the option names, `schema` the entry's zod schema. */
export interface MethodInfo extends Pick<MethodEntry, 'name' | 'description' | 'needs' | 'model'> {
  readonly options: readonly string[];
  readonly schema: MethodEntry['options'];
}

const registry = new Map<string, MethodEntry>();

/**
 * Adds a method.
 * @throws SegConfigError when the name is taken.
 */
export function registerMethod(entry: MethodEntry): void {
  if (registry.has(entry.name))
    throw new SegConfigError({ fn: 'registerMethod', arg: 'name', detail: `a method named '${entry.name}' is already registered` });
  registry.set(entry.name, entry);
}

for (const entry of [
  supervisedMethod,
  gamblingMethod,
  seganMethod,
  ceAdversarialMethod,
  confidenceMethod,
  aagMethod,
] as readonly MethodEntry[])
  registerMethod(entry);

/** Every registered method with its metadata. */
export function listMethods(): MethodInfo[] {
  return [...registry.values()].map(({ name, description, options, needs, model }) => ({
    name,
    description,
    options: Object.keys(options.shape),
    schema: options,
    needs,
    ...(model ? { model } : {}),
  }));
}

/**
 * The problems of `options` for method `entry`, one line each (unknown names first, then invalid values).
 * Used by `createMethodStep` and by config validation in @seg/runs.
 */
export function methodOptionProblems(entry: MethodEntry, options: Record<string, unknown>): string[] {
  const { unknown, invalid } = optionProblems(entry.options, options);
  const valid = Object.keys(entry.options.shape).join(', ') || 'none';
  return [
    ...unknown.map((k) => `unknown option '${k}' for method '${entry.name}'. Options of '${entry.name}': ${valid}`),
    ...invalid.map((line) => `method '${entry.name}': ${line}`),
  ];
}

/**
 * The TrainStep of method `name` around `context.segmentor`.
 * @throws SegConfigError for an unknown method or invalid options (every problem listed).
 */
export function createMethodStep(name: string, context: MethodContext): TrainStep {
  const entry = getMethod(name);
  const problems = methodOptionProblems(entry, context.options ?? {}); // once here, so each entry reads its options as given
  if (problems.length === 1) throw new SegConfigError({ fn: 'createMethodStep', arg: 'options', detail: problems[0] });
  if (problems.length > 1)
    throw new SegConfigError({ fn: 'createMethodStep', arg: 'options', detail: `invalid options for method '${name}'`, problems });
  return entry.create(context);
}

/**
 * The registered method `name` (its model and data needs included).
 * @throws SegConfigError for an unknown name, listing the registered ones.
 */
export function getMethod(name: string): MethodEntry {
  const entry = registry.get(name);
  if (!entry) {
    throw new SegConfigError({
      fn: 'createMethodStep',
      arg: 'name',
      expected: `one of ${[...registry.keys()].map((n) => `'${n}'`).join(', ')}`,
      got: JSON.stringify(name),
      hint: 'listMethods() describes each',
    });
  }
  return entry;
}
