export type { Conv2DInfo, FilterGradAttrs } from './conv2d-backprop-filter.js';
export { conv2dBackpropFilterViaConv2D, forwardConvInfo } from './conv2d-backprop-filter.js';
export { conv2dBackpropFilterDirect, filterGradientNHWC } from './conv2d-backprop-filter-js.js';
export type { InputGradAttrs } from './conv2d-backprop-input.js';
export { conv2dBackpropInputViaConv2D, stride1InputGradPadding } from './conv2d-backprop-input.js';
export { float64Reduce, reductionBlocks, sumMiddleAxis } from './float64-reduce.js';
export type { BackendInfo, BackendName, InitBackendOptions } from './init-backend.js';
export { BACKEND_NAMES, initBackend, isModuleMissing, tryImport } from './init-backend.js';
export type { SegKernelConfig, SegKernelSpec } from './kernel-registry.js';
export { callKernel, installKernel, stockKernel } from './kernel-registry.js';
export type { MaxPoolGradAttrs, Pool2DInfo } from './max-pool-grad.js';
export { maxPoolGradient, maxPoolGradJs } from './max-pool-grad.js';
export type { NativeAddonLoad, SegNativeAddon } from './native.js';
export { defaultNativeAddonPath, loadNativeAddon } from './native.js';
export {
  BINARY_OPS,
  NATIVE_ELEMENTWISE_KERNELS,
  nativeBatchNorm,
  nativeBinary,
  nativeReduce,
  nativeUnary,
  UNARY_OPS,
} from './native-elementwise.js';
export type { RegisterNativeOptions } from './native-kernels.js';
export { convGeometry, NATIVE_KERNELS, nativeKernelCounts, nativeSupports, registerNativeKernels } from './native-kernels.js';
export { depthToSpaceNHWC, isNonOverlappingUpsample, nonOverlappingInputGrad } from './non-overlapping-upsample.js';
export { listSegKernels, registerSegKernels, SEG_KERNELS } from './register-seg-kernels.js';
export type { ResizeNearestAttrs } from './resize-nearest-neighbor-grad.js';
export { nearestSourceIndices, resizeNearestGradient, resizeNearestNeighborGradJs } from './resize-nearest-neighbor-grad.js';
export { splitBlocks, splitVByBlocks } from './split-v.js';
export { tileByBlocks, tileInto } from './tile.js';
export { patchForThreads, THREADED_WASM_VERSION } from './wasm-threads.js';
