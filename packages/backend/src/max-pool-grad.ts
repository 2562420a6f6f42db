import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { type KernelArgs, readFloat32, writeFloat32 } from './kernel-registry.js';

/** Attributes of `MaxPoolGrad`. */
export interface MaxPoolGradAttrs {
  filterSize: [number, number] | number;
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | [[number, number], [number, number], [number, number], [number, number]];
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/** tfjs's description of a 2-D pooling (padding, strides, sizes). */
export type Pool2DInfo = ReturnType<typeof tf.backend_util.computePool2DInfo>;

/**
 * Max-pooling gradient, NHWC: each output's dy goes to the first maximum of its window (row-major order,
 * strict `>` from −∞, padding never wins), as TensorFlow and tfjs's cpu back-end route it:
 *
 *   ∂L/∂x[n,r,q,c] = Σ_{(o,p): argmax of window (o,p) = (r,q)} dy[n,o,p,c].
 *
 * Replaces wasm's `MaxPoolGrad`, whose running maximum starts at the smallest positive float instead of −∞,
 * so a window whose maximum is ≤ 0 routes its gradient nowhere (or to a wrong pixel).
 */
export function maxPoolGradient(x: ArrayLike<number>, dy: ArrayLike<number>, info: Pool2DInfo): Float32Array {
  const { batchSize, inHeight: H, inWidth: W, inChannels: C, outHeight: Ho, outWidth: Wo } = info;
  const { strideHeight: sh, strideWidth: sw, effectiveFilterHeight: fh, effectiveFilterWidth: fw } = info;
  const { top, left } = info.padInfo;
  const dx = new Float32Array(batchSize * H * W * C);
  const best = new Float64Array(C);
  const where = new Int32Array(C);
  for (let n = 0; n < batchSize; n++) {
    for (let o = 0; o < Ho; o++) {
      const r0 = Math.max(0, o * sh - top);
      const r1 = Math.min(H, o * sh - top + fh);
      for (let p = 0; p < Wo; p++) {
        const q0 = Math.max(0, p * sw - left);
        const q1 = Math.min(W, p * sw - left + fw);
        best.fill(Number.NEGATIVE_INFINITY);
        where.fill(-1);
        for (let r = r0; r < r1; r++) {
          for (let q = q0; q < q1; q++) {
            const base = ((n * H + r) * W + q) * C;
            for (let c = 0; c < C; c++) {
              const v = x[base + c];
              if (v > best[c]) {
                best[c] = v;
                where[c] = base + c;
              }
            }
          }
        }
        const dyBase = ((n * Ho + o) * Wo + p) * C;
        for (let c = 0; c < C; c++) if (where[c] >= 0) dx[where[c]] += dy[dyBase + c];
      }
    }
  }
  return dx;
}

/** `MaxPoolGrad` kernel (inputs dy, input, output) computing {@link maxPoolGradient} in plain JS. */
export function maxPoolGradJs(): KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args as KernelArgs;
    const x = inputs.input as TensorInfo;
    const dy = inputs.dy as TensorInfo;
    const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as MaxPoolGradAttrs;
    const info = tf.backend_util.computePool2DInfo(
      x.shape as [number, number, number, number],
      filterSize,
      strides,
      1,
      pad,
      dimRoundingMode,
    );
    return writeFloat32(backend, x.shape, maxPoolGradient(readFloat32(backend, x), readFloat32(backend, dy), info));
  };
}
