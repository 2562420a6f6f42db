/** Runs the built `seg` binary (packages/cli/bin/run.js → dist/) as a user would. `pnpm build` must have run. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../bin/run.js', import.meta.url));
const dist = fileURLToPath(new URL('../dist/commands/train.js', import.meta.url));

export interface SegResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function seg(args: string[], cwd?: string): SegResult {
  if (!existsSync(dist)) throw new Error('packages/cli/dist is missing: run `pnpm build` before the CLI tests');
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 120_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** oclif wraps long error lines at the terminal width with ' ›   ' prefixes; join them back into one line. */
export function oneLine(text: string): string {
  return text
    .split('\n')
    .map((l) => l.replace(/^\s*›\s*/, '').trim())
    .join(' ')
    .replace(/\s+/g, ' ');
}
