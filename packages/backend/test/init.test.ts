import { SegConfigError } from '@seg/core';
import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it } from 'vitest';
import { type BackendName, initBackend, isModuleMissing, listSegKernels, registerSegKernels, tryImport } from '../src/index.js';

// These tests are about choosing between tfjs-node, wasm and cpu; the optional native addon (backend-init-native.test.ts)
// is switched off so they behave the same whether or not `pnpm build:native` has run.
process.env.SEG_NATIVE_ADDON = 'off';
const NATIVE_OFF = 'native kernels: disabled (SEG_NATIVE_ADDON=off)';

const missing = (specifier: string) =>
  Object.assign(new Error(`Cannot find package '${specifier}' imported from /x.js`), { code: 'ERR_MODULE_NOT_FOUND' });

/** A stand-in for tfjs-node: registers a 'tensorflow' back-end (a cpu back-end instance under that name). */
async function fakeTfjsNode(specifier: string): Promise<void> {
  if (specifier !== '@tensorflow/tfjs-node') throw missing(specifier);
  await tf.ready();
  const CpuBackend = (tf.findBackend('cpu') ?? tf.backend()).constructor as new () => tf.KernelBackend;
  tf.registerBackend('tensorflow', () => new CpuBackend(), 0);
}

describe('initBackend', () => {
  afterEach(async () => {
    if (tf.findBackendFactory('tensorflow') !== null) tf.removeBackend('tensorflow');
    await tf.setBackend('cpu');
  });

  it("'auto' here (no tfjs-node installed) falls through quietly to wasm, logging only the choice", async () => {
    const lines: string[] = [];
    const info = await initBackend('auto', { log: (m) => lines.push(m) });
    expect(info.backend).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(info.detail).toMatch(
      /^wasm \(@tensorflow\/tfjs-backend-wasm 4\.\d+\.\d+, XNNPACK, SIMD, 1 thread\); \d+ seg kernels installed$/,
    );
    expect(lines).toEqual([NATIVE_OFF, `backend: ${info.detail}`]);
  });

  it('is idempotent: a second call changes nothing and installs no kernel twice', async () => {
    const first = await initBackend('wasm');
    const kernels = listSegKernels().length;
    const second = await initBackend('wasm');
    expect(second).toEqual(first);
    expect(listSegKernels()).toHaveLength(kernels);
    expect(registerSegKernels()).toBe(0);
  });

  it("'cpu' selects the pure-JS back-end and says it is slow", async () => {
    const info = await initBackend('cpu');
    expect(info.backend).toBe('cpu');
    expect(info.detail).toContain('slow');
    expect(listSegKernels().some((k) => k.backendName === 'cpu' && k.kernelName === 'Conv2DBackpropFilter')).toBe(true);
  });

  it("'tensorflow' without tfjs-node is a SegConfigError naming the argument, with the install hint", async () => {
    const error = await initBackend('tensorflow').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SegConfigError);
    expect((error as Error).message).toMatch(/^initBackend: 'name' must be a back-end that is installed/);
    expect((error as Error).message).toContain('npm install @tensorflow/tfjs-node');
    expect((error as Error).message).toContain('downloads libtensorflow');
  });

  it('an unknown name is a SegConfigError listing the valid names', async () => {
    await expect(initBackend('webgl' as BackendName)).rejects.toThrow(
      "initBackend: 'name' must be one of 'auto', 'tensorflow', 'wasm', 'cpu', got 'webgl'.",
    );
  });

  it("'auto' takes an installed tfjs-node first (tfjs-node-gpu missing)", async () => {
    const lines: string[] = [];
    const info = await initBackend('auto', { importer: fakeTfjsNode, log: (m) => lines.push(m) });
    expect(info.backend).toBe('tensorflow');
    expect(info.detail).toContain('@tensorflow/tfjs-node, native libtensorflow');
    expect(lines).toEqual([`backend: ${info.detail}`]);
  });

  it("a binding that is installed but broken is logged and skipped by 'auto', and reported by 'tensorflow'", async () => {
    const broken = async (s: string) => {
      throw s === '@tensorflow/tfjs-node' ? new Error('libtensorflow.so.2: cannot open shared object file') : missing(s);
    };
    const lines: string[] = [];
    const info = await initBackend('auto', { importer: broken, log: (m) => lines.push(m) });
    expect(info.backend).toBe('wasm');
    expect(lines[0]).toBe('@tensorflow/tfjs-node: installed but failed to load (libtensorflow.so.2: cannot open shared object file)');
    await expect(initBackend('tensorflow', { importer: broken })).rejects.toThrow(/whose binding failed to load: libtensorflow\.so\.2/);
  });

  it('asking for wasm threads once wasm runs says the count is fixed per process', async () => {
    const lines: string[] = [];
    await initBackend('wasm', { threads: 2, log: (m) => lines.push(m) });
    expect(lines[0]).toBe('wasm: already running 1 thread(s); the thread count is fixed at the first wasm initialisation in a process');
  });
});

describe('tryImport / isModuleMissing', () => {
  it("tells 'not installed' from 'installed but failing'", async () => {
    expect(await tryImport('@tensorflow/tfjs-node', async (s) => Promise.reject(missing(s)))).toBe('missing');
    const failure = await tryImport('@tensorflow/tfjs-node', async () => Promise.reject(new Error('bad ELF')));
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toBe('bad ELF');
    expect(await tryImport('@tensorflow/tfjs-node', async () => ({}))).toBe('ok');
  });

  it('a missing dependency *inside* the package is not the package missing', () => {
    const inner = Object.assign(new Error("Cannot find module 'node-pre-gyp' imported from tfjs-node"), { code: 'ERR_MODULE_NOT_FOUND' });
    expect(isModuleMissing(inner, '@tensorflow/tfjs-node')).toBe(false);
  });

  it('the real dynamic import of an absent package is recognised as missing', async () => {
    expect(await tryImport('@tensorflow/tfjs-node', (s) => import(s))).toBe('missing');
  });
});
