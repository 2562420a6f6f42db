/**
 * Installing seg's replacement kernels into tfjs's global kernel registry, and the small set of helpers
 * every seg kernel uses to call other kernels of the same back-end, read and write data, and dispose
 * intermediates.
 *
 * A replaced kernel keeps a reference to the stock config it replaced (`segStock`), stored on the
 * registered config object itself: the registry is a process-wide global, so this survives even when
 * two copies of this module are loaded, and makes `registerSegKernels()` idempotent.
 */

import { SegInternalError } from '@seg/core';
import * as tf from '@tensorflow/tfjs';
import type { BackendValues, DataId, KernelConfig, KernelFunc, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs-core';

/** What a seg kernel needs from a back-end; both `MathBackendCPU` and `BackendWasm` provide it. */
export interface KernelBackendLike {
  readSync(dataId: DataId): BackendValues;
  disposeData(dataId: DataId, force?: boolean): boolean;
}

/** The argument tfjs hands to every kernel function. */
export interface KernelArgs {
  inputs: NamedTensorInfoMap;
  backend: unknown;
  attrs?: NamedAttrMap;
}

/** A kernel config registered by seg: the stock config it replaced travels with it. */
export interface SegKernelConfig extends KernelConfig {
  /** One line: what this kernel does differently from the stock one. */
  segDescription: string;
  /** The config that was registered before seg replaced it, if any. */
  segStock?: KernelConfig;
}

/** What seg installs: a kernel function built from the stock config (absent when the back-end has none). */
export interface SegKernelSpec {
  kernelName: string;
  backendName: string;
  description: string;
  make(stock: KernelConfig | undefined): KernelFunc;
}

function isSegConfig(config: KernelConfig | undefined): config is SegKernelConfig {
  return config !== undefined && typeof (config as Partial<SegKernelConfig>).segDescription === 'string';
}

/**
 * Replaces (or adds) one kernel. Returns false when the back-end's kernels are not registered yet or seg's
 * kernel is already installed. The stock setup/dispose functions are carried over so that registering
 * before the back-end initialises still runs them.
 */
export function installKernel(spec: SegKernelSpec, requires: string): boolean {
  const { kernelName, backendName, description } = spec;
  if (tf.getKernel(requires, backendName) === undefined) return false;
  const current = tf.getKernel(kernelName, backendName);
  if (isSegConfig(current)) return false;
  if (current !== undefined) tf.unregisterKernel(kernelName, backendName);
  const config: SegKernelConfig = {
    kernelName,
    backendName,
    kernelFunc: spec.make(current),
    setupFunc: current?.setupFunc,
    disposeFunc: current?.disposeFunc,
    segDescription: description,
    segStock: current,
  };
  tf.registerKernel(config);
  return true;
}

/** The stock kernel seg replaced, or the registered one when seg replaced nothing. */
export function stockKernel(kernelName: string, backendName: string): KernelConfig | undefined {
  const current = tf.getKernel(kernelName, backendName);
  return isSegConfig(current) ? current.segStock : current;
}

/** Every kernel seg has installed, with its one-line description. */
export function installedSegKernels(): { kernelName: string; backendName: string; description: string; replaced: boolean }[] {
  const out: { kernelName: string; backendName: string; description: string; replaced: boolean }[] = [];
  for (const backendName of ['wasm', 'cpu', 'tensorflow']) {
    for (const config of tf.getKernelsForBackend(backendName)) {
      if (isSegConfig(config)) {
        out.push({
          kernelName: config.kernelName,
          backendName,
          description: config.segDescription,
          replaced: config.segStock !== undefined,
        });
      }
    }
  }
  return out;
}

/** Runs the kernel currently registered under `kernelName` for `backendName`, bypassing the engine. */
export function callKernel(
  kernelName: string,
  backendName: string,
  backend: unknown,
  inputs: NamedTensorInfoMap,
  attrs: NamedAttrMap = {},
): TensorInfo {
  const config = tf.getKernel(kernelName, backendName);
  if (config === undefined) {
    throw new SegInternalError({ fn: 'callKernel', detail: `kernel '${kernelName}' is not registered for back-end '${backendName}'` });
  }
  return config.kernelFunc({ inputs, backend: backend as object, attrs }) as TensorInfo;
}

/** Releases intermediate results of a kernel (never its inputs or its output). */
export function disposeIntermediates(backend: unknown, ...infos: (TensorInfo | undefined)[]): void {
  for (const info of infos) if (info !== undefined) (backend as KernelBackendLike).disposeData(info.dataId);
}

/** The values of a float32/int32 tensor as a Float32Array (a copy on wasm, the stored array on cpu). */
export function readFloat32(backend: unknown, info: TensorInfo): Float32Array {
  const values = (backend as KernelBackendLike).readSync(info.dataId);
  return values instanceof Float32Array ? values : Float32Array.from(values as ArrayLike<number>);
}

/**
 * The values of a float32 tensor without copying when the back-end allows it (wasm: a view on its heap, valid
 * only until the next allocation on that back-end; cpu: the stored array).
 */
export function viewFloat32(backend: unknown, info: TensorInfo): Float32Array {
  const b = backend as { typedArrayFromHeap?: (info: TensorInfo) => Float32Array };
  if (typeof b.typedArrayFromHeap === 'function' && info.dtype === 'float32') return b.typedArrayFromHeap(info);
  return readFloat32(backend, info);
}

/** A new float32 output holding `values`, created the way the back-end creates kernel outputs. */
export function writeFloat32(backend: unknown, shape: number[], values: Float32Array): TensorInfo {
  const b = backend as {
    makeOutput?: (shape: number[], dtype: 'float32', offset?: number, values?: Float32Array) => TensorInfo;
    makeTensorInfo?: (shape: number[], dtype: 'float32', values: Float32Array) => TensorInfo;
  };
  // cpu: makeTensorInfo(shape, dtype, values) (its makeOutput takes other arguments and returns a Tensor);
  // wasm: makeOutput(shape, dtype, memoryOffset, values), no makeTensorInfo.
  if (typeof b.makeTensorInfo === 'function') return b.makeTensorInfo(shape, 'float32', values);
  if (typeof b.makeOutput === 'function') return b.makeOutput(shape, 'float32', undefined, values);
  throw new SegInternalError({ fn: 'writeFloat32', detail: 'the back-end has neither makeOutput nor makeTensorInfo' });
}
