import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { callKernel, disposeIntermediates, type KernelArgs } from './kernel-registry.js';

/** tfjs's description of a 2-D convolution (padding, strides, sizes). */
export type Conv2DInfo = ReturnType<typeof tf.backend_util.computeConv2DInfo>;

/** Attributes of `Conv2DBackpropFilter`, plus the forward dilation (tfjs never passes one; seg accepts it). */
export interface FilterGradAttrs {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | [[number, number], [number, number], [number, number], [number, number]];
  dataFormat?: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape: [number, number, number, number];
  dilations?: [number, number] | number;
}

/** The forward convolution's geometry (padding, output size) as tfjs computes it. */
export function forwardConvInfo(xShape: number[], attrs: FilterGradAttrs): Conv2DInfo {
  const { strides, pad, dataFormat = 'NHWC', dimRoundingMode, filterShape, dilations = 1 } = attrs;
  const format = tf.backend_util.convertConv2DDataFormat(dataFormat);
  return tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape,
    strides,
    dilations,
    pad,
    dimRoundingMode,
    false,
    format,
  );
}

/**
 * `Conv2DBackpropFilter` as a single forward convolution, for back-ends whose convolution is fast (wasm's
 * XNNPACK) but whose filter gradient is missing or slow.
 *
 * The forward pass computes y[n,o,p,k] = Σ_{i,j,c} x[n, o·s_h + i·d_h − p_t, p·s_w + j·d_w − p_l, c]·w[i,j,c,k], so
 *
 *   ∂L/∂w[i,j,c,k] = Σ_{n,o,p} x[n, i·d_h + o·s_h − p_t, j·d_w + p·s_w − p_l, c] · dy[n,o,p,k].
 *
 * Reading c as a batch index, (i,j) as output pixels, (o,p) as filter taps and n as the input channel, this is
 * conv2d(x′, dy′) with x′ = x transposed to [C_in, H, W, N], dy′ = dy transposed to [H_out, W_out, N, C_out]
 * as the filter, stride = forward dilation d, dilation = forward stride s, top/left padding = forward p_t/p_l,
 * bottom/right padding chosen so that exactly f_h × f_w outputs come out. When the forward pass never reads the
 * last rows/columns of x (negative bottom padding), x is sliced instead. The [C_in, f_h, f_w, C_out] result is
 * transposed to the filter layout [f_h, f_w, C_in, C_out]. NHWC and NCHW differ only in the transposes.
 */
export function conv2dBackpropFilterViaConv2D(backendName: string): KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args as KernelArgs;
    const x = inputs.x as TensorInfo;
    const dy = inputs.dy as TensorInfo;
    const info = forwardConvInfo(x.shape, attrs as unknown as FilterGradAttrs);
    const channelsLast = info.dataFormat === 'channelsLast';
    const { top, left } = info.padInfo;
    const lastRow = (info.filterHeight - 1) * info.dilationHeight + (info.outHeight - 1) * info.strideHeight - top;
    const lastCol = (info.filterWidth - 1) * info.dilationWidth + (info.outWidth - 1) * info.strideWidth - left;
    const keepH = Math.min(info.inHeight, lastRow + 1);
    const keepW = Math.min(info.inWidth, lastCol + 1);
    const bottom = lastRow + 1 - keepH;
    const right = lastCol + 1 - keepW;
    const run = (name: string, kernelInputs: Record<string, TensorInfo>, kernelAttrs: object) =>
      callKernel(name, backendName, backend, kernelInputs, kernelAttrs as tf.NamedAttrMap);

    let sliced: TensorInfo | undefined;
    if (keepH < info.inHeight || keepW < info.inWidth) {
      const size = channelsLast ? [info.batchSize, keepH, keepW, info.inChannels] : [info.batchSize, info.inChannels, keepH, keepW];
      sliced = run('Slice', { x }, { begin: [0, 0, 0, 0], size });
    }
    const xT = run('Transpose', { x: sliced ?? x }, { perm: channelsLast ? [3, 1, 2, 0] : [1, 2, 3, 0] });
    const dyT = run('Transpose', { x: dy }, { perm: channelsLast ? [1, 2, 0, 3] : [2, 3, 0, 1] });
    const grad = run(
      'Conv2D',
      { x: xT, filter: dyT },
      {
        strides: [info.dilationHeight, info.dilationWidth],
        dilations: [info.strideHeight, info.strideWidth],
        pad: [
          [0, 0],
          [top, bottom],
          [left, right],
          [0, 0],
        ],
        dataFormat: 'NHWC',
      },
    );
    const dw = run('Transpose', { x: grad }, { perm: [1, 2, 0, 3] });
    disposeIntermediates(backend, sliced, xT, dyT, grad);
    return dw;
  };
}
