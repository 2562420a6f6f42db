// Runs the example end to end, shortened (2 epochs, 1 of them CE pre-training, 20 phantoms of 16×16).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';

const runDir = mkdtempSync(join(tmpdir(), 'seg-dmc-example-'));
afterAll(() => rmSync(runDir, { recursive: true, force: true }));

it('trains CE and DMC and prints one IoU row per method', () => {
  const env = {
    ...process.env,
    SEG_EPOCHS: '2',
    SEG_PRETRAIN: '1',
    SEG_COUNT: '20',
    SEG_SIZE: '16',
    SEG_BACKEND: 'wasm',
    SEG_RUN_DIR: runDir,
  };
  const r = spawnSync(process.execPath, ['main.mjs'], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
  expect(r.status, r.stderr).toBe(0);
  // 20 phantoms: test round(5) = 5, val round(3) = 3, train 12
  expect(r.stdout).toContain('12 train / 3 val / 5 test rings phantoms of 16×16, 2 epochs on wasm');
  const { results } = JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}');
  expect(results.map((x: { method: string }) => x.method)).toEqual(['ce', 'dmc']);
  for (const x of results) expect(x.iou).toHaveLength(4);
});
