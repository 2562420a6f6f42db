// The threaded wasm build (wasm-threads.ts) in fresh processes, as a user gets it: 2 threads start, the process still
// exits by itself, and a conv + gradient gives bit-identical results to 1 thread. Needs the build (dist/).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const script = (threads: number) => `
import * as tf from '@tensorflow/tfjs';
const { initBackend } = await import(${JSON.stringify(dist)});
const info = await initBackend('wasm', { threads: ${threads} });
const x = tf.randomNormal([2, 16, 16, 8], 0, 1, 'float32', 1);
const w = tf.randomNormal([3, 3, 8, 16], 0, 1, 'float32', 2);
const [y, g] = tf.tidy(() => {
  const f = (k) => tf.sum(tf.square(tf.conv2d(x, k, 1, 'same')));
  return [tf.conv2d(x, w, 2, 'same'), tf.grad(f)(w)];
});
console.log(JSON.stringify({ detail: info.detail, y: Array.from(y.dataSync()), g: Array.from(g.dataSync()) }));
`;

function run(threads: number) {
  if (!existsSync(dist)) throw new Error('packages/backend/dist is missing: run `pnpm build` first');
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script(threads)], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(r.status, r.stderr).toBe(0); // a hung pool would time out (status null)
  return JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}');
}

it('2 wasm threads start, exit cleanly and compute exactly what 1 thread computes', () => {
  const one = run(1);
  const two = run(2);
  expect(one.detail).toMatch(/, 1 thread\)/);
  expect(two.detail).toMatch(/, 2 threads\)/);
  expect(two.y).toEqual(one.y);
  expect(two.g).toEqual(one.g);
}, 90_000);
