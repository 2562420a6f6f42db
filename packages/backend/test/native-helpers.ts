/** Shared helpers of backend-native*.test.ts: whether the addon is built, call counters, runs against stock. */
import { existsSync } from 'node:fs';
import { stockKernel } from '../src/index.js';
import { defaultNativeAddonPath } from '../src/native.js';
import { NATIVE_KERNELS, nativeKernelCounts } from '../src/native-kernels.js';
import { type Arr, runKernel } from './helpers.js';

// The addon is optional: with it built, every test compares the native result with the stock cpu kernel; without
// it, the same tests check that the registered kernels are still the stock (or seg's JavaScript) ones.
export const BUILT = existsSync(defaultNativeAddonPath());
export const KERNELS = NATIVE_KERNELS.map((k) => k.kernelName);

/** Calls that fell back from the addon to the previous kernel, over all native kernels. */
export function fallbacks(): number {
  return Object.values(nativeKernelCounts()).reduce((s, c) => s + c.fallback, 0);
}

/** Calls the addon ran, over all native kernels. */
export function nativeCalls(): number {
  return Object.values(nativeKernelCounts()).reduce((s, c) => s + c.native, 0);
}

/** Runs the registered cpu kernel and tfjs's stock cpu kernel on the same inputs. */
export function oursVsStock(kernelName: string, inputs: Record<string, Arr>, attrs: object): [Arr, Arr] {
  return [runKernel(kernelName, inputs, attrs), runKernel(kernelName, inputs, attrs, stockKernel(kernelName, 'cpu'))];
}
