/**
 * @seg/cli — the `seg` command line (oclif). Commands parse flags, call @seg/runs and print; the run layer itself
 * (trainRun, evalRun, …) is exported by @seg/runs. This module exports the printing helpers the commands share.
 */

export { formatEval } from './commands/eval.js';
export { parseLossOptions } from './commands/train.js';
export { duration, fmt, table } from './lib/format.js';
