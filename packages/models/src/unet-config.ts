/**
 * The U-Net configuration: plain JSON (so it can live in a run's config.json), validated with every problem listed
 * at once, and its parameter count by formula (no model built).
 */
import { SegConfigError } from '@seg/core';
import { z } from 'zod';
import { isInt, show } from './config-values.js';

export type NormKind = 'batch' | 'group' | 'none';
export type UpsamplingKind = 'transpose' | 'nearest';

export interface UNetConfig {
  /** [height, width, channels] of the input images; height and width divisible by 2^depth. */
  inputShape: readonly [number, number, number];
  /** Output channels (logits), background included; ≥ 2. */
  numClasses: number;
  /** Number of 2×2 max-pool steps (resolution levels below the top). Default 4. */
  depth?: number;
  /** Filters at the top level, doubling per level (bottleneck: filters·2^depth). Default 16. */
  filters?: number;
  /** Normalization after every 3×3 convolution. Default 'batch'. */
  norm?: NormKind;
  /** Channel groups of 'group' norm, capped per layer at gcd(groups, channels). Default 8. */
  groups?: number;
  /** Dropout rate after the bottleneck block. Default 0 (none). */
  dropout?: number;
  /** Decoder up-sampling: 2×2 stride-2 transposed convolution, or nearest-neighbour ×2 then a 3×3 convolution. Default 'transpose'. */
  upsampling?: UpsamplingKind;
  /** Seed of the weight initialisers (same seed → identical weights). Default 0. */
  seed?: number;
  /**
   * Deep supervision (nnU-Net style): extra 1×1-conv logits heads on the decoder levels 1…depth−1, at their native
   * size H/2^i × W/2^i (train them against down-sampled labels). Default false: one output, today's model.
   */
  deepSupervision?: boolean;
}

export type ResolvedUNetConfig = Required<UNetConfig>;

export const UNET_DEFAULTS = {
  depth: 4,
  filters: 16,
  norm: 'batch',
  groups: 8,
  dropout: 0,
  upsampling: 'transpose',
  seed: 0,
  deepSupervision: false,
} as const;

function problemsOf(c: Record<string, unknown>, keys: readonly string[], label: string): string[] {
  const problems: string[] = [];
  const s = c.inputShape;
  if (!Array.isArray(s) || s.length !== 3 || !s.every((v) => isInt(v, 1))) {
    problems.push(`'inputShape' must be [height, width, channels] of positive integers, got ${show(s)}`);
  }
  if (!isInt(c.numClasses, 2))
    problems.push(`'numClasses' must be an integer ≥ 2 (background + at least one class), got ${show(c.numClasses)}`);
  if (!isInt(c.depth, 1, 8)) problems.push(`'depth' must be an integer in [1, 8], got ${show(c.depth)}`);
  if (!isInt(c.filters, 1)) problems.push(`'filters' must be an integer ≥ 1, got ${show(c.filters)}`);
  if (!['batch', 'group', 'none'].includes(c.norm as string))
    problems.push(`'norm' must be one of 'batch', 'group', 'none', got ${show(c.norm)}`);
  if (!isInt(c.groups, 1)) problems.push(`'groups' must be an integer ≥ 1, got ${show(c.groups)}`);
  if (!(typeof c.dropout === 'number' && c.dropout >= 0 && c.dropout < 1))
    problems.push(`'dropout' must be a number in [0, 1), got ${show(c.dropout)}`);
  if (!['transpose', 'nearest'].includes(c.upsampling as string)) {
    problems.push(`'upsampling' must be one of 'transpose', 'nearest', got ${show(c.upsampling)}`);
  }
  if (!isInt(c.seed, -(2 ** 53))) problems.push(`'seed' must be an integer, got ${show(c.seed)}`);
  if (typeof c.deepSupervision !== 'boolean') problems.push(`'deepSupervision' must be true or false, got ${show(c.deepSupervision)}`);
  for (const key of Object.keys(c)) if (!keys.includes(key)) problems.push(`'${key}' is not a ${label} option (valid: ${keys.join(', ')})`);
  return problems;
}

