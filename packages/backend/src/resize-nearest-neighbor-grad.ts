import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { type KernelArgs, readFloat32, writeFloat32 } from './kernel-registry.js';

/** Attributes of `ResizeNearestNeighbor` and its gradient. */
export interface ResizeNearestAttrs {
  alignCorners: boolean;
  halfPixelCenters: boolean;
}

/**
 * The source index of every output row (or column) of tfjs's nearest-neighbour resize, exactly as its
 * forward kernels compute it: with ratio ρ = in/out (or (in−1)/(out−1) when aligning corners),
 * src(y) = min(in−1, round_or_floor(ρ·y)), or ρ·(y + ½) with half-pixel centres (clamped at 0).
 */
export function nearestSourceIndices(inSize: number, outSize: number, attrs: ResizeNearestAttrs): Int32Array {
  const { alignCorners, halfPixelCenters } = attrs;
  const ratio = alignCorners && outSize > 1 ? (inSize - 1) / (outSize - 1) : inSize / outSize;
  const src = new Int32Array(outSize);
  for (let y = 0; y < outSize; y++) {
    const frac = halfPixelCenters ? ratio * (y + 0.5) : ratio * y;
    let s = Math.min(inSize - 1, alignCorners ? Math.round(frac) : Math.floor(frac));
    if (halfPixelCenters) s = Math.max(0, s);
    src[y] = s;
  }
  return src;
}

/**
 * Gradient of nearest-neighbour resizing, NHWC: a scatter-add of dy onto the pixels the forward pass read,
 *
 *   ∂L/∂x[n,r,q,c] = Σ_{(y,z): src_h(y) = r, src_w(z) = q} dy[n,y,z,c].
 *
 * Replaces cpu's `ResizeNearestNeighborGrad`, which offsets dy by the batch stride of x instead of dy (wrong for
 * batch > 1) and ignores `halfPixelCenters`.
 */
export function resizeNearestGradient(dy: ArrayLike<number>, xShape: number[], dyShape: number[], attrs: ResizeNearestAttrs): Float32Array {
  const [batch, H, W, C] = xShape;
  const [, Ho, Wo] = dyShape;
  const rows = nearestSourceIndices(H, Ho, attrs);
  const cols = nearestSourceIndices(W, Wo, attrs);
  const dx = new Float32Array(batch * H * W * C);
  let d = 0;
  for (let n = 0; n < batch; n++) {
    for (let y = 0; y < Ho; y++) {
      const rowBase = (n * H + rows[y]) * W;
      for (let z = 0; z < Wo; z++) {
        const base = (rowBase + cols[z]) * C;
        for (let c = 0; c < C; c++) dx[base + c] += dy[d++];
      }
    }
  }
  return dx;
}

/** `ResizeNearestNeighborGrad` kernel (inputs images, dy) computing {@link resizeNearestGradient} in plain JS. */
export function resizeNearestNeighborGradJs(): KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args as KernelArgs;
    const images = inputs.images as TensorInfo;
    const dy = inputs.dy as TensorInfo;
    const { alignCorners = false, halfPixelCenters = false } = (attrs ?? {}) as Partial<ResizeNearestAttrs>;
    const dx = resizeNearestGradient(readFloat32(backend, dy), images.shape, dy.shape, { alignCorners, halfPixelCenters });
    return writeFloat32(backend, images.shape, dx);
  };
}
