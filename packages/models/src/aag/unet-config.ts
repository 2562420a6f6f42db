/**
 * The AAG-UNet configuration (plain JSON, validated with every problem listed at once) and its parameter count by
 * formula (no model built).
 */
import { SegConfigError } from '@seg/core';
import { isInt, show } from '../config-values.js';
import { conv3x3Params, type NormKind } from '../unet-config.js';

export interface AagUNetConfig {
  /** [height, width, channels] of the input images; height and width divisible by 2^depth. */
  inputShape: readonly [number, number, number];
  /** Output channels (logits), background (channel 0) included; ≥ 2. */
  numClasses: number;
  /** Number of 2×2 max-pool steps; the model emits depth − 1 coarse predictions ỹ. Default 4 (the paper); ≥ 2. */
  depth?: number;
  /** Filters at the top level, doubling per level. Default 16 (the repository's U-Net; the authors' code uses 32). */
  filters?: number;
  /** Normalization after every 3×3 convolution. Default 'batch' (the paper). */
  norm?: NormKind;
  /** Channel groups of 'group' norm, capped per layer at gcd(groups, channels). Default 8. */
  groups?: number;
  /** Gate the decoder features with the foreground probability; false = the "without attention" ablation. Default true. */
  attention?: boolean;
  /** Seed of the weight initialisers (same seed → identical weights). Default 0. */
  seed?: number;
}

export type ResolvedAagUNetConfig = Required<AagUNetConfig>;

export const AAG_UNET_DEFAULTS = { depth: 4, filters: 16, norm: 'batch', groups: 8, attention: true, seed: 0 } as const;

const KEYS = ['inputShape', 'numClasses', ...Object.keys(AAG_UNET_DEFAULTS)];

function problemsOf(c: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const s = c.inputShape;
  if (!Array.isArray(s) || s.length !== 3 || !s.every((v) => isInt(v, 1))) {
    problems.push(`'inputShape' must be [height, width, channels] of positive integers, got ${show(s)}`);
  } else if (isInt(c.depth, 2, 8) && (s[0] % 2 ** (c.depth as number) !== 0 || s[1] % 2 ** (c.depth as number) !== 0)) {
    problems.push(`'inputShape' height and width must be divisible by 2^depth = ${2 ** (c.depth as number)}, got ${s[0]}×${s[1]}`);
  }
  if (!isInt(c.numClasses, 2))
    problems.push(`'numClasses' must be an integer ≥ 2 (background + at least one class), got ${show(c.numClasses)}`);
  if (!isInt(c.depth, 2, 8)) problems.push(`'depth' must be an integer in [2, 8], got ${show(c.depth)}`);
  if (!isInt(c.filters, 1)) problems.push(`'filters' must be an integer ≥ 1, got ${show(c.filters)}`);
  if (!['batch', 'group', 'none'].includes(c.norm as string))
    problems.push(`'norm' must be one of 'batch', 'group', 'none', got ${show(c.norm)}`);
  if (!isInt(c.groups, 1)) problems.push(`'groups' must be an integer ≥ 1, got ${show(c.groups)}`);
  if (typeof c.attention !== 'boolean') problems.push(`'attention' must be true or false, got ${show(c.attention)}`);
  if (!isInt(c.seed, -(2 ** 53))) problems.push(`'seed' must be an integer, got ${show(c.seed)}`);
  for (const key of Object.keys(c))
    if (!KEYS.includes(key)) problems.push(`'${key}' is not an AAG-UNet option (valid: ${KEYS.join(', ')})`);
  return problems;
}

/** Fills in the defaults and validates; throws one SegConfigError listing every problem. */
export function resolveAagUNetConfig(config: AagUNetConfig, fn = 'aagUnet'): ResolvedAagUNetConfig {
  if (typeof config !== 'object' || config === null) {
    throw new SegConfigError({ fn, arg: 'config', expected: 'an object with inputShape and numClasses', got: show(config) });
  }
  const defined = Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined));
  const resolved = { ...AAG_UNET_DEFAULTS, ...defined } as Record<string, unknown>;
  const problems = problemsOf(resolved);
  if (problems.length > 0) throw new SegConfigError({ fn, arg: 'config', detail: 'invalid AAG-UNet configuration', problems });
  return resolved as unknown as ResolvedAagUNetConfig;
}

/**
 * Parameters (trainable + batch-norm moving statistics, as `model.countParams()` counts them), by formula: a 3×3
 * conv cin→cout has 9·cin·cout weights (+ cout biases only without norm), batch norm 4·cout, group norm 2·cout; the
 * up-sampling 3×3 conv f_{i+1}→f_i after nearest ×2 has a bias; every decoder level has a 1×1 gate classifier
 * f_i·K + K (also with `attention: false`, where it still gives ỹ; unused at level 0 there, so left out); the 1×1
 * logits conv f_0·K + K.
 */
export function aagUNetParamCount(config: AagUNetConfig): number {
  const { inputShape, numClasses, depth, filters, norm, attention } = resolveAagUNetConfig(config, 'aagUNetParamCount');
  const conv3 = conv3x3Params(norm);
  const f = (level: number) => filters * 2 ** level;
  const classifier = (level: number) => f(level) * numClasses + numClasses;
  let total = 0;
  for (let i = 0; i <= depth; i++) total += conv3(i === 0 ? inputShape[2] : f(i - 1), f(i)) + conv3(f(i), f(i));
  for (let i = 0; i < depth; i++) {
    total += 9 * f(i + 1) * f(i) + f(i) + conv3(2 * f(i), f(i)) + conv3(f(i), f(i));
    if (attention || i > 0) total += classifier(i);
  }
  return total + classifier(0);
}
