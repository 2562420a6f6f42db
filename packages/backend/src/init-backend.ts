import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { SegConfigError } from '@seg/core';
import * as tf from '@tensorflow/tfjs';
import { registerNativeKernels } from './native-kernels.js';
import { listSegKernels, registerSegKernels } from './register-seg-kernels.js';
import { patchForThreads, THREADED_WASM_VERSION } from './wasm-threads.js';

/** A back-end choice: 'auto' takes the fastest one installed (tfjs-node-gpu, tfjs-node, wasm, cpu). */
export type BackendName = 'auto' | 'tensorflow' | 'wasm' | 'cpu';

export const BACKEND_NAMES: readonly BackendName[] = ['auto', 'tensorflow', 'wasm', 'cpu'];

export interface InitBackendOptions {
  /** Receives one line per decision (what was tried, what runs). Default: silent. */
  log?: (msg: string) => void;
  /**
   * wasm threads (default: `SEG_WASM_THREADS`, else 1). Values > 1 start tfjs's threaded-SIMD build under Node
   * (patched at start-up, see wasm-threads.ts; tfjs-backend-wasm 4.22.0 only): inference ≈ 1.6×, training ≈ 1.2–1.3×
   * faster on 2 cores, identical results. Decided once per process, at the first wasm initialisation.
   */
  threads?: number;
  /** How optional packages are imported; tests replace it. Default: dynamic `import()`. */
  importer?: (specifier: string) => Promise<unknown>;
}

export interface BackendInfo {
  /** tfjs's name of the back-end now active: 'tensorflow', 'wasm' or 'cpu'. */
  backend: string;
  /** One line for humans: package, build, threads, seg kernels installed. */
  detail: string;
}

const TF_NODE_PACKAGES = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] as const;

/** True when `error` says that `specifier` itself is not installed (as opposed to installed but broken). */
export function isModuleMissing(error: unknown, specifier: string): boolean {
  const { code, message = '' } = (error ?? {}) as { code?: string; message?: string };
  // Node: "Cannot find package 'x' imported from …"; Vite/vitest: 'Could not resolve "x" imported by …'.
  const missing =
    code === 'ERR_MODULE_NOT_FOUND' ||
    code === 'MODULE_NOT_FOUND' ||
    /Cannot find (package|module)|Could not resolve|Failed to (load|resolve)/.test(message);
  return missing && (message.includes(`'${specifier}'`) || message.includes(`"${specifier}"`));
}

/** Imports an optional package: 'missing' when not installed, the error when installed but failing to load. */
export async function tryImport(specifier: string, importer: (s: string) => Promise<unknown>): Promise<'ok' | 'missing' | Error> {
  try {
    await importer(specifier);
    return 'ok';
  } catch (error) {
    if (isModuleMissing(error, specifier)) return 'missing';
    return error instanceof Error ? error : new Error(String(error));
  }
}

async function activate(name: string): Promise<boolean> {
  if (tf.getBackend() === name) return true;
  try {
    return await tf.setBackend(name);
  } catch {
    return false;
  }
}

async function initTensorflow(importer: (s: string) => Promise<unknown>, log: (m: string) => void): Promise<string | Error | undefined> {
  let failure: Error | undefined;
  for (const pkg of TF_NODE_PACKAGES) {
    const outcome = await tryImport(pkg, importer);
    if (outcome === 'missing') continue; // optional and usually absent: not worth a line on every command
    if (outcome instanceof Error) {
      log(`${pkg}: installed but failed to load (${outcome.message.split('\n')[0]})`);
      failure = outcome;
      continue;
    }
    if (await activate('tensorflow')) return `tensorflow (${pkg}, native libtensorflow)`;
    failure = new Error(`${pkg} loaded but tf.setBackend('tensorflow') failed`);
    log(`${pkg}: ${failure.message}`);
  }
  return failure;
}

function wasmDistFolder(): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    return `${join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist')}/`;
  } catch {
    return undefined;
  }
}

