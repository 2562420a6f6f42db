/**
 * Elementwise and reduction kernels for the cpu back-end from the native addon: the ops that dominate a training
 * step once the convolutions are native (U-Net depth 4, batch norm, 128², batch 4: ≈ 1 s of the cpu step).
 *
 * - `Add`, `Sub`, `Multiply`, `RealDiv`: out[i] = a[i_a] ∘ b[i_b] with NumPy broadcasting. tfjs's cpu kernels
 *   compute every broadcast element through `util.indexToLoc` (an array per element), so batch norm's
 *   [N,H,W,C] ∘ [C] and Adam's tensor ∘ scalar cost 10–20 ms per 2¹⁸ elements.
 * - `Relu`, `Step` (ReLU's gradient mask), `Square`, `Sqrt`.
 * - `FusedBatchNorm` (inference-form normalisation, also used in training): offset + (x − mean)·scale/√(var + ε)
 *   per channel, in double as the JavaScript kernel (which takes ≈ 20 ms per 2²⁰ elements).
 * - `Sum`, `Mean` over contiguous axes: float64 accumulation (as seg's `float64Reduce`), threads splitting the
 *   reduced axis when there are few outputs (batch-norm statistics), partials added in a fixed order.
 *
 * One float32 operation computed in double and rounded once (JavaScript) equals the float32 result, so the
 * elementwise outputs are bit-identical to tfjs's. Non-float32 inputs, empty tensors and non-contiguous
 * reduction axes go to the previously registered kernel.
 */
import * as tf from '@tensorflow/tfjs';
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { reductionBlocks } from './float64-reduce.js';
import { type KernelArgs, readFloat32, writeFloat32 } from './kernel-registry.js';
import type { SegNativeAddon } from './native.js';

/** tfjs kernel name → the addon's binary op code. */
export const BINARY_OPS = { Add: 0, Sub: 1, Multiply: 2, RealDiv: 3 } as const;
/** tfjs kernel name → the addon's unary op code. */
export const UNARY_OPS = { Relu: 0, Step: 1, Square: 2, Sqrt: 3 } as const;

type Native = (args: KernelArgs) => TensorInfo | undefined;

/** A native broadcasting binary kernel; undefined (= use the previous kernel) where it does not apply. */
export function nativeBinary(addon: SegNativeAddon, kernelName: keyof typeof BINARY_OPS): Native {
  const op = BINARY_OPS[kernelName];
  return ({ inputs, backend }) => {
    const { a, b } = inputs as Record<string, TensorInfo>;
    if (a.dtype !== 'float32' || b.dtype !== 'float32' || a.shape.length > 8 || b.shape.length > 8) return undefined;
    const outShape = tf.backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
    const size = tf.util.sizeFromShape(outShape);
    if (size === 0) return undefined;
    const out = new Float32Array(size);
    const shape = (s: number[]) => Int32Array.from(s);
    addon.binary(op, readFloat32(backend, a), shape(a.shape), readFloat32(backend, b), shape(b.shape), out, shape(outShape));
    return writeFloat32(backend, outShape, out);
  };
}

/** A native unary kernel (`Step` takes its `alpha` attribute: the value for x ≤ 0). */
export function nativeUnary(addon: SegNativeAddon, kernelName: keyof typeof UNARY_OPS): Native {
  const op = UNARY_OPS[kernelName];
  return ({ inputs, backend, attrs }) => {
    const x = inputs.x as TensorInfo;
    if (x.dtype !== 'float32' || tf.util.sizeFromShape(x.shape) === 0) return undefined;
    const values = readFloat32(backend, x);
    const out = new Float32Array(values.length);
    addon.unary(op, values, out, Number((attrs as { alpha?: number } | undefined)?.alpha ?? 0));
    return writeFloat32(backend, [...x.shape], out);
  };
}

