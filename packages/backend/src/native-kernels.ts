/**
 * The optional native addon's kernels for tfjs's cpu back-end (`native.ts` loads it): oneDNN convolutions here,
 * elementwise ops, reductions and batch norm in `native-elementwise.ts`.
 *
 * The cpu back-end keeps every tensor as a plain typed array, so the addon reads inputs and writes outputs in
 * place: y[n,o,p,k] = Σ_{i,j,c} x[n, o·s_h + i·d_h − p_t, p·s_w + j·d_w − p_l, c] · w[i,j,c,k] (+ b[k], ReLU),
 * and its two gradients, run by oneDNN's `convolution_forward`, `convolution_backward_data` and
 * `convolution_backward_weights` on NHWC data with tfjs's [f_h, f_w, C_in, C_out] (= oneDNN `hwio`) filters.
 * Whatever the addon cannot take (NCHW, non-float32, empty tensors, rounding modes whose output size oneDNN
 * computes differently, activations other than linear/ReLU, a oneDNN error) runs the kernel registered before.
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { type Conv2DInfo, type FilterGradAttrs, forwardConvInfo } from './conv2d-backprop-filter.js';
import { type KernelArgs, readFloat32, type SegKernelConfig, writeFloat32 } from './kernel-registry.js';
import { loadNativeAddon, type SegNativeAddon } from './native.js';
import { NATIVE_ELEMENTWISE_KERNELS } from './native-elementwise.js';

/** A kernel config installed by `registerNativeKernels`. */
interface NativeKernelConfig extends SegKernelConfig {
  segNative: true;
}

type ConvAttrs = Omit<FilterGradAttrs, 'filterShape'> & { activation?: string; inputShape?: number[] };

const FLAG_BIAS = 1;
const FLAG_RELU = 2;

/** The addon's geometry record (native/src/conv.h `ConvGeometry`, 18 int32 fields) of a tfjs Conv2DInfo. */
export function convGeometry(info: Conv2DInfo, flags = 0): Int32Array {
  const { batchSize, inHeight, inWidth, inChannels, filterHeight, filterWidth, outChannels, outHeight, outWidth } = info;
  const { strideHeight, strideWidth, dilationHeight, dilationWidth, padInfo: p } = info;
  return Int32Array.from([
    ...[batchSize, inHeight, inWidth, inChannels, filterHeight, filterWidth, outChannels, outHeight, outWidth],
    ...[strideHeight, strideWidth, dilationHeight, dilationWidth, p.top, p.bottom, p.left, p.right, flags],
  ]);
}

/** True when oneDNN derives the same output size as tfjs: ⌊(H + p_t + p_b − ((f−1)·d + 1)) / s⌋ + 1 per axis. */
export function nativeSupports(info: Conv2DInfo): boolean {
  const axis = (size: number, f: number, d: number, s: number, lo: number, hi: number, out: number): boolean => {
    const span = size + lo + hi - ((f - 1) * d + 1);
    // Exact coverage only ((span mod s) = 0: the last input row is read). Otherwise oneDNN 2.6's JIT convolutions
    // derive a negative right padding and corrupt the heap (seen: DeepLabV3+'s 1×1 stride-2 projections, even sizes).
    return span >= 0 && lo >= 0 && hi >= 0 && span % s === 0 && span / s + 1 === out;
  };
  const { padInfo: p } = info;
  return (
    info.dataFormat === 'channelsLast' &&
    info.batchSize * info.inHeight * info.inWidth * info.inChannels * info.outChannels * info.outHeight * info.outWidth > 0 &&
    axis(info.inHeight, info.filterHeight, info.dilationHeight, info.strideHeight, p.top, p.bottom, info.outHeight) &&
    axis(info.inWidth, info.filterWidth, info.dilationWidth, info.strideWidth, p.left, p.right, info.outWidth)
  );
}

function isFloat32(...infos: (TensorInfo | undefined)[]): boolean {
  return infos.every((t) => t === undefined || t.dtype === 'float32');
}

const counts = new Map<string, { native: number; fallback: number }>();

/** Per kernel, how many calls oneDNN ran and how many went to the previously registered kernel. */
export function nativeKernelCounts(): Record<string, { native: number; fallback: number }> {
  return Object.fromEntries([...counts].map(([k, c]) => [k, { ...c }]));
}

/** Runs `native`; on any refusal (undefined) or addon error, the previously registered kernel. */
function withFallback(previous: KernelConfig, native: (args: KernelArgs) => TensorInfo | undefined): KernelFunc {
  const count = { native: 0, fallback: 0 };
  counts.set(previous.kernelName, count);
  return (args) => {
    let out: TensorInfo | undefined;
    try {
      out = native(args as KernelArgs);
    } catch {
      out = undefined; // e.g. a geometry oneDNN rejects: the stock kernel is always right
    }
    if (out !== undefined) {
      count.native++;
      return out;
    }
    count.fallback++;
    return previous.kernelFunc(args);
  };
}

