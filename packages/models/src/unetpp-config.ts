/**
 * UNet++ configuration (the U-Net option set with CPU-sized defaults) and its parameter count by formula.
 */
import { conv3x3Params, type ResolvedUNetConfig, resolveUNetLike, UNET_DEFAULTS, type UNetConfig } from './unet-config.js';

/**
 * Same options as {@link UNetConfig}; `dropout` acts after X^{depth,0}; `deepSupervision: true` puts a 1×1 logits
 * head on every X^{0,j}, j = 1…depth (needs depth ≥ 2).
 */
export type UNetPPConfig = UNetConfig;

/** depth 4, 16 filters: the paper's L = 4 with a quarter of its widths (32…512 there would be 4×4 = 16× the FLOPs). */
export const UNETPP_DEFAULTS = UNET_DEFAULTS;

/** Fills in the UNet++ defaults and validates; throws one SegConfigError listing every problem. */
export function resolveUNetPPConfig(config: UNetPPConfig, fn = 'unetpp'): ResolvedUNetConfig {
  return resolveUNetLike(config, fn, UNETPP_DEFAULTS, 'UNet++');
}

/**
 * Parameters by formula (as `model.countParams()` counts them), f_i = filters·2^i, L = depth, K = classes:
 * a 3×3 conv cin→cout has 9·cin·cout weights (+ cout biases without norm) + 4·cout (batch norm) or 2·cout (group);
 * X^{i,0}: conv(cin_i → f_i) + conv(f_i → f_i) with cin_0 = channels, cin_i = f_{i−1};
 * X^{i,j}, j ≥ 1, i + j ≤ L: up-sampling f_{i+1} → f_i (2×2 transposed or 3×3, with bias) + conv((j+1)·f_i → f_i)
 * + conv(f_i → f_i); heads: f_0·K + K, one per X^{0,j} with deep supervision, else one.
 */
export function unetppParamCount(config: UNetPPConfig): number {
  const c = resolveUNetPPConfig(config, 'unetppParamCount');
  const conv3 = conv3x3Params(c.norm);
  const f = (level: number) => c.filters * 2 ** level;
  const upKernel = c.upsampling === 'transpose' ? 4 : 9;
  let total = 0;
  for (let i = 0; i <= c.depth; i++) total += conv3(i === 0 ? c.inputShape[2] : f(i - 1), f(i)) + conv3(f(i), f(i));
  for (let j = 1; j <= c.depth; j++) {
    for (let i = 0; i + j <= c.depth; i++) total += upKernel * f(i + 1) * f(i) + f(i) + conv3((j + 1) * f(i), f(i)) + conv3(f(i), f(i));
  }
  const heads = c.deepSupervision ? c.depth : 1;
  return total + heads * (f(0) * c.numClasses + c.numClasses);
}
