/**
 * Resolving a run's configuration: defaults < config file (JSON or YAML) < command-line flags, validated with zod;
 * every problem is listed at once in one SegConfigError.
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { SegConfigError, SegInputError } from '@seg/core';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { type TrainConfig, trainConfigSchema } from './schema.js';

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