function forward(addon: SegNativeAddon, fused: boolean): (args: KernelArgs) => TensorInfo | undefined {
  return ({ inputs, backend, attrs }) => {
    const { x, filter, bias, preluActivationWeights } = inputs as Record<string, TensorInfo | undefined>;
    const a = attrs as unknown as ConvAttrs;
    const activation = fused ? (a.activation ?? 'linear') : 'linear';
    if (x === undefined || filter === undefined || preluActivationWeights !== undefined) return undefined;
    if (!isFloat32(x, filter, bias) || (activation !== 'linear' && activation !== 'relu')) return undefined;
    const info = forwardConvInfo(x.shape, { ...a, filterShape: filter.shape as [number, number, number, number] });
    if (!nativeSupports(info)) return undefined;
    if (bias !== undefined && tf.util.sizeFromShape(bias.shape) !== info.outChannels) return undefined;
    const flags = (bias !== undefined ? FLAG_BIAS : 0) | (activation === 'relu' ? FLAG_RELU : 0);
    const y = new Float32Array(tf.util.sizeFromShape(info.outShape));
    const b = bias === undefined ? null : readFloat32(backend, bias);
    addon.conv2d(convGeometry(info, flags), readFloat32(backend, x), readFloat32(backend, filter), b, y);
    return writeFloat32(backend, info.outShape, y);
  };
}

function inputGradient(addon: SegNativeAddon): (args: KernelArgs) => TensorInfo | undefined {
  return ({ inputs, backend, attrs }) => {
    const { dy, filter } = inputs as Record<string, TensorInfo>;
    const a = attrs as unknown as ConvAttrs;
    if (!isFloat32(dy, filter) || a.inputShape === undefined) return undefined;
    const info = forwardConvInfo(a.inputShape, { ...a, filterShape: filter.shape as [number, number, number, number] });
    if (!nativeSupports(info) || !tf.util.arraysEqual(info.outShape, dy.shape)) return undefined;
    const dx = new Float32Array(tf.util.sizeFromShape(info.inShape));
    addon.conv2dBackpropInput(convGeometry(info), readFloat32(backend, dy), readFloat32(backend, filter), dx);
    return writeFloat32(backend, [...info.inShape], dx);
  };
}

function filterGradient(addon: SegNativeAddon): (args: KernelArgs) => TensorInfo | undefined {
  return ({ inputs, backend, attrs }) => {
    const { x, dy } = inputs as Record<string, TensorInfo>;
    const a = attrs as unknown as FilterGradAttrs;
    if (!isFloat32(x, dy)) return undefined;
    const info = forwardConvInfo(x.shape, a);
    if (!nativeSupports(info) || !tf.util.arraysEqual(info.outShape, dy.shape)) return undefined;
    const dw = new Float32Array(tf.util.sizeFromShape(info.filterShape));
    addon.conv2dBackpropFilter(convGeometry(info), readFloat32(backend, x), readFloat32(backend, dy), dw);
    return writeFloat32(backend, [...info.filterShape], dw);
  };
}

/** The kernels the addon provides, with what each replaces. */
export const NATIVE_KERNELS: readonly {
  kernelName: string;
  description: string;
  make(addon: SegNativeAddon): (a: KernelArgs) => TensorInfo | undefined;
}[] = [
  { kernelName: 'Conv2D', description: 'oneDNN convolution_forward (native addon)', make: (n) => forward(n, false) },
  {
    kernelName: 'FusedConv2D',
    description: 'oneDNN convolution_forward + bias + ReLU post-op (native addon)',
    make: (n) => forward(n, true),
  },
  { kernelName: 'Conv2DBackpropInput', description: 'oneDNN convolution_backward_data (native addon)', make: inputGradient },
  { kernelName: 'Conv2DBackpropFilter', description: 'oneDNN convolution_backward_weights (native addon)', make: filterGradient },
  ...NATIVE_ELEMENTWISE_KERNELS,
];

function installNative(kernelName: string, description: string, native: (a: KernelArgs) => TensorInfo | undefined): boolean {
  const current = tf.getKernel(kernelName, 'cpu');
  if (current === undefined || (current as Partial<NativeKernelConfig>).segNative === true) return false;
  const seg = current as Partial<SegKernelConfig>;
  const config: NativeKernelConfig = {
    kernelName,
    backendName: 'cpu',
    kernelFunc: withFallback(current, native),
    setupFunc: current.setupFunc,
    disposeFunc: current.disposeFunc,
    segDescription: description,
    segStock: typeof seg.segDescription === 'string' ? seg.segStock : current,
    segNative: true,
  };
  tf.unregisterKernel(kernelName, 'cpu');
  tf.registerKernel(config);
  return true;
}

export interface RegisterNativeOptions {
  /** Receives one line: what was loaded, or why not. Default: silent. */
  log?: (msg: string) => void;
  /** oneDNN (OpenMP) threads. Default: `OMP_NUM_THREADS` if set, else OpenMP's default (all cores). */
  threads?: number;
  /** Where the addon is; default `defaultNativeAddonPath()`. */
  path?: string;
}

/**
 * Loads the native addon and installs its kernels for the cpu back-end, replacing the stock kernels or seg's
 * JavaScript ones (which stay as the fallback; `stockKernel()` still returns tfjs's own). Returns true when
 * the addon is loaded and its kernels are in place (now or by an earlier call); false, with one log line
 * saying why, when the addon is absent or fails to load — the cpu kernels are then left untouched.
 */
export function registerNativeKernels(options: RegisterNativeOptions = {}): boolean {
  const { log = () => {}, threads, path } = options;
  const load = loadNativeAddon(path);
  const { addon } = load;
  if (addon === undefined) {
    log(load.message);
    return false;
  }
  if (threads !== undefined) addon.setNumThreads(threads);
  let installed = 0;
  for (const k of NATIVE_KERNELS) if (installNative(k.kernelName, k.description, k.make(addon))) installed++;
  log(`native kernels: ${addon.info()} from ${load.path}; ${installed} cpu kernel${installed === 1 ? '' : 's'} installed now`);
  return NATIVE_KERNELS.every((k) => (tf.getKernel(k.kernelName, 'cpu') as Partial<NativeKernelConfig> | undefined)?.segNative === true);
}
