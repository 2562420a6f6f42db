// A run killed with SIGKILL between epochs, then resumed, ends with exactly the weights of an uninterrupted run.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { seg } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'seg-kill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const bin = fileURLToPath(new URL('../bin/run.js', import.meta.url));
const args = (run: string) => [
  'train',
  '--data',
  'phantom:nodule?count=24&size=16&seed=5',
  '--run-dir',
  run,
  '--epochs',
  '6',
  '--seed',
  '9',
  '--backend',
  'cpu',
  '--depth',
  '1',
  '--filters',
  '4',
  '--batch-size',
  '4',
  '--progress',
  'none',
];

function epochsLogged(run: string): number {
  const path = join(run, 'log.jsonl');
  if (!existsSync(path)) return 0;
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.includes('"type":"epoch"')).length;
}

/** Starts a training process and SIGKILLs it as soon as `epochs` epoch lines are in its log. */
function killAfter(run: string, epochs: number): Promise<{ signal: NodeJS.Signals | null; logged: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args(run)], { stdio: 'ignore' });
    const timer = setInterval(() => {
      if (epochsLogged(run) >= epochs) child.kill('SIGKILL');
    }, 5);
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      clearInterval(timer);
      resolve({ signal, logged: epochsLogged(run) });
    });
  });
}

it('kill -9 after an epoch, then --resume: final weights are byte-identical to an uninterrupted run', async () => {
  const whole = join(dir, 'whole');
  expect(seg(args(whole)).status).toBe(0);

  const cut = join(dir, 'cut');
  const killed = await killAfter(cut, 2);
  expect(killed.signal).toBe('SIGKILL');
  expect(killed.logged).toBeLessThan(6);
  const resumed = seg([...args(cut), '--resume']);
  expect(resumed.status, resumed.stderr).toBe(0);

  const weights = (run: string) => readFileSync(join(run, 'checkpoint', 'model-segmentor.bin'));
  expect(weights(cut).equals(weights(whole))).toBe(true);
  const state = (run: string) => JSON.parse(readFileSync(join(run, 'checkpoint', 'state.json'), 'utf8'));
  expect(state(cut).epoch).toBe(state(whole).epoch);
}, 120_000);
