/** Shared helpers of the backend-*.test.ts files: run one kernel on one back-end, compare arrays. */
import '@tensorflow/tfjs-backend-wasm';
import { Rng } from '@seg/core';
import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';

export interface Arr {
  values: Float32Array;
  shape: number[];
}

/** Standard-normal values from a seeded generator. */
export function randn(shape: number[], seed: number): Arr {
  const size = shape.reduce((a, b) => a * b, 1);
  return { values: new Rng(seed).fillNormal(new Float32Array(size)), shape };
}

/** Activates `backendName` (both cpu and wasm are initialised once, then switching is instant). */
export async function use(backendName: 'cpu' | 'wasm'): Promise<void> {
  if (tf.getBackend() !== backendName) await tf.setBackend(backendName);
}

/**
 * Runs one kernel function directly (no engine, no gradient tape) on the active back-end and returns the output
 * as a plain array; inputs and the output are released. `kernel` defaults to the registered one.
 */
export function runKernel(kernelName: string, inputs: Record<string, Arr>, attrs: object, kernel?: KernelConfig | KernelFunc): Arr {
  const backendName = tf.getBackend();
  const config = kernel ?? tf.getKernel(kernelName, backendName);
  if (config === undefined) throw new Error(`${kernelName} is not registered on ${backendName}`);
  const kernelFunc = typeof config === 'function' ? config : config.kernelFunc;
  const tensors = Object.fromEntries(Object.entries(inputs).map(([k, a]) => [k, tf.tensor(a.values, a.shape)]));
  const backend = tf.backend() as unknown as { readSync(id: unknown): Float32Array; disposeData(id: unknown): boolean };
  try {
    const out = kernelFunc({
      inputs: tensors as unknown as Record<string, TensorInfo>,
      backend,
      attrs: attrs as tf.NamedAttrMap,
    }) as TensorInfo;
    const values = Float32Array.from(backend.readSync(out.dataId));
    backend.disposeData(out.dataId);
    return { values, shape: out.shape };
  } finally {
    for (const t of Object.values(tensors)) t.dispose();
  }
}

/** max |a − b| / max |b|: the error relative to the reference's scale. */
export function relError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return scale === 0 ? diff : diff / scale;
}

/** Data buffers the active back-end holds (engine tensors and kernel intermediates alike). */
export function backendDataIds(): number {
  return (tf.backend() as unknown as { numDataIds(): number }).numDataIds();
}

/** Plain-JS float64 reference of the NHWC conv2d filter gradient, written from the definition (6 nested sums). */
export function referenceFilterGradient(
  x: Arr,
  dy: Arr,
  filterShape: number[],
  geometry: { strides: [number, number]; dilations: [number, number]; padTop: number; padLeft: number },
): Float64Array {
  const [N, H, W, C] = x.shape;
  const [, Ho, Wo, K] = dy.shape;
  const [fh, fw] = filterShape;
  const { strides, dilations, padTop, padLeft } = geometry;
  const out = new Float64Array(fh * fw * C * K);
  for (let i = 0; i < fh; i++)
    for (let j = 0; j < fw; j++)
      for (let c = 0; c < C; c++)
        for (let k = 0; k < K; k++) {
          let s = 0;
          for (let n = 0; n < N; n++)
            for (let o = 0; o < Ho; o++)
              for (let p = 0; p < Wo; p++) {
                const r = o * strides[0] + i * dilations[0] - padTop;
                const q = p * strides[1] + j * dilations[1] - padLeft;
                if (r >= 0 && r < H && q >= 0 && q < W)
                  s += x.values[((n * H + r) * W + q) * C + c] * dy.values[((n * Ho + o) * Wo + p) * K + k];
              }
          out[((i * fw + j) * C + c) * K + k] = s;
        }
  return out;
}

/**
 * Runs `fn` with the stock kernels registered in place of seg's for the given (kernel, back-end) pairs, then
 * puts seg's back. Used to show a stock kernel's defect next to seg's fix.
 */
export async function withStockKernels<T>(pairs: [string, string][], fn: () => T | Promise<T>): Promise<T> {
  const saved = pairs.map(([kernelName, backendName]) => tf.getKernel(kernelName, backendName));
  pairs.forEach(([kernelName, backendName], i) => {
    const stock = (saved[i] as { segStock?: KernelConfig } | undefined)?.segStock;
    if (saved[i] !== undefined) tf.unregisterKernel(kernelName, backendName);
    if (stock !== undefined) tf.registerKernel(stock);
  });
  try {
    return await fn();
  } finally {
    pairs.forEach(([kernelName, backendName], i) => {
      if (tf.getKernel(kernelName, backendName) !== undefined) tf.unregisterKernel(kernelName, backendName);
      if (saved[i] !== undefined) tf.registerKernel(saved[i] as KernelConfig);
    });
  }
}
