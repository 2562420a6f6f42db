import { availableParallelism } from 'node:os';
import { SegConfigError } from '@seg/core';
import * as tf from '@tensorflow/tfjs';
import { installFusedTraining } from './fused-training.js';
import { activate, initWasm } from './init-wasm.js';
import { loadNativeAddon } from './native.js';
import { registerNativeKernels } from './native-kernels.js';
import { platformPackage } from './native-resolve.js';
import { listSegKernels, registerSegKernels } from './register-seg-kernels.js';

/** A back-end choice: 'auto' takes the fastest one installed (tfjs-node-gpu, tfjs-node, wasm, cpu). */
export type BackendName = 'auto' | 'tensorflow' | 'wasm' | 'cpu';

export const BACKEND_NAMES: readonly BackendName[] = ['auto', 'tensorflow', 'wasm', 'cpu'];

export interface InitBackendOptions {
  /** Receives one line per decision (what was tried, what runs). Default: silent. */
  log?: (msg: string) => void;
  /**
   * wasm threads (default: `SEG_WASM_THREADS`, else 2 where there are 2 cores or more). Values > 1 start tfjs's
   * threaded-SIMD build under Node (patched at start-up, see wasm-threads.ts; tfjs-backend-wasm 4.22.0 only, any
   * other version runs 1 thread with one log line): inference ≈ 1.6×, training ≈ 1.2–1.3× faster on 2 cores,
   * identical results. Decided once per process, at the first wasm initialisation.
   */
  threads?: number;
  /** oneDNN/OpenMP threads of the native addon (default: `OMP_NUM_THREADS` if set, else every available core). */
  nativeThreads?: number;
  /** How optional packages are imported; tests replace it. Default: dynamic `import()`. */
  importer?: (specifier: string) => Promise<unknown>;
}

export interface BackendInfo {
  /** tfjs's name of the back-end now active: 'tensorflow', 'wasm' or 'cpu'. */
  backend: string;
  /** One line for humans: package, build, threads, seg kernels installed. */
  detail: string;
}

/** wasm threads when nothing says otherwise: 2 where the machine has 2 cores or more. */
export function defaultWasmThreads(): number {
  const fromEnv = Number(process.env.SEG_WASM_THREADS);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : Math.min(2, availableParallelism());
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

/**
 * Chooses and initialises the TensorFlow.js back-end, then installs seg's kernels (`registerSegKernels`) and its
 * fused training kernels (`installFusedTraining`).
 *
 * 'auto' tries, in order, `@tensorflow/tfjs-node-gpu` and `@tensorflow/tfjs-node` (optional peers: absent ones
 * are skipped quietly, broken ones logged), the cpu back-end with seg's oneDNN addon (local build or the prebuilt
 * `@seg/backend-<platform>-<arch>` package), the embedded `@tensorflow/tfjs-backend-wasm` (2 threads by default,
 * its .wasm binaries loaded from the package folder), and finally `cpu` (pure JavaScript, slow). `log` gets one
 * line saying what runs (with why not the addon, when 'auto' falls past it). Asking for 'tensorflow' when no
 * binding is installed is a `SegConfigError`. Safe to call repeatedly.
 */
export async function initBackend(name: BackendName = 'auto', options: InitBackendOptions = {}): Promise<BackendInfo> {
  const { log = () => {}, threads = defaultWasmThreads(), importer = (s: string) => import(s) } = options;
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
  // seg's oneDNN addon (local build or prebuilt platform package) makes the cpu back-end the fastest: 'auto' prefers it.
  let nativeMissing: string | undefined;
  if (detail === undefined && (name === 'auto' || name === 'cpu')) {
    const outcome = await initNative(options.nativeThreads);
    if (outcome.detail !== undefined) detail = outcome.detail;
    else if (name === 'auto') nativeMissing = outcome.why;
  }
  if (detail === undefined && (name === 'auto' || name === 'wasm')) {
    detail = await initWasm(threads, log);
    if (detail === undefined && name === 'wasm') throw backendFailed('wasm');
  }
  if (detail === undefined) {
    if (!(await activate('cpu'))) throw backendFailed('cpu');
    detail = 'cpu (pure JavaScript; slow: install @tensorflow/tfjs-node or use the wasm back-end for training)';
  }
  const fusion = installFusedTraining();
  if (fusion !== undefined) log(fusion);
  registerSegKernels();
  const active = tf.getBackend();
  const kernels = listSegKernels().filter((k) => k.backendName === active).length;
  const full = `${detail}; ${kernels} seg kernel${kernels === 1 ? '' : 's'} installed`;
  log(`backend: ${full}${nativeMissing === undefined ? '' : ` (oneDNN addon: ${nativeMissing})`}`);
  return { backend: active, detail: full };
}

/** Loads the addon and installs its kernels: the back-end's description, or why not (one short phrase). */
async function initNative(threads?: number): Promise<{ detail?: string; why?: string }> {
  let why: string | undefined;
  const count = threads ?? (process.env.OMP_NUM_THREADS ? undefined : availableParallelism());
  if (!registerNativeKernels({ threads: count, log: (m) => (why = m.replace(/^native kernels: /, '')) })) return { why };
  if (!(await activate('cpu'))) return { why: "tf.setBackend('cpu') failed" };
  const load = loadNativeAddon();
  const version = /oneDNN [\d.]+/.exec(load.addon?.info() ?? '')?.[0] ?? 'oneDNN';
  const n = load.addon?.setNumThreads(0) ?? 1;
  const from = load.source === 'prebuilt' ? platformPackage() : load.source === 'build' ? 'local build' : load.path;
  return { detail: `cpu + seg's oneDNN addon (${version}, ${n} thread${n === 1 ? '' : 's'}, ${from})` };
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