/** Native `Sum` / `Mean` over contiguous axes, accumulated in float64. */
export function nativeReduce(addon: SegNativeAddon, kind: 'sum' | 'mean'): Native {
  return ({ inputs, backend, attrs }) => {
    const x = inputs.x as TensorInfo;
    if (x.dtype !== 'float32') return undefined;
    const { axis, keepDims = false } = attrs as unknown as { axis: number | number[]; keepDims?: boolean };
    const axes = tf.util.parseAxisParam(axis, x.shape);
    const blocks = reductionBlocks(x.shape, axes);
    if (blocks === undefined || blocks[1] === 0 || tf.util.sizeFromShape(x.shape) === 0) return undefined;
    const [outer, reduce, inner] = blocks;
    const out = new Float32Array(outer * inner);
    addon.sumMiddleAxis(readFloat32(backend, x), outer, reduce, inner, out, kind === 'mean');
    const [outShape] = tf.backend_util.computeOutAndReduceShapes(x.shape, axes);
    return writeFloat32(backend, keepDims ? tf.backend_util.expandShapeToKeepDim(outShape, axes) : outShape, out);
  };
}

/** Native `FusedBatchNorm` when every parameter has length 1 or the same length C dividing x's size. */
export function nativeBatchNorm(addon: SegNativeAddon): Native {
  return ({ inputs, backend, attrs }) => {
    const { x, mean, variance, scale, offset } = inputs as Record<string, TensorInfo | undefined>;
    if (x === undefined || mean === undefined || variance === undefined) return undefined;
    const params = [mean, variance, scale, offset];
    if (![x, ...params].every((t) => t === undefined || t.dtype === 'float32')) return undefined;
    const sizes = params.map((t) => (t === undefined ? 1 : tf.util.sizeFromShape(t.shape)));
    const channels = Math.max(...sizes);
    const size = tf.util.sizeFromShape(x.shape);
    if (size === 0 || size % channels !== 0 || sizes.some((s) => s !== 1 && s !== channels)) return undefined;
    const read = (t: TensorInfo | undefined, fill: number) => (t === undefined ? Float32Array.of(fill) : readFloat32(backend, t));
    const out = new Float32Array(size);
    const eps = (attrs as { varianceEpsilon?: number } | undefined)?.varianceEpsilon ?? 0.001;
    addon.batchNorm(readFloat32(backend, x), channels, read(mean, 0), read(variance, 1), read(scale, 1), read(offset, 0), eps, out);
    return writeFloat32(backend, [...x.shape], out);
  };
}

/** The elementwise and reduction kernels, as `NATIVE_KERNELS` entries. */
export const NATIVE_ELEMENTWISE_KERNELS: readonly { kernelName: string; description: string; make(addon: SegNativeAddon): Native }[] = [
  ...(Object.keys(BINARY_OPS) as (keyof typeof BINARY_OPS)[]).map((kernelName) => ({
    kernelName,
    description: 'broadcasting float32 loop over merged contiguous dimensions, OpenMP rows (native addon)',
    make: (n: SegNativeAddon) => nativeBinary(n, kernelName),
  })),
  ...(Object.keys(UNARY_OPS) as (keyof typeof UNARY_OPS)[]).map((kernelName) => ({
    kernelName,
    description: 'float32 loop, OpenMP (native addon)',
    make: (n: SegNativeAddon) => nativeUnary(n, kernelName),
  })),
  {
    kernelName: 'FusedBatchNorm',
    description: 'per-channel loop in double as the stock kernel, OpenMP (native addon)',
    make: nativeBatchNorm,
  },
  {
    kernelName: 'Sum',
    description: 'float64 accumulation over contiguous axes, OpenMP (native addon)',
    make: (n) => nativeReduce(n, 'sum'),
  },
  {
    kernelName: 'Mean',
    description: 'float64 accumulation over contiguous axes, OpenMP (native addon)',
    make: (n) => nativeReduce(n, 'mean'),
  },
];
