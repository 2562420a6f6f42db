import { SegInternalError } from '@seg/core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { type Conv2DInfo, type FilterGradAttrs, forwardConvInfo } from './conv2d-backprop-filter.js';
import { type KernelArgs, readFloat32, writeFloat32 } from './kernel-registry.js';

/**
 * The NHWC filter gradient as a direct sum of outer products, accumulated in float64:
 *
 *   ∂L/∂w[i,j,·,·] = Σ_{n,o,p} x[n, o·s_h + i·d_h − p_t, p·s_w + j·d_w − p_l, ·] ⊗ dy[n,o,p,·]
 *
 * Each output pixel's dy row is loaded once and multiplied into the f_h·f_w input rows it saw, so the
 * inner loop runs over C_out contiguous values; zero inputs (half of them after a ReLU) are skipped.
 * Returns the [f_h, f_w, C_in, C_out] gradient.
 */
export function filterGradientNHWC(x: ArrayLike<number>, dy: ArrayLike<number>, info: Conv2DInfo): Float64Array {
  const { batchSize, inHeight: H, inWidth: W, inChannels: C, outHeight: Ho, outWidth: Wo, outChannels: K } = info;
  const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = info;
  const { top, left } = info.padInfo;
  const acc = new Float64Array(fh * fw * C * K);
  const d = new Float64Array(K);
  for (let n = 0; n < batchSize; n++) {
    for (let o = 0; o < Ho; o++) {
      for (let p = 0; p < Wo; p++) {
        const dyOffset = ((n * Ho + o) * Wo + p) * K;
        for (let k = 0; k < K; k++) d[k] = dy[dyOffset + k];
        for (let i = 0; i < fh; i++) {
          const row = o * sh + i * dh - top;
          if (row < 0 || row >= H) continue;
          for (let j = 0; j < fw; j++) {
            const col = p * sw + j * dw - left;
            if (col < 0 || col >= W) continue;
            const xOffset = ((n * H + row) * W + col) * C;
            let a = (i * fw + j) * C * K;
            for (let c = 0; c < C; c++, a += K) {
              const xv = x[xOffset + c];
              if (xv === 0) continue;
              for (let k = 0; k < K; k++) acc[a + k] += xv * d[k];
            }
          }
        }
      }
    }
  }
  return acc;
}

/**
 * `Conv2DBackpropFilter` for the cpu back-end: {@link filterGradientNHWC} on the back-end's arrays. The stock
 * cpu kernel computes the same sum through `TensorBuffer.get` index arithmetic per element and is ≈ 70× slower
 * (x [4,128,128,16], 3×3×16×16: ≈ 20 s vs ≈ 0.3 s). NCHW input goes to the stock kernel.
 */
export function conv2dBackpropFilterDirect(stock: KernelConfig | undefined): KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args as KernelArgs;
    const x = inputs.x as TensorInfo;
    const dy = inputs.dy as TensorInfo;
    const info = forwardConvInfo(x.shape, attrs as unknown as FilterGradAttrs);
    if (info.dataFormat !== 'channelsLast') {
      if (stock !== undefined) return stock.kernelFunc(args);
      throw new SegInternalError({ fn: 'Conv2DBackpropFilter', arg: 'dataFormat', expected: "'NHWC'", got: "'NCHW'" });
    }
    const acc = filterGradientNHWC(readFloat32(backend, x), readFloat32(backend, dy), info);
    return writeFloat32(backend, info.filterShape, Float32Array.from(acc));
  };
}
