// Runs the comparison end to end, shortened (1 epoch, 24 phantoms of 32×32, depth 3, 4 filters, every run).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

it('trains full-mask, WPCE, AAG and the three ablations and prints one row each', () => {
  const env = { ...process.env, SEG_EPOCHS: '1', SEG_COUNT: '24', SEG_SIZE: '32', SEG_DEPTH: '3', SEG_FILTERS: '4', SEG_BACKEND: 'wasm' };
  const r = spawnSync(process.execPath, ['main.mjs'], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
  expect(r.status, r.stderr).toBe(0);
  // 24 phantoms: 4 val (0.15), 6 test (0.25), 14 train → mask pool round(0.4·14) = 6, 8 scribbled
  expect(r.stdout).toContain(
    '8 scribbled (skeleton) + 6 unpaired-mask / 4 val / 6 test ring phantoms of 32×32, ≤ 1 epochs (patience 10) on wasm',
  );
  const { results } = JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}');
  expect(results.map((x: { run: string }) => x.run)).toEqual(['full', 'wpce', 'aag', 'no-attention', 'no-ads', 'no-discriminator']);
  for (const x of results) {
    expect(x.perClass).toHaveLength(3);
    expect(x.dice).toBeGreaterThanOrEqual(0);
    expect(x.dice).toBeLessThanOrEqual(1);
  }
}, 150_000);
