import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { callKernel, disposeIntermediates, type KernelArgs, viewFloat32, writeFloat32 } from './kernel-registry.js';

/**
 * Sums x[a, b, c] over b into float64, for x laid out as [outer, reduce, inner]:
 *
 *   out[a, c] = Σ_b x[(a·R + b)·I + c].
 *
 * This covers reductions over the leading axes (batch-norm statistics over N, H, W of NHWC: outer = 1), the
 * trailing axes (inner = 1) and a middle block (global pooling over H, W) without any transpose. Four rows are
 * added per step (independent float64 partial sums), which halves the time of the naive loop.
 */
export function sumMiddleAxis(x: ArrayLike<number>, outer: number, reduce: number, inner: number): Float64Array {
  const out = new Float64Array(outer * inner);
  let k = 0;
  if (inner === 1) {
    for (let a = 0; a < outer; a++) {
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      const end = k + reduce;
      for (const end4 = k + (reduce & ~3); k < end4; k += 4) {
        s0 += x[k];
        s1 += x[k + 1];
        s2 += x[k + 2];
        s3 += x[k + 3];
      }
      for (; k < end; k++) s0 += x[k];
      out[a] = s0 + s1 + (s2 + s3);
    }
    return out;
  }
  const step = 4 * inner;
  for (let a = 0; a < outer; a++) {
    const base = a * inner;
    const end = k + reduce * inner;
    for (const end4 = k + (reduce >> 2) * step; k < end4; k += step) {
      for (let c = 0; c < inner; c++) {
        const j = k + c;
        out[base + c] += x[j] + x[j + inner] + (x[j + 2 * inner] + x[j + 3 * inner]);
      }
    }
    for (; k < end; k += inner) for (let c = 0; c < inner; c++) out[base + c] += x[k + c];
  }
  return out;
}

/**
 * Groups the axes of `shape` into [outer, reduce, inner] when the reduced axes are contiguous; undefined when
 * they are not (then the kernel transposes them to the end first).
 */
export function reductionBlocks(shape: number[], axes: number[]): [number, number, number] | undefined {
  const sorted = [...axes].sort((p, q) => p - q);
  for (let i = 1; i < sorted.length; i++) if (sorted[i] !== sorted[i - 1] + 1) return undefined;
  const first = sorted[0] ?? shape.length;
  const last = sorted.length === 0 ? shape.length - 1 : sorted[sorted.length - 1];
  const size = (from: number, to: number) => shape.slice(from, to).reduce((p, q) => p * q, 1);
  return [size(0, first), size(first, last + 1), size(last + 1, shape.length)];
}

/**
 * Reductions over at most this many contiguous trailing values (softmax over classes, channel sums) stay on the
 * stock kernel: float32 accumulation over ≤ 32 terms errs by ≤ 32 ε ≈ 2e-6 of Σ|x|, and the stock SIMD loop is
 * ≈ 3× faster there.
 */
export const SHORT_REDUCTION = 32;

/**
 * `Sum` or `Mean` of a float32 tensor with float64 accumulation, rounded to float32 once.
 *
 * wasm's stock kernels accumulate in float32, one element after another: the rounding error of a sum of n terms
 * grows like ε·n·(size of the partial sums), ≈ 3e-6 relative for n = 65 536 and ≈ 3e-5 for 10⁶ (cpu sums in
 * JavaScript doubles: ≈ 1e-8). Batch norm makes this matter: its statistics and its backward pass
 * (Σ dy, Σ dy·x̂ over N·H·W) are nearly cancelling sums, and the gradient of the layer before a batch norm is
 * exactly orthogonal to per-channel constants, so the error that reductions leave behind as a constant shift is
 * multiplied by Σ x of non-negative activations. Measured on conv→BN→ReLU→conv→CE against a float64 reference:
 * stock wasm gradients err by up to 1e-3 relative where cpu errs by 1e-7; with these kernels wasm matches cpu's
 * accuracy. Non-float32 inputs and short trailing reductions ({@link SHORT_REDUCTION}) go to the stock kernel.
 */
export function float64Reduce(kind: 'sum' | 'mean', backendName: string, stock: KernelConfig | undefined): KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args as KernelArgs;
    const x = inputs.x as TensorInfo;
    if (x.dtype !== 'float32' && stock !== undefined) return stock.kernelFunc(args);
    const { axis, keepDims = false } = attrs as unknown as { axis: number | number[]; keepDims?: boolean };
    const axes = tf.util.parseAxisParam(axis, x.shape);
    let blocks = reductionBlocks(x.shape, axes);
    let source = x;
    let transposed: TensorInfo | undefined;
    if (blocks === undefined) {
      const perm = tf.backend_util.getAxesPermutation(axes, x.shape.length) as number[];
      transposed = callKernel('Transpose', backendName, backend, { x }, { perm });
      source = transposed;
      blocks = reductionBlocks(transposed.shape, tf.backend_util.getInnerMostAxes(axes.length, x.shape.length)) as [number, number, number];
    }
    const [outer, reduce, inner] = blocks;
    if (inner === 1 && reduce <= SHORT_REDUCTION && transposed === undefined && stock !== undefined) return stock.kernelFunc(args);
    const sums = sumMiddleAxis(viewFloat32(backend, source), outer, reduce, inner);
    disposeIntermediates(backend, transposed);
    const values = new Float32Array(sums.length);
    for (let i = 0; i < sums.length; i++) values[i] = kind === 'mean' ? sums[i] / reduce : sums[i];
    const [outShape] = tf.backend_util.computeOutAndReduceShapes(x.shape, axes);
    return writeFloat32(backend, keepDims ? tf.backend_util.expandShapeToKeepDim(outShape, axes) : outShape, values);
  };
}
