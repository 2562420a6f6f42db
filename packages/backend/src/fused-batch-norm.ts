/**
 * Batch norm in training mode as ONE kernel forward and ONE kernel backward (`SegBatchNormTraining` and its
 * gradient `SegBatchNormTrainingGrad`), instead of tfjs's moments + FusedBatchNorm graph whose backward pass is
 * ≈ 40 activation-sized Multiply/Add/Sub/Tile/Sum calls per layer (each allocating a new array).
 *
 * Over the M = N·H·W rows of x's last (channel) axis, accumulated in float64:
 *   mean = Σx/M, var = Σ(x − mean)²/M (biased, as tfjs's moments), y = β + γ·(x − mean)/√(var + ε);
 *   dβ = Σ dy, dγ = Σ dy·x̂, dx = γ/σ·(dy − dβ/M − x̂·dγ/M) + dmean/M + 2·dvar·(x − mean)/M,
 * with σ = √(var + ε), x̂ = (x − mean)/σ, and dmean/dvar the gradients reaching the mean and variance outputs
 * (zero in a BatchNormalization layer, whose moving averages take no gradient). mean and var are rounded to
 * float32 before y is computed from them, as tfjs's FusedBatchNorm receives them.
 *
 * This file holds the plain-JavaScript kernels (cpu and wasm); the native addon provides the same on cpu.
 */
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { type KernelArgs, viewFloat32, writeFloat32 } from './kernel-registry.js';

export const BN_TRAINING = 'SegBatchNormTraining';
export const BN_TRAINING_GRAD = 'SegBatchNormTrainingGrad';

/** Attributes of both kernels. */
export interface BatchNormTrainingAttrs {
  varianceEpsilon: number;
}

/** Per-channel float64 sums over rows: f(r, c) added into out[k·C + c] for its K values. */
function channelSums(rows: number, channels: number, k: number, add: (r: number, acc: Float64Array) => void): Float64Array {
  const acc = new Float64Array(k * channels);
  for (let r = 0; r < rows; r++) add(r, acc);
  return acc;
}

/** Forward: y, mean, variance (see the file comment). x is [..., C] flattened; scale and offset have length C. */
export function batchNormTrainingJs(
  x: Float32Array,
  channels: number,
  scale: Float32Array,
  offset: Float32Array,
  eps: number,
): { y: Float32Array; mean: Float32Array; variance: Float32Array } {
  const rows = x.length / channels;
  // Sums of (x − shift) and its square, shifted by each channel's first value (no cancellation).
  const sums = channelSums(rows, channels, 2, (r, acc) => {
    for (let c = 0, i = r * channels; c < channels; c++, i++) {
      const d = x[i] - x[c];
      acc[c] += d;
      acc[channels + c] += d * d;
    }
  });
  const mean = new Float32Array(channels);
  const variance = new Float32Array(channels);
  const mul = new Float64Array(channels);
  for (let c = 0; c < channels; c++) {
    const s = sums[c] / rows;
    mean[c] = x[c] + s;
    variance[c] = Math.max(0, sums[channels + c] / rows - s * s);
    mul[c] = scale[c] / Math.sqrt(variance[c] + eps);
  }
  const y = new Float32Array(x.length);
  for (let r = 0; r < rows; r++) for (let c = 0, i = r * channels; c < channels; c++, i++) y[i] = offset[c] + (x[i] - mean[c]) * mul[c];
  return { y, mean, variance };
}

