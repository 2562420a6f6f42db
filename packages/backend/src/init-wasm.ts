/**
 * Starting tfjs's wasm back-end under Node: its .wasm binaries from the package folder, and the threaded-SIMD build
 * (wasm-threads.ts) when more than one thread is asked for and the installed version is the one the start-up
 * patch was written for.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { patchForThreads, THREADED_WASM_VERSION } from './wasm-threads.js';

/** Activates a registered back-end; false when it cannot initialise. */
export async function activate(name: string): Promise<boolean> {
  if (tf.getBackend() === name) return true;
  try {
    return await tf.setBackend(name);
  } catch {
    return false;
  }
}

/**
 * How many wasm threads to start: `threads` with tfjs-backend-wasm THREADED_WASM_VERSION, else 1 and one log line
 * (the start-up patch depends on that exact bundle; any other version is never patched).
 */
export function wasmThreadsPlan(version: string, threads: number): { threads: number; line?: string } {
  if (threads <= 1 || version === THREADED_WASM_VERSION) return { threads: Math.max(1, threads) };
  const line = `wasm: ${threads} threads need @tensorflow/tfjs-backend-wasm ${THREADED_WASM_VERSION} (the version seg patches; found ${version}); using 1 thread`;
  return { threads: 1, line };
}

function wasmDistFolder(): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    return `${join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist')}/`;
  } catch {
    return undefined;
  }
}

export async function initWasm(threads: number, log: (m: string) => void): Promise<string | undefined> {
  let wasm: typeof import('@tensorflow/tfjs-backend-wasm');
  try {
    wasm = await import('@tensorflow/tfjs-backend-wasm');
  } catch (error) {
    log(`@tensorflow/tfjs-backend-wasm: failed to load (${(error as Error).message})`);
    return undefined;
  }
  const folder = wasmDistFolder();
  if (folder !== undefined && tf.findBackend('wasm') === null) wasm.setWasmPaths(folder);
  let restore: (() => void) | undefined;
  if (tf.findBackend('wasm') !== null && threads !== wasm.getThreadsCount())
    log(
      `wasm: already running ${wasm.getThreadsCount()} thread(s); the thread count is fixed at the first wasm initialisation in a process`,
    );
  else if (threads > 1 && tf.findBackend('wasm') === null) {
    const plan = wasmThreadsPlan(wasm.version_wasm, threads);
    if (plan.line !== undefined) log(plan.line);
    if (plan.threads > 1) restore = patchForThreads(wasm, plan.threads);
  }
  let up: boolean;
  try {
    up = await activate('wasm');
  } finally {
    restore?.();
  }
  if (!up) {
    log("wasm: tf.setBackend('wasm') failed");
    return undefined;
  }
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const n = wasm.getThreadsCount();
  return `wasm (@tensorflow/tfjs-backend-wasm ${wasm.version_wasm}, XNNPACK, ${simd ? 'SIMD' : 'no SIMD'}, ${n} thread${n === 1 ? '' : 's'})`;
}
