/**
 * The native addon's fused training kernels for the cpu back-end (native/src/fused.cc): `SegBatchNormTraining`
 * and its gradient, `SegReluGrad`, `MaxPool` and `MaxPoolGrad`, `Concat` and `SplitV` (U-Net's skip connections and
 * their gradient), each the same computation as its JavaScript kernel (fused-batch-norm.ts, fused-kernels.ts,
 * max-pool-grad.ts, split-v.ts, tfjs's Concat) in C++ with OpenMP; float64 sums as there.
 */
import * as tf from '@tensorflow/tfjs';
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { ADAM, adamKernel, type adamUpdateJs } from './fused-adam.js';
import { type BatchNormTrainingAttrs, BN_TRAINING, BN_TRAINING_GRAD, bnChannels } from './fused-batch-norm.js';
import { RELU_GRAD } from './fused-training.js';
import { type KernelArgs, readFloat32, writeFloat32 } from './kernel-registry.js';
import type { MaxPoolGradAttrs, Pool2DInfo } from './max-pool-grad.js';
import type { SegNativeAddon } from './native.js';

type Native = (args: KernelArgs) => TensorInfo | TensorInfo[] | undefined;

function bnForward(addon: SegNativeAddon): Native {
  return ({ inputs, backend, attrs }) => {
    const { x, scale, offset } = inputs as Record<string, TensorInfo>;
    const c = bnChannels(x, [scale, offset]);
    if (c === undefined) return undefined;
    const [y, mean, variance] = [new Float32Array(tf.util.sizeFromShape(x.shape)), new Float32Array(c), new Float32Array(c)];
    const eps = (attrs as unknown as BatchNormTrainingAttrs).varianceEpsilon;
    const read = (t: TensorInfo) => readFloat32(backend, t);
    addon.batchNormTraining(read(x), c, read(scale), read(offset), eps, y, mean, variance);
    return [writeFloat32(backend, [...x.shape], y), writeFloat32(backend, [c], mean), writeFloat32(backend, [c], variance)];
  };
}

function bnBackward(addon: SegNativeAddon): Native {
  return ({ inputs, backend, attrs }) => {
    const t = inputs as Record<string, TensorInfo>;
    const c = bnChannels(t.x, [t.scale, t.mean, t.variance, t.dmean, t.dvariance]);
    if (c === undefined || !tf.util.arraysEqual(t.dy.shape, t.x.shape) || t.dy.dtype !== 'float32') return undefined;
    const [dx, dscale, doffset] = [new Float32Array(tf.util.sizeFromShape(t.x.shape)), new Float32Array(c), new Float32Array(c)];
    const eps = (attrs as unknown as BatchNormTrainingAttrs).varianceEpsilon;
    const [dy, x, scale, mean, variance, dmean, dvar] = [t.dy, t.x, t.scale, t.mean, t.variance, t.dmean, t.dvariance].map((i) =>
      readFloat32(backend, i),
    );
    addon.batchNormTrainingGrad(dy, x, c, scale, mean, variance, dmean, dvar, eps, dx, dscale, doffset);
    return [writeFloat32(backend, [...t.x.shape], dx), writeFloat32(backend, [c], dscale), writeFloat32(backend, [c], doffset)];
  };
}

function reluGrad(addon: SegNativeAddon): Native {
  return ({ inputs, backend }) => {
    const { dy, x } = inputs as Record<string, TensorInfo>;
    if (dy.dtype !== 'float32' || x.dtype !== 'float32' || !tf.util.arraysEqual(dy.shape, x.shape)) return undefined;
    const dx = new Float32Array(tf.util.sizeFromShape(x.shape));
    if (dx.length === 0) return undefined;
    addon.reluGrad(readFloat32(backend, dy), readFloat32(backend, x), dx);
    return writeFloat32(backend, [...x.shape], dx);
  };
}

/** The addon's pool geometry (native/src/fused.h `PoolGeometry`), or undefined for what it does not take. */
export function poolGeometry(x: TensorInfo, attrs: MaxPoolGradAttrs): { info: Pool2DInfo; geometry: Int32Array } | undefined {
  if (x.shape.length !== 4 || x.dtype !== 'float32' || tf.util.sizeFromShape(x.shape) === 0) return undefined;
  const { filterSize, strides, pad, dimRoundingMode } = attrs;
  const info = tf.backend_util.computePool2DInfo(x.shape as [number, number, number, number], filterSize, strides, 1, pad, dimRoundingMode);
  if (info.dilationHeight !== 1 || info.dilationWidth !== 1 || info.outHeight < 1 || info.outWidth < 1) return undefined;
  const { batchSize, inHeight, inWidth, inChannels, filterHeight, filterWidth, outHeight, outWidth, strideHeight, strideWidth } = info;
  const g = [batchSize, inHeight, inWidth, inChannels, filterHeight, filterWidth, outHeight, outWidth, strideHeight, strideWidth];
  return { info, geometry: Int32Array.from([...g, info.padInfo.top, info.padInfo.left]) };
}