async function initWasm(threads: number, log: (m: string) => void): Promise<string | undefined> {
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
  if (threads !== 1 && tf.findBackend('wasm') !== null && threads !== wasm.getThreadsCount())
    log(
      `wasm: already running ${wasm.getThreadsCount()} thread(s); the thread count is fixed at the first wasm initialisation in a process`,
    );
  else if (threads > 1 && tf.findBackend('wasm') === null) {
    if (wasm.version_wasm !== THREADED_WASM_VERSION)
      log(`wasm: ${threads} threads need @tensorflow/tfjs-backend-wasm ${THREADED_WASM_VERSION} (found ${wasm.version_wasm}); using 1`);
    else restore = patchForThreads(wasm, threads);
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

/**
 * Chooses and initialises the TensorFlow.js back-end, then installs seg's kernels (`registerSegKernels`).
 *
 * 'auto' tries, in order, `@tensorflow/tfjs-node-gpu` and `@tensorflow/tfjs-node` (optional peers: absent ones
 * are skipped quietly, broken ones logged), the embedded `@tensorflow/tfjs-backend-wasm` (its .wasm binaries
 * loaded from the package folder), and finally `cpu` (pure JavaScript, slow). Asking for 'tensorflow' when no
 * binding is installed is a `SegConfigError`. Safe to call repeatedly.
 */
export async function initBackend(name: BackendName = 'auto', options: InitBackendOptions = {}): Promise<BackendInfo> {
  const { log = () => {}, threads = Number(process.env.SEG_WASM_THREADS ?? 1), importer = (s: string) => import(s) } = options;
  if (!BACKEND_NAMES.includes(name)) {
    throw new SegConfigError({
      fn: 'initBackend',
      arg: 'name',
      expected: `one of ${BACKEND_NAMES.map((n) => `'${n}'`).join(', ')}`,
      got: `'${String(name)}'`,
      hint: "Use 'auto' to take the fastest back-end installed",
    });
  }
  let detail: string | undefined;
  if (name === 'auto' || name === 'tensorflow') {
    const outcome = await initTensorflow(importer, log);
    if (typeof outcome === 'string') detail = outcome;
    else if (name === 'tensorflow') throw tensorflowMissing(outcome);
  }
  // The optional oneDNN addon (`pnpm build:native`) makes the cpu back-end faster than wasm: 'auto' prefers it.
  if (detail === undefined && (name === 'auto' || name === 'cpu') && registerNativeKernels({ log, threads: options.threads }))
    if (await activate('cpu')) detail = 'cpu + seg native kernels (oneDNN addon)';
  if (detail === undefined && (name === 'auto' || name === 'wasm')) {
    detail = await initWasm(threads, log);
    if (detail === undefined && name === 'wasm') throw backendFailed('wasm');
  }
  if (detail === undefined) {
    if (!(await activate('cpu'))) throw backendFailed('cpu');
    detail = 'cpu (pure JavaScript; slow: install @tensorflow/tfjs-node or use the wasm back-end for training)';
  }
  registerSegKernels();
  const active = tf.getBackend();
  const kernels = listSegKernels().filter((k) => k.backendName === active).length;
  const full = `${detail}; ${kernels} seg kernel${kernels === 1 ? '' : 's'} installed`;
  log(`backend: ${full}`);
  return { backend: active, detail: full };
}

function tensorflowMissing(cause: Error | undefined): SegConfigError {
  return new SegConfigError(
    {
      fn: 'initBackend',
      arg: 'name',
      expected: "a back-end that is installed ('tensorflow' needs @tensorflow/tfjs-node or @tensorflow/tfjs-node-gpu)",
      got:
        cause === undefined
          ? "'tensorflow', but neither package is installed"
          : `'tensorflow', whose binding failed to load: ${cause.message}`,
      hint: "Run `npm install @tensorflow/tfjs-node` (its install script downloads libtensorflow, ≈ 100 MB), or use 'wasm'",
    },
    { cause },
  );
}

function backendFailed(name: string): SegConfigError {
  return new SegConfigError({
    fn: 'initBackend',
    arg: 'name',
    expected: 'a back-end that initialises',
    got: `'${name}', which tf.setBackend could not initialise`,
    hint: "Try 'cpu', and report the problem with your Node version and platform",
  });
}
