import { SegInternalError } from '@seg/core';
import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { callKernel, disposeIntermediates, type KernelArgs } from './kernel-registry.js';
import { isNonOverlappingUpsample, nonOverlappingInputGrad } from './non-overlapping-upsample.js';

/** Attributes of `Conv2DBackpropInput` (the gradient of conv2d with respect to x, and conv2dTranspose's forward pass). */
export interface InputGradAttrs {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | [[number, number], [number, number], [number, number], [number, number]];
  dataFormat?: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  inputShape: [number, number, number, number];
}

/** The padding of the equivalent forward convolution, or undefined when the fast path does not apply. */
export function stride1InputGradPadding(attrs: InputGradAttrs, filterShape: number[]): [number, number, number, number] | undefined {
  const { strides, pad, dataFormat = 'NHWC', dimRoundingMode, inputShape } = attrs;
  if (dataFormat !== 'NHWC') return undefined;
  const info = tf.backend_util.computeConv2DInfo(
    inputShape,
    filterShape as [number, number, number, number],
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  if (info.strideHeight !== 1 || info.strideWidth !== 1) return undefined;
  const { top, bottom, left, right } = info.padInfo;
  const pads: [number, number, number, number] = [
    info.filterHeight - 1 - top,
    info.filterHeight - 1 - bottom,
    info.filterWidth - 1 - left,
    info.filterWidth - 1 - right,
  ];
  return pads.every((p) => p >= 0) ? pads : undefined;
}

/**
 * `Conv2DBackpropInput` for stride 1 as one forward convolution of dy. With y[o] = Σ_i x[o + i − p_t]·w[i]
 * (per axis, channels implicit),
 *
 *   ∂L/∂x[r] = Σ_i dy[r + p_t − i]·w[i] = Σ_k dy[r − (f_h − 1 − p_t) + k]·w[f_h − 1 − k],
 *
 * i.e. conv2d(dy, w′) with w′[k,l,o,c] = w[f_h−1−k, f_w−1−l, c, o] (spatially reversed, in/out channels
 * swapped) and padding top f_h−1−p_t, bottom f_h−1−p_b (likewise left/right). On wasm this runs on XNNPACK
 * instead of the stock scalar loop (≈ 10× faster). Stride = square filter size without padding takes
 * `nonOverlappingInputGrad`; other strides, NCHW, or padding larger than f−1 (negative derived padding) go
 * to the stock kernel.
 */
export function conv2dBackpropInputViaConv2D(backendName: string, stock: KernelConfig | undefined): KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args as KernelArgs;
    const dy = inputs.dy as TensorInfo;
    const filter = inputs.filter as TensorInfo;
    const pads = stride1InputGradPadding(attrs as unknown as InputGradAttrs, filter.shape);
    if (pads === undefined && isNonOverlappingUpsample(attrs as unknown as InputGradAttrs, filter.shape)) {
      return nonOverlappingInputGrad(backendName, backend, dy, filter);
    }
    if (pads === undefined) {
      if (stock !== undefined) return stock.kernelFunc(args);
      throw new SegInternalError({ fn: 'Conv2DBackpropInput', detail: `no stock kernel on '${backendName}' for this configuration` });
    }
    const reversed = callKernel('Reverse', backendName, backend, { x: filter }, { dims: [0, 1] });
    const swapped = callKernel('Transpose', backendName, backend, { x: reversed }, { perm: [0, 1, 3, 2] });
    const [pt, pb, pl, pr] = pads;
    const dx = callKernel(
      'Conv2D',
      backendName,
      backend,
      { x: dy, filter: swapped },
      {
        strides: [1, 1],
        dilations: [1, 1],
        pad: [
          [0, 0],
          [pt, pb],
          [pl, pr],
          [0, 0],
        ],
        dataFormat: 'NHWC',
      },
    );
    disposeIntermediates(backend, reversed, swapped);
    return dx;
  };
}
