// initBackend('auto') and the optional oneDNN addon: with the addon built, 'auto' takes the cpu back-end with the
// native kernels (faster than wasm, docs/performance.md); without it, one line says why and 'auto' takes wasm.
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { initBackend, loadNativeAddon } from '../src/index.js';

it("'auto' prefers the native cpu kernels when the addon loads, else logs one line and takes wasm", async () => {
  const load = loadNativeAddon();
  const lines: string[] = [];
  const info = await initBackend('auto', { log: (m) => lines.push(m) });
  if (load.addon) {
    expect(info.backend).toBe('cpu');
    expect(info.detail).toMatch(/^cpu \+ seg native kernels \(oneDNN addon\)/);
    expect(lines.at(-1)).toBe(`backend: ${info.detail}`);
    // and a conv runs through it: identical to the plain-JS reference sum on a 1×1 conv
    const y = tf.conv2d(tf.ones([1, 2, 2, 3]), tf.fill([1, 1, 3, 2], 0.5), 1, 'same');
    expect(Array.from(y.dataSync())).toEqual(new Array(8).fill(1.5));
  } else {
    expect(info.backend).toBe('wasm');
    expect(lines).toEqual([load.message, `backend: ${info.detail}`]);
    expect(load.message).toMatch(/^native kernels: (not built|disabled|.* failed to load|.* lacks)/);
  }
});