/** Backward: dx, dscale (dγ), doffset (dβ) from dy and the forward's saved x, scale, mean, variance. */
export function batchNormTrainingGradJs(
  dy: Float32Array,
  x: Float32Array,
  channels: number,
  p: { scale: Float32Array; mean: Float32Array; variance: Float32Array; dmean: Float32Array; dvariance: Float32Array },
  eps: number,
): { dx: Float32Array; dscale: Float32Array; doffset: Float32Array } {
  const rows = x.length / channels;
  const sums = channelSums(rows, channels, 2, (r, acc) => {
    for (let c = 0, i = r * channels; c < channels; c++, i++) {
      acc[c] += dy[i];
      acc[channels + c] += dy[i] * (x[i] - p.mean[c]);
    }
  });
  const [a, b, k] = [new Float64Array(channels), new Float64Array(channels), new Float64Array(channels)];
  const dscale = new Float32Array(channels);
  const doffset = new Float32Array(channels);
  for (let c = 0; c < channels; c++) {
    const inv = 1 / Math.sqrt(p.variance[c] + eps);
    doffset[c] = sums[c];
    dscale[c] = sums[channels + c] * inv;
    a[c] = p.scale[c] * inv;
    b[c] = (-p.scale[c] * inv * inv * inv * sums[channels + c]) / rows + (2 * p.dvariance[c]) / rows;
    k[c] = (-p.scale[c] * inv * sums[c]) / rows + p.dmean[c] / rows;
  }
  const dx = new Float32Array(x.length);
  for (let r = 0; r < rows; r++)
    for (let c = 0, i = r * channels; c < channels; c++, i++) dx[i] = a[c] * dy[i] + b[c] * (x[i] - p.mean[c]) + k[c];
  return { dx, dscale, doffset };
}

/** The channel count when every per-channel input has x's last dimension as its size; else undefined. */
export function bnChannels(x: TensorInfo, perChannel: TensorInfo[]): number | undefined {
  const c = x.shape[x.shape.length - 1];
  if (x.shape.length < 1 || c === undefined || c < 1) return undefined;
  const ok = [x, ...perChannel].every((t) => t.dtype === 'float32') && perChannel.every((t) => t.shape.reduce((s, d) => s * d, 1) === c);
  return ok && x.shape.reduce((s, d) => s * d, 1) > 0 ? c : undefined;
}

/** `SegBatchNormTraining` in JavaScript: inputs x, scale, offset; outputs [y, mean, variance]. */
export function batchNormTrainingKernel(): KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args as KernelArgs;
    const { x, scale, offset } = inputs as Record<string, TensorInfo>;
    const channels = bnChannels(x, [scale, offset]);
    if (channels === undefined) throw new Error(`${BN_TRAINING}: x must be float32 [..., C] with scale and offset of length C`);
    const eps = (attrs as unknown as BatchNormTrainingAttrs).varianceEpsilon;
    // Views (wasm: on its heap): everything is read before the first output is allocated.
    const r = batchNormTrainingJs(viewFloat32(backend, x), channels, viewFloat32(backend, scale), viewFloat32(backend, offset), eps);
    return [
      writeFloat32(backend, [...x.shape], r.y),
      writeFloat32(backend, [channels], r.mean),
      writeFloat32(backend, [channels], r.variance),
    ];
  };
}

/** `SegBatchNormTrainingGrad` in JavaScript: inputs dy, x, scale, mean, variance, dmean, dvariance; outputs [dx, dscale, doffset]. */
export function batchNormTrainingGradKernel(): KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args as KernelArgs;
    const t = inputs as Record<string, TensorInfo>;
    const channels = bnChannels(t.x, [t.scale, t.mean, t.variance, t.dmean, t.dvariance]);
    if (channels === undefined) throw new Error(`${BN_TRAINING_GRAD}: x must be float32 [..., C] with per-channel inputs of length C`);
    const read = (info: TensorInfo) => viewFloat32(backend, info); // read before any output is allocated
    const p = { scale: read(t.scale), mean: read(t.mean), variance: read(t.variance), dmean: read(t.dmean), dvariance: read(t.dvariance) };
    const eps = (attrs as unknown as BatchNormTrainingAttrs).varianceEpsilon;
    const r = batchNormTrainingGradJs(read(t.dy), read(t.x), channels, p, eps);
    return [
      writeFloat32(backend, [...t.x.shape], r.dx),
      writeFloat32(backend, [channels], r.dscale),
      writeFloat32(backend, [channels], r.doffset),
    ];
  };
}
