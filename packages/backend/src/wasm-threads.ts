/**
 * The multi-threaded tfjs wasm build under Node (tfjs-backend-wasm 4.22), without editing node_modules.
 *
 * Out of the box Node gets the single-threaded SIMD binary, because:
 *  1. `WASM_HAS_MULTITHREAD_SUPPORT` is false whenever the environment is Node → set the flag before `setBackend`;
 *  2. the pthread worker script is handed to `worker_threads.Worker` as a `blob:` URL, which Node rejects
 *     (ERR_WORKER_PATH) → Blob sources are recorded and `URL.createObjectURL` returns a temp file's path instead;
 *  3. the main script posted to each worker is a Blob too, read there with `fs.readFileSync` → the 'load' message
 *     gets a file path; that source also has free names the bundler left (require$$N, commonjsGlobal, tslib
 *     helpers) → a prelude defines them;
 *  4. Emscripten `ref()`s every pthread worker and the pool threads never end, so Node never exits → a Worker
 *     subclass that stays unref'd;
 *  5. the C++ side caps the pool at os.cpus().length / 2 → `setThreadsCount(n)` and os.cpus() reporting 2n cores
 *     while the module instantiates.
 * Every global patch is undone as soon as the back-end is up. Only for version 4.22.0 (the patches depend on that
 * bundle); anything else, or any failure, leaves the caller to fall back to one thread.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker as NodeWorker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';

export const THREADED_WASM_VERSION = '4.22.0';

const TSLIB = `var __values = function (o) { var m = typeof Symbol === 'function' && o[Symbol.iterator], i = 0;
  if (m) return m.call(o); return { next: function () { return { value: o[i], done: i++ >= o.length }; } }; };
var __read = function (o, n) { var a = Array.from(o); return n === undefined ? a : a.slice(0, n); };
var __spreadArray = function (to, from) { return to.concat(Array.prototype.slice.call(from)); };
var commonjsGlobal = globalThis;
`;

type RecordedBlob = Blob & { segSource?: string };
interface WasmModule {
  setThreadsCount(n: number): void;
  getThreadsCount(): number;
}

/** `var require$$N = require('m');` lines of the bundle, for the free names of its factory source. */
function requirePrelude(bundlePath: string): string {
  const lines = readFileSync(bundlePath, 'utf8').match(/^var require\$\$\d+ = require\('[^']+'\);$/gm) ?? [];
  return `${lines.join('\n')}\n`;
}

/**
 * Prepares the wasm module to start `threads` threads at the next `tf.setBackend('wasm')`; returns `restore()`,
 * which undoes the global patches (call it once the back-end is up).
 */
export function patchForThreads(wasm: WasmModule, threads: number): () => void {
  const bundle = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm');
  const prelude = TSLIB + requirePrelude(bundle);
  const dir = mkdtempSync(join(tmpdir(), 'seg-wasm-threads-'));
  const files = new Map<string, string>();
  const OriginalBlob = globalThis.Blob;
  const originalCreateObjectURL = URL.createObjectURL;
  const workerDescriptor = Object.getOwnPropertyDescriptor(globalThis, 'Worker');
  const originalCpus = os.cpus;

  class RecordingBlob extends OriginalBlob {
    segSource?: string;
    constructor(...args: ConstructorParameters<typeof Blob>) {
      super(...args);
      const parts = [...(args[0] ?? [])];
      if (parts.every((p) => typeof p === 'string')) this.segSource = parts.join('');
    }
  }
  const fileOf = (blob: RecordedBlob): string => {
    const source = blob.segSource as string;
    let path = files.get(source);
    if (path === undefined) {
      path = join(dir, `part-${files.size}.js`);
      writeFileSync(path, source.startsWith('var WasmBackendModuleThreadedSimd') ? prelude + source : source);
      files.set(source, path);
    }
    return path;
  };
  class FileWorker extends NodeWorker {
    constructor(url: string | URL, options?: object) {
      super(url, options);
      this.unref();
    }
    override ref(): void {}
    override postMessage(message: unknown, transfer?: readonly unknown[]): void {
      const m = message as { cmd?: string; urlOrBlob?: RecordedBlob };
      const rewritten = m?.cmd === 'load' && m.urlOrBlob?.segSource !== undefined ? { ...m, urlOrBlob: fileOf(m.urlOrBlob) } : message;
      super.postMessage(rewritten, transfer as never);
    }
  }

  globalThis.Blob = RecordingBlob as typeof Blob;
  URL.createObjectURL = (blob: Blob) =>
    (blob as RecordedBlob)?.segSource !== undefined ? fileOf(blob as RecordedBlob) : originalCreateObjectURL(blob);
  Object.defineProperty(globalThis, 'Worker', { configurable: true, get: () => FileWorker, set: () => {} });
  os.cpus = () => {
    const real = originalCpus();
    return Array.from({ length: Math.max(real.length, 2 * threads) }, (_, i) => real[i % real.length]);
  };
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  wasm.setThreadsCount(threads);

  return () => {
    os.cpus = originalCpus;
    globalThis.Blob = OriginalBlob;
    URL.createObjectURL = originalCreateObjectURL;
    if (workerDescriptor) Object.defineProperty(globalThis, 'Worker', workerDescriptor);
    else Reflect.deleteProperty(globalThis, 'Worker');
  };
}
