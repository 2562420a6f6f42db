/**
 * seg's fused training kernels in plain JavaScript, as `SEG_KERNELS` entries: the batch-norm pair on cpu and wasm
 * (fused-batch-norm.ts), and `SegReluGrad` on cpu (dx = dy·step(x) in one pass: tfjs's gradient runs Step and
 * Multiply, two activation-sized loops and a temporary). On wasm, Step and Multiply are XNNPACK loops already,
 * so there the ReLU gradient stays tfjs's. The native addon replaces the cpu ones (native-fused.ts).
 */
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { ADAM, adamKernel } from './fused-adam.js';
import { BN_TRAINING, BN_TRAINING_GRAD, batchNormTrainingGradKernel, batchNormTrainingKernel } from './fused-batch-norm.js';
import { RELU_GRAD } from './fused-training.js';
import { type KernelArgs, readFloat32, type SegKernelSpec, writeFloat32 } from './kernel-registry.js';

/** dx[i] = dy[i]·step(x[i]) with tfjs's step: 1 for x > 0, 0 for x ≤ 0, NaN for NaN. */
export function reluGradJs(dy: Float32Array, x: Float32Array): Float32Array {
  const dx = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    dx[i] = dy[i] * (v > 0 ? 1 : Number.isNaN(v) ? Number.NaN : 0);
  }
  return dx;
}

function reluGradKernel(): KernelFunc {
  return (args) => {
    const { inputs, backend } = args as KernelArgs;
    const { dy, x } = inputs as Record<string, TensorInfo>;
    return writeFloat32(backend, [...x.shape], reluGradJs(readFloat32(backend, dy), readFloat32(backend, x)));
  };
}

const BN_FORWARD =
  'batch norm, training mode: statistics and normalisation in one kernel, float64 sums (replaces moments + FusedBatchNorm)';
const BN_BACKWARD = 'batch norm gradient dx, dγ, dβ in one kernel, float64 sums (replaces ≈ 40 Multiply/Add/Sub/Tile/Sum calls)';

const ADAM_DESCRIPTION = "Adam's update of one variable in one loop, bit-identical to tfjs's 14 kernels";

/** The batch-norm pair on one back-end. */
export function batchNormSpecs(backendName: string): { spec: SegKernelSpec; requires: string }[] {
  return [
    {
      requires: 'FusedBatchNorm',
      spec: { kernelName: BN_TRAINING, backendName, description: BN_FORWARD, make: () => batchNormTrainingKernel() },
    },
    {
      requires: 'FusedBatchNorm',
      spec: { kernelName: BN_TRAINING_GRAD, backendName, description: BN_BACKWARD, make: () => batchNormTrainingGradKernel() },
    },
  ];
}

/**
 * The fused kernels (new kernel names: nothing stock is replaced), each requiring `requires` on its back-end. The
 * batch-norm pair is installed on wasm here, and on cpu only with the native addon (registerNativeKernels, whose
 * fallback it then is): on the plain-JavaScript cpu back-end, the last resort, tfjs's own graph stays (a 200-step
 * adversarial test's emergent outcome depends on its exact float path, see docs/backends.md).
 */
export const FUSED_SEG_KERNELS: readonly { spec: SegKernelSpec; requires: string }[] = ['cpu', 'wasm'].flatMap((backendName) => [
  ...(backendName === 'wasm' ? batchNormSpecs(backendName) : []),
  {
    requires: 'Sqrt',
    spec: { kernelName: ADAM, backendName, description: ADAM_DESCRIPTION, make: () => adamKernel() },
  },
  ...(backendName === 'cpu'
    ? [
        {
          requires: 'Relu',
          spec: { kernelName: RELU_GRAD, backendName, description: 'dy·step(x) in one loop', make: () => reluGradKernel() },
        },
      ]
    : []),
]);
