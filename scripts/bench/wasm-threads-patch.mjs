// Multi-threaded tfjs wasm back-end under Node (tfjs-backend-wasm 4.22), without editing node_modules.
//
// Why it does not work out of the box (dist/tf-backend-wasm.node.js):
//  1. flags_wasm.js: WASM_HAS_MULTITHREAD_SUPPORT returns false whenever IS_NODE, so the single-threaded SIMD
//     binary is loaded.                                              → tf.env().set(flag, true) before setBackend.
//  2. init(): locateFile('…threaded-simd.worker.js') returns URL.createObjectURL(new Blob([worker source])), and
//     Emscripten's Node path does `new Worker(thatUrl)` with worker_threads.Worker, which rejects blob: URLs
//     (ERR_WORKER_PATH).                                             → the Blob's source written to a file, its path returned.
//  3. init(): mainScriptUrlOrBlob = new Blob(['var WasmBackendModuleThreadedSimd = ' + factory]) is posted to each
//     worker, whose importScripts() is fs.readFileSync(path): a Blob cannot be read there.
//                                                                    → the 'load' message gets a file path instead.
//     That factory source is also not self-contained: the bundler left free names in it (require$$0…4 for
//     fs/path/perf_hooks/os, commonjsGlobal, tslib's __values/__read/__spreadArray). → a prelude defining them.
//  4. spawnThread() ref()s every worker running a pthread, and the pool threads never end, so Node never exits.
//                                                                    → a Worker whose ref() is a no-op, unref'd.
//  5. the C++ side caps the pool: init_with_threads_count(n) uses min(n, 8, num_cores) with num_cores =
//     emscripten_num_logical_cores() / 2 = os.cpus().length / 2 (1 on this 2-core machine), read once when the
//     module is instantiated.              → the public setThreadsCount(n), and os.cpus() reporting 2n cores
//                                             while the back-end initialises.
// 2–4 happen inside init()'s closure, so they are patched from outside: globalThis.Blob records its string parts,
// URL.createObjectURL writes recorded sources to a temp file, and globalThis.Worker is pinned (the factory assigns
// `globalThis.Worker = worker_threads.Worker`; a setter that ignores it keeps ours) to a subclass that unrefs and
// rewrites the 'load' message. Everything is restored by the returned function (call it after setBackend).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os, { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Worker as NodeWorker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';

// Minimal tslib helpers (same semantics as tslib's for arrays and iterables), for the worker's copy of the factory.
const TSLIB = `var __values = function (o) { var m = typeof Symbol === 'function' && o[Symbol.iterator], i = 0;
  if (m) return m.call(o); return { next: function () { return { value: o[i], done: i++ >= o.length }; } }; };
var __read = function (o, n) { var a = Array.from(o); return n === undefined ? a : a.slice(0, n); };
var __spreadArray = function (to, from) { return to.concat(Array.prototype.slice.call(from)); };
var commonjsGlobal = globalThis;
`;

/** `var require$$N = require('m');` lines of the bundle, for the free `require$$N` names its factory source uses. */
function requirePrelude(bundlePath) {
  const lines = readFileSync(bundlePath, 'utf8').match(/^var require\$\$\d+ = require\('[^']+'\);$/gm) ?? [];
  return `${lines.join('\n')}\n`;
}

/**
 * Prepares `wasmModule` (the imported @tensorflow/tfjs-backend-wasm) to start with `threads` threads at the next
 * `tf.setBackend('wasm')`. `bundlePath`: the resolved dist/tf-backend-wasm.node.js (its require lines). Returns `restore()`, which undoes the global patches (call it once the back-end is up:
 * the workers are created during initialisation).
 */
export function enableWasmThreads(wasmModule, threads, bundlePath) {
  const prelude = TSLIB + requirePrelude(bundlePath);
  const dir = mkdtempSync(join(tmpdir(), 'seg-wasm-threads-'));
  const files = new Map(); // recorded source → file path (the 8 pool workers share one file)
  const OriginalBlob = globalThis.Blob;
  const originalCreateObjectURL = URL.createObjectURL;
  const workerDescriptor = Object.getOwnPropertyDescriptor(globalThis, 'Worker');

  class RecordingBlob extends OriginalBlob {
    constructor(parts = [], options = undefined) {
      super(parts, options);
      if (parts.every((p) => typeof p === 'string')) this.segSource = parts.join('');
    }
  }
  const fileOf = (blob) => {
    const source = blob.segSource;
    if (!files.has(source)) {
      const path = join(dir, `part-${files.size}.js`);
      const factory = source.startsWith('var WasmBackendModuleThreadedSimd');
      writeFileSync(path, factory ? prelude + source : source);
      files.set(source, path);
    }
    return files.get(source);
  };
  class FileWorker extends NodeWorker {
    constructor(url, options) {
      super(url, options);
      this.unref();
    }
    ref() {
      // Emscripten's spawnThread() refs the worker that runs a pthread; XNNPACK's pool threads never end.
      return this;
    }
    postMessage(message, transfer) {
      if (message?.cmd === 'load' && message.urlOrBlob?.segSource !== undefined) {
        message = { ...message, urlOrBlob: fileOf(message.urlOrBlob) };
      }
      return super.postMessage(message, transfer);
    }
  }

  globalThis.Blob = RecordingBlob;
  URL.createObjectURL = (blob) => (blob?.segSource !== undefined ? fileOf(blob) : originalCreateObjectURL(blob));
  Object.defineProperty(globalThis, 'Worker', { configurable: true, get: () => FileWorker, set: () => {} });
  const originalCpus = os.cpus;
  os.cpus = () => {
    const real = originalCpus();
    return Array.from({ length: Math.max(real.length, 2 * threads) }, (_, i) => real[i % real.length]);
  };
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  wasmModule.setThreadsCount(threads);

  return function restore() {
    os.cpus = originalCpus;
    globalThis.Blob = OriginalBlob;
    URL.createObjectURL = originalCreateObjectURL;
    if (workerDescriptor) Object.defineProperty(globalThis, 'Worker', workerDescriptor);
    else delete globalThis.Worker;
  };
}

/** Starts the threaded wasm build with `threads` threads; initBackend then finds it active and installs seg's kernels. */
export async function startThreadedWasm(threads) {
  const require = createRequire(new URL('../../packages/train/package.json', import.meta.url));
  const bundle = require.resolve('@tensorflow/tfjs-backend-wasm');
  const wasm = await import(bundle);
  wasm.setWasmPaths(`${join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist')}/`);
  const restore = enableWasmThreads(wasm, threads, bundle);
  try {
    await tf.setBackend('wasm');
  } finally {
    restore();
  }
  return wasm.getThreadsCount();
}
