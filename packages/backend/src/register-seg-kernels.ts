import { conv2dBackpropFilterViaConv2D } from './conv2d-backprop-filter.js';
import { conv2dBackpropFilterDirect } from './conv2d-backprop-filter-js.js';
import { conv2dBackpropInputViaConv2D } from './conv2d-backprop-input.js';
import { float64Reduce } from './float64-reduce.js';
import { installedSegKernels, installKernel, type SegKernelSpec } from './kernel-registry.js';
import { maxPoolGradJs } from './max-pool-grad.js';
import { resizeNearestNeighborGradJs } from './resize-nearest-neighbor-grad.js';
import { splitVByBlocks } from './split-v.js';
import { tileByBlocks } from './tile.js';

/** Every kernel seg installs, with the kernel that must already be registered on that back-end. */
export const SEG_KERNELS: readonly { spec: SegKernelSpec; requires: string }[] = [
  {
    requires: 'Conv2D',
    spec: {
      kernelName: 'Conv2DBackpropFilter',
      backendName: 'wasm',
      description: 'missing on wasm: one XNNPACK Conv2D of transposed x with transposed dy as the filter',
      make: () => conv2dBackpropFilterViaConv2D('wasm'),
    },
  },
  {
    requires: 'Conv2D',
    spec: {
      kernelName: 'Conv2DBackpropInput',
      backendName: 'wasm',
      description:
        'stride 1: XNNPACK Conv2D of dy with the reversed, swapped filter; stride = filter: 1x1 Conv2D + DepthToSpace; else stock',
      make: (stock) => conv2dBackpropInputViaConv2D('wasm', stock),
    },
  },
  {
    requires: 'Sum',
    spec: {
      kernelName: 'Sum',
      backendName: 'wasm',
      description: 'float64 accumulation (stock accumulates in float32: batch-norm gradients drift, see docs/backends.md)',
      make: (stock) => float64Reduce('sum', 'wasm', stock),
    },
  },
  {
    requires: 'Mean',
    spec: {
      kernelName: 'Mean',
      backendName: 'wasm',
      description: 'float64 accumulation (stock accumulates in float32: batch-norm statistics drift)',
      make: (stock) => float64Reduce('mean', 'wasm', stock),
    },
  },
  {
    requires: 'Tile',
    spec: {
      kernelName: 'Tile',
      backendName: 'wasm',
      description: "block copies; ~35x faster than stock, which dominates tfjs-core's batch-norm gradient",
      make: (stock) => tileByBlocks(stock),
    },
  },
  {
    requires: 'Tile',
    spec: {
      kernelName: 'Tile',
      backendName: 'cpu',
      description: 'block copies; ~25x faster than the stock per-element index loop',
      make: (stock) => tileByBlocks(stock),
    },
  },
  {
    requires: 'MaxPool',
    spec: {
      kernelName: 'MaxPoolGrad',
      backendName: 'wasm',
      description: 'correct for windows whose maximum is <= 0 (stock starts its running max at the smallest positive float)',
      make: () => maxPoolGradJs(),
    },
  },
  {
    requires: 'Conv2D',
    spec: {
      kernelName: 'Conv2DBackpropFilter',
      backendName: 'cpu',
      description: 'direct float64 outer-product sum, ~70x faster than the stock TensorBuffer loop',
      make: (stock) => conv2dBackpropFilterDirect(stock),
    },
  },
  {
    requires: 'ResizeNearestNeighbor',
    spec: {
      kernelName: 'ResizeNearestNeighborGrad',
      backendName: 'wasm',
      description: 'scatter-add; stock ignores halfPixelCenters (and is slower than the scatter)',
      make: () => resizeNearestNeighborGradJs(),
    },
  },
  {
    requires: 'SplitV',
    spec: {
      kernelName: 'SplitV',
      backendName: 'cpu',
      description: 'block copies (the concat gradient); the stock kernel slices element by element',
      make: (stock) => splitVByBlocks(stock),
    },
  },
  {
    requires: 'MaxPool',
    spec: {
      kernelName: 'MaxPoolGrad',
      backendName: 'cpu',
      description: 'direct scatter of dy to each window maximum; the stock kernel walks a TensorBuffer per element',
      make: () => maxPoolGradJs(),
    },
  },
  {
    requires: 'Sum',
    spec: {
      kernelName: 'Sum',
      backendName: 'cpu',
      description: 'float64 accumulation over contiguous blocks (batch-norm statistics and their gradients)',
      make: (stock) => float64Reduce('sum', 'cpu', stock),
    },
  },
  {
    requires: 'Mean',
    spec: {
      kernelName: 'Mean',
      backendName: 'cpu',
      description: 'float64 accumulation over contiguous blocks',
      make: (stock) => float64Reduce('mean', 'cpu', stock),
    },
  },
  {
    requires: 'ResizeNearestNeighbor',
    spec: {
      kernelName: 'ResizeNearestNeighborGrad',
      backendName: 'cpu',
      description: 'scatter-add; stock reads dy with the batch stride of x (wrong for batch > 1) and ignores halfPixelCenters',
      make: () => resizeNearestNeighborGradJs(),
    },
  },
];

/**
 * Installs seg's kernels (see `docs/backends.md`) into tfjs's global registry for every back-end whose stock
 * kernels are registered at the time of the call (cpu always; wasm once `@tensorflow/tfjs-backend-wasm` has been
 * imported). Idempotent: kernels already installed are left alone, so calling it again after importing another
 * back-end installs only what is new. Returns the number of kernels installed by this call.
 */
export function registerSegKernels(): number {
  let installed = 0;
  for (const { spec, requires } of SEG_KERNELS) if (installKernel(spec, requires)) installed++;
  return installed;
}

/** The seg kernels currently installed (back-end, kernel, why). */
export function listSegKernels(): { kernelName: string; backendName: string; description: string; replaced: boolean }[] {
  return installedSegKernels();
}
