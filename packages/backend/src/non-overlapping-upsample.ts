import * as tf from '@tensorflow/tfjs';
import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { InputGradAttrs } from './conv2d-backprop-input.js';
import { callKernel, disposeIntermediates, viewFloat32, writeFloat32 } from './kernel-registry.js';

/** True when every output pixel receives exactly one filter tap: square filter = stride, no padding, NHWC. */
export function isNonOverlappingUpsample(attrs: InputGradAttrs, filterShape: number[]): boolean {
  const { strides, pad, dataFormat = 'NHWC', dimRoundingMode, inputShape } = attrs;
  if (dataFormat !== 'NHWC') return false;
  const info = tf.backend_util.computeConv2DInfo(
    inputShape,
    filterShape as [number, number, number, number],
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const { top, bottom, left, right } = info.padInfo;
  return (
    info.filterHeight === info.filterWidth &&
    info.strideHeight === info.filterHeight &&
    info.strideWidth === info.filterWidth &&
    top + bottom + left + right === 0 &&
    info.inHeight === info.outHeight * info.strideHeight &&
    info.inWidth === info.outWidth * info.strideWidth
  );
}

/** NHWC DepthToSpace: out[n, b·o + i, b·p + j, c] = x[n, o, p, (i·b + j)·C + c], copying C-long runs. */
export function depthToSpaceNHWC(x: Float32Array, shape: number[], block: number): Float32Array {
  const [batch, height, width, depth] = shape;
  const channels = depth / (block * block);
  const out = new Float32Array(x.length);
  let k = 0;
  for (let n = 0; n < batch; n++) {
    for (let o = 0; o < height; o++) {
      for (let i = 0; i < block; i++) {
        for (let p = 0; p < width; p++) {
          let src = ((n * height + o) * width + p) * depth + i * block * channels;
          for (let j = 0; j < block * channels; j++) out[k++] = x[src++];
        }
      }
    }
  }
  return out;
}

/**
 * The non-overlapping transposed convolution (U-Net's 2×2 stride-2 up-convolution): with block size b = f = s,
 *
 *   dx[n, b·o + i, b·p + j, c] = Σ_k dy[n, o, p, k]·w[i, j, c, k],
 *
 * a 1×1 convolution of dy to b²·C_in channels (filter w transposed to [1, 1, C_out, (i, j, c)]) followed by
 * DepthToSpace(b), whose channel order (i·b + j)·C_in + c is exactly this. The depth-to-space runs in JS
 * ({@link depthToSpaceNHWC}, ≈ 3 ms for 4 M values; wasm's own kernel takes ≈ 45 ms).
 */
export function nonOverlappingInputGrad(backendName: string, backend: unknown, dy: TensorInfo, filter: TensorInfo): TensorInfo {
  const [fh, fw, inChannels, outChannels] = filter.shape;
  const transposed = callKernel('Transpose', backendName, backend, { x: filter }, { perm: [3, 0, 1, 2] });
  const asPointwise = { ...transposed, shape: [1, 1, outChannels, fh * fw * inChannels] };
  const packed = callKernel(
    'Conv2D',
    backendName,
    backend,
    { x: dy, filter: asPointwise },
    { strides: 1, dilations: 1, pad: 'valid', dataFormat: 'NHWC' },
  );
  const [n, h, w] = dy.shape;
  const values = depthToSpaceNHWC(viewFloat32(backend, packed), packed.shape, fh);
  disposeIntermediates(backend, transposed, packed);
  return writeFloat32(backend, [n, h * fh, w * fw, inChannels], values);
}
