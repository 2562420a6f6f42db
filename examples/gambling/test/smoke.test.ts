// Runs the comparison end to end, shortened (1 epoch, 20 phantoms of 16×16, every method).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

it('trains the six methods and prints one row of metrics each', () => {
  const env = { ...process.env, SEG_EPOCHS: '1', SEG_COUNT: '20', SEG_SIZE: '16', SEG_BACKEND: 'wasm' };
  const r = spawnSync(process.execPath, ['main.mjs'], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    env,
    encoding: 'utf8',
    timeout: 180_000,
  });
  expect(r.status, r.stderr).toBe(0);
  expect(r.stdout).toContain('12 noisy-label train / 3 val / 5 test nodule phantoms of 16×16, 1 epochs on wasm');
  const { results } = JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}');
  expect(results.map((x: { method: string }) => x.method)).toEqual(['ce', 'ce+adv', 'segan', 'focal', 'confidence', 'gambling']);
  for (const x of results) {
    expect(x.dice).toBeGreaterThanOrEqual(0);
    expect(x.mmcl).toBeGreaterThanOrEqual(0.5); // binary: the max class probability is never below 1/2
  }
}, 200_000);