/** Fills in the defaults and validates; throws one SegConfigError listing every problem. */
export function resolveUNetConfig(config: UNetConfig, fn = 'unet'): ResolvedUNetConfig {
  return resolveUNetLike(config, fn, UNET_DEFAULTS, 'U-Net');
}

/**
 * {@link resolveUNetConfig} with other defaults (the same option set), for U-Net variants such as UNet++;
 * `label` names the architecture in the messages.
 */
export function resolveUNetLike(
  config: UNetConfig,
  fn: string,
  defaults: Omit<ResolvedUNetConfig, 'inputShape' | 'numClasses'>,
  label: string,
): ResolvedUNetConfig {
  if (typeof config !== 'object' || config === null) {
    throw new SegConfigError({ fn, arg: 'config', expected: 'an object with inputShape and numClasses', got: show(config) });
  }
  const defined = Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined));
  const resolved = { ...defaults, ...defined } as Record<string, unknown>;
  const problems = problemsOf(resolved, ['inputShape', 'numClasses', ...Object.keys(defaults)], label);
  if (problems.length > 0) throw new SegConfigError({ fn, arg: 'config', detail: `invalid ${label} configuration`, problems });
  return resolved as unknown as ResolvedUNetConfig;
}

/**
 * Parameters of a 3×3 'same' conv cin → cout followed by `norm`: 9·cin·cout weights, + cout biases only without norm
 * (the norm's β replaces them), + 4·cout for batch norm (γ, β, moving mean and variance) or 2·cout for group norm.
 */
export function conv3x3Params(norm: NormKind): (cin: number, cout: number) => number {
  const normParams = { batch: 4, group: 2, none: 0 }[norm];
  return (cin, cout) => 9 * cin * cout + (norm === 'none' ? cout : 0) + normParams * cout;
}

/**
 * Parameters (trainable + batch-norm moving statistics, as `model.countParams()` counts them), by formula:
 * a 3×3 conv cin→cout has 9·cin·cout weights (+ cout biases only without norm), batch norm 4·cout, group norm 2·cout;
 * the up-sampling conv (2×2 transposed, or 3×3 after nearest ×2) f_{i+1}→f_i has a bias; the 1×1 logits conv f_0·K + K;
 * with deep supervision, one more 1×1 head f_i·K + K per decoder level i = 1…depth−1.
 */
export function unetParamCount(config: UNetConfig): number {
  const { inputShape, numClasses, depth, filters, norm, upsampling, deepSupervision } = resolveUNetConfig(config, 'unetParamCount');
  const conv3 = conv3x3Params(norm);
  const f = (level: number) => filters * 2 ** level;
  let total = 0;
  for (let i = 0; i <= depth; i++) total += conv3(i === 0 ? inputShape[2] : f(i - 1), f(i)) + conv3(f(i), f(i));
  const upKernel = upsampling === 'transpose' ? 4 : 9;
  for (let i = 0; i < depth; i++) total += upKernel * f(i + 1) * f(i) + f(i) + conv3(2 * f(i), f(i)) + conv3(f(i), f(i));
  if (deepSupervision) for (let i = 1; i < depth; i++) total += f(i) * numClasses + numClasses;
  return total + f(0) * numClasses + numClasses;
}

/** The U-Net option set as a registry schema (U-Net, Attention U-Net, UNet++), with the given defaults. */
export function unetOptionsSchema(defaults: Omit<ResolvedUNetConfig, 'inputShape' | 'numClasses'>) {
  return z
    .object({
      depth: z.number().int().min(1).max(8).default(defaults.depth).describe('2×2 max-pool steps below the top level'),
      filters: z.number().int().min(1).default(defaults.filters).describe('filters at the top level, doubling per level'),
      norm: z.enum(['batch', 'group', 'none']).default(defaults.norm).describe('normalization after every 3×3 conv'),
      groups: z.number().int().min(1).default(defaults.groups).describe("channel groups of 'group' norm"),
      dropout: z.number().min(0).lt(1).default(defaults.dropout).describe('dropout rate after the bottleneck'),
      upsampling: z.enum(['transpose', 'nearest']).default(defaults.upsampling).describe('decoder up-sampling'),
      deepSupervision: z.boolean().default(defaults.deepSupervision).describe('extra logits heads on the decoder levels'),
    })
    .strict();
}