function maxPool(addon: SegNativeAddon): Native {
  return ({ inputs, backend, attrs }) => {
    const x = inputs.x as TensorInfo;
    const pool = poolGeometry(x, attrs as unknown as MaxPoolGradAttrs);
    if (pool === undefined) return undefined;
    const shape = [...pool.info.outShape];
    const y = new Float32Array(tf.util.sizeFromShape(shape));
    addon.maxPool(pool.geometry, readFloat32(backend, x), y);
    return writeFloat32(backend, shape, y);
  };
}

function maxPoolGrad(addon: SegNativeAddon): Native {
  return ({ inputs, backend, attrs }) => {
    const { dy, input } = inputs as Record<string, TensorInfo>;
    const pool = poolGeometry(input, attrs as unknown as MaxPoolGradAttrs);
    if (pool === undefined || dy.dtype !== 'float32' || !tf.util.arraysEqual(dy.shape, pool.info.outShape)) return undefined;
    const dx = new Float32Array(tf.util.sizeFromShape(input.shape));
    addon.maxPoolGrad(pool.geometry, readFloat32(backend, input), readFloat32(backend, dy), dx);
    return writeFloat32(backend, [...input.shape], dx);
  };
}

/** Π shape[<axis]: the rows of a concat/split along `axis`. */
const rowsBefore = (shape: number[], axis: number) => shape.slice(0, axis).reduce((p, q) => p * q, 1);

function concat(addon: SegNativeAddon): Native {
  return ({ inputs, backend, attrs }) => {
    const pieces = Object.values(inputs as Record<string, TensorInfo>);
    if (pieces.length === 0 || pieces.some((t) => t.dtype !== 'float32' || tf.util.sizeFromShape(t.shape) === 0)) return undefined;
    const axis = tf.util.parseAxisParam((attrs as unknown as { axis: number | number[] }).axis, pieces[0].shape)[0];
    const shapes = pieces.map((t) => t.shape);
    if (shapes.some((s) => s.length !== shapes[0].length)) return undefined;
    const outShape = tf.backend_util.computeOutShape(shapes, axis);
    const out = new Float32Array(tf.util.sizeFromShape(outShape));
    addon.concatRows(
      pieces.map((t) => readFloat32(backend, t)),
      rowsBefore(outShape, axis),
      out,
    );
    return writeFloat32(backend, outShape, out);
  };
}

function splitV(addon: SegNativeAddon): Native {
  return ({ inputs, backend, attrs }) => {
    const x = inputs.x as TensorInfo;
    if (x.dtype !== 'float32' || tf.util.sizeFromShape(x.shape) === 0) return undefined;
    const { numOrSizeSplits, axis } = attrs as unknown as { numOrSizeSplits: number | number[]; axis: number | number[] };
    const $axis = tf.util.parseAxisParam(axis, x.shape)[0];
    const sizes = tf.backend_util.prepareSplitSize(x as unknown as tf.Tensor, numOrSizeSplits, $axis);
    const shapes = sizes.map((size) => x.shape.map((d, i) => (i === $axis ? size : d)));
    if (shapes.some((s) => tf.util.sizeFromShape(s) === 0)) return undefined;
    const pieces = shapes.map((s) => new Float32Array(tf.util.sizeFromShape(s)));
    addon.splitRows(readFloat32(backend, x), rowsBefore(x.shape, $axis), pieces);
    return pieces.map((values, j) => writeFloat32(backend, shapes[j], values));
  };
}

function adam(addon: SegNativeAddon): Native {
  const update: typeof adamUpdateJs = (value, m, v, g, k) => {
    const out = { value: new Float32Array(value.length), m: new Float32Array(value.length), v: new Float32Array(value.length) };
    addon.adamUpdate(value, m, v, g, k, out.value, out.m, out.v);
    return out;
  };
  const kernel = adamKernel(update);
  return (args) => {
    const t = args.inputs as Record<string, TensorInfo>;
    const same = [t.m, t.v, t.g].every((x) => x.dtype === 'float32' && tf.util.arraysEqual(x.shape, t.value.shape));
    if (!same || t.value.dtype !== 'float32' || tf.util.sizeFromShape(t.value.shape) === 0) return undefined;
    return kernel(args as never) as TensorInfo[];
  };
}

/** The fused kernels, as `NATIVE_KERNELS` entries. */
export const NATIVE_FUSED_KERNELS: readonly { kernelName: string; description: string; make(addon: SegNativeAddon): Native }[] = [
  { kernelName: BN_TRAINING, description: 'batch statistics + normalisation, one pass each, OpenMP (native addon)', make: bnForward },
  { kernelName: BN_TRAINING_GRAD, description: 'dx, dγ, dβ: one pass of sums, one of dx, OpenMP (native addon)', make: bnBackward },
  { kernelName: RELU_GRAD, description: 'dy·step(x) in one pass, OpenMP (native addon)', make: reluGrad },
  { kernelName: 'MaxPool', description: 'window maximum, OpenMP over output rows (native addon)', make: maxPool },
  { kernelName: 'MaxPoolGrad', description: 'scatter to the first window maximum, OpenMP (native addon)', make: maxPoolGrad },
  { kernelName: ADAM, description: "Adam's update in one OpenMP loop, bit-identical to tfjs's (native addon)", make: adam },
  { kernelName: 'Concat', description: 'row copies, OpenMP (native addon)', make: concat },
  { kernelName: 'SplitV', description: 'row copies (the concat gradient), OpenMP (native addon)', make: splitV },
];
