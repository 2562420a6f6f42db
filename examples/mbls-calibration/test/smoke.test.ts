// Runs the example end to end, shortened (1 epoch, 20 phantoms of 16×16).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';

const runDir = mkdtempSync(join(tmpdir(), 'seg-mbls-example-'));
afterAll(() => rmSync(runDir, { recursive: true, force: true }));

it('trains CE, LS and MbLS and prints Dice and calibration per method', () => {
  const env = { ...process.env, SEG_EPOCHS: '1', SEG_COUNT: '20', SEG_SIZE: '16', SEG_BACKEND: 'wasm', SEG_RUN_DIR: runDir };
  const r = spawnSync(process.execPath, ['main.mjs'], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
  expect(r.status, r.stderr).toBe(0);
  expect(r.stdout).toContain('12 train / 3 val / 5 test rings phantoms of 16×16, 1 epochs on wasm');
  const { results } = JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}');
  expect(results.map((x: { method: string }) => x.method)).toEqual(['ce', 'ls (α=0.1)', 'mbls (m=10, α=0.1)']);
  for (const x of results) {
    expect(x.ece).toBeGreaterThanOrEqual(0);
    expect(x.ece).toBeLessThanOrEqual(1);
  }
});
