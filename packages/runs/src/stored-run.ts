import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SegInputError } from '@seg/core';
import { resolveConfig } from './config/resolve.js';
import { type TrainConfig, trainConfigSchema } from './config/schema.js';

export interface StoredRun {
  runDir: string;
  config: TrainConfig;
  numClasses: number;
  classNames: string[];
}

/** Reads runs/<name>/config.json written by `seg train`, with clear errors for a directory that is not a run. */
export function readRun(dir: string, fn: string): StoredRun {
  const runDir = resolve(dir);
  const path = join(runDir, 'config.json');
  if (!existsSync(path)) {
    throw new SegInputError({
      fn,
      arg: '--run',
      detail: `${runDir} holds no config.json, so it is not a seg training run`,
      hint: 'Pass the directory `seg train` wrote (runs/<name>)',
    });
  }
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new SegInputError({
      fn,
      arg: '--run',
      detail: `${path} is not valid JSON (${(error as Error).message})`,
      hint: 'The run directory is damaged; train again',
    });
  }
  const config = resolveConfig(trainConfigSchema, raw, fn);
  if (!existsSync(join(runDir, 'model', 'model.json'))) {
    throw new SegInputError({
      fn,
      arg: '--run',
      detail: `${runDir} has no saved model (model/model.json)`,
      hint: 'Training saves it after the first validated epoch; train at least one epoch',
    });
  }
  return { runDir, config, numClasses: config.numClasses ?? 2, classNames: config.classNames ?? [] };
}
