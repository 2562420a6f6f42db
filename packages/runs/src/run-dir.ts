import { join, resolve } from 'node:path';
import type { TrainConfig } from './config/schema.js';

/** Where a run lives: `config.runDir`, else runs/<name> under the working directory. */
export function runDirOf(config: TrainConfig): string {
  return resolve(config.runDir ?? join('runs', config.name));
}
