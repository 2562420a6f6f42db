// Runs the example as a user would (node main.mjs on the built packages), shortened: 1 epoch on 24 phantoms of 32×32.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';

const here = fileURLToPath(new URL('..', import.meta.url));
const runDir = mkdtempSync(join(tmpdir(), 'seg-example-'));
afterAll(() => rmSync(runDir, { recursive: true, force: true }));

it('trains, evaluates and writes one predicted mask per held-out phantom', () => {
  const env = { ...process.env, SEG_EPOCHS: '1', SEG_COUNT: '24', SEG_SIZE: '32', SEG_BACKEND: 'wasm', SEG_RUN_DIR: runDir };
  const r = spawnSync(process.execPath, ['main.mjs'], { cwd: here, env, encoding: 'utf8', timeout: 120_000 });
  expect(r.status, r.stderr).toBe(0);
  // 24 phantoms, test 0.2 → round(4.8) = 5 held out, val 0.15 → round(3.6) = 4, 15 train
  expect(r.stdout).toContain('15 train / 4 val / 5 test phantoms of 32×32 on wasm');
  expect(readdirSync(join(runDir, 'predictions'))).toHaveLength(5);
  const summary = JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}');
  expect(summary.backend).toBe('wasm');
  expect(summary.meanDice).toBeGreaterThanOrEqual(0);
  expect(summary.meanDice).toBeLessThanOrEqual(1);
});
