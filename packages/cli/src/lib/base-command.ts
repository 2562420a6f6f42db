import { Command, Errors, Flags } from '@oclif/core';
import { SegError } from '@seg/core';
import type { RunHooks } from '@seg/runs';

export const backendFlag = Flags.option({
  options: ['auto', 'tensorflow', 'wasm', 'cpu'] as const,
  summary: 'Compute back-end: auto picks tfjs-node-gpu, tfjs-node, wasm, then cpu.',
  helpValue: 'auto|tensorflow|wasm|cpu',
});

export const progressFlag = Flags.option({
  options: ['auto', 'bar', 'lines', 'none'] as const,
  default: 'auto' as const,
  summary: 'Progress display: a bar on a terminal, plain lines otherwise.',
});

/** Shared behaviour: seg errors print as one clear line (exit 2), --json silences progress. */
export abstract class SegCommand extends Command {
  static override enableJsonFlag = true;

  protected hooks(progress: RunHooks['progress'] = 'auto'): RunHooks {
    if (this.jsonEnabled()) return { progress: 'none', log: () => {} };
    return { progress, log: (line: string) => this.logToStderr(line) };
  }

  protected override async catch(error: Error & { exitCode?: number }): Promise<unknown> {
    if (error instanceof SegError) {
      return super.catch(new Errors.CLIError(error.message, { exit: 2 }));
    }
    return super.catch(error);
  }
}
