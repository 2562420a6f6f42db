import { assertInRange, assertOneOf, assertPositive, SegConfigError } from '@seg/core';
import type { Dataset } from '@seg/data';
import type { WpceOptions } from '@seg/margin';
import type { PyramidMode } from '@seg/models';
import type * as tf from '@tensorflow/tfjs';

const REAL_SCALES: readonly PyramidMode[] = ['average', 'nearest', 'bilinear'];

/** Fake target b of V_LS(Δ): −1 as eq. 2 of the paper prints it, 0 for Mao et al.'s 0–1 coding. */
export type FakeTarget = -1 | 0;

export interface AagStepOptions {
  /**
   * The AAG segmentor in training form: outputs `[logits, ỹ^(coarse…)]` — the logits at full resolution, then the
   * softmax maps of the coarser decoder levels in the order the discriminator reads them (`aagUnet().training`).
   */
  segmentor: tf.LayersModel;
  /**
   * The multi-scale discriminator: inputs `[full-resolution mask, coarser masks…]`, a scalar per sample. One input
   * only = the ablation without adversarial deep supervision. Omit for the ablation without discriminator.
   */
  discriminator?: tf.LayersModel;
  segmentorOptimizer: tf.Optimizer;
  discriminatorOptimizer?: tf.Optimizer;
  /** Images without annotation for the unlabeled step. Default: the scribbled batch's own images. */
  unlabeled?: Dataset;
  /** Unpaired expert masks (other cases) — the real samples. Required with a discriminator. */
  maskPool?: Dataset;
  /** Supervised loss options (WPCE). Default: the paper's weighting, per image. */
  supervised?: WpceOptions;
  /** Weight of V_LS(Σ) on scribbled batches. Default 0.1. */
  a1?: number;
  /** Weight of V_LS(Δ) on unlabeled batches. Default 0.2. */
  a2?: number;
  /** Weight of V_LS(Σ) on unlabeled batches. Default 0.2. */
  a3?: number;
  /** Default −1 (eq. 2). */
  fakeTarget?: FakeTarget;
  /** Probability of flipping a discriminator label. Default 0.1. */
  labelNoise?: number;
  /** σ of the Gaussian added to the discriminator's full-resolution input. Default 0.2. */
  instanceNoise?: number;
  /**
   * How real masks are brought to the coarser scales (`maskPyramid`): 'average' (default; class fractions per block,
   * what a coarse softmax estimates), 'nearest' (one-hot), 'bilinear' (aligned corners).
   */
  realScales?: PyramidMode;
  /** Default 255. */
  ignoreIndex?: number;
}

export type ResolvedAagOptions = Required<Omit<AagStepOptions, 'discriminator' | 'discriminatorOptimizer' | 'unlabeled' | 'maskPool'>> &
  Pick<AagStepOptions, 'discriminator' | 'discriminatorOptimizer' | 'unlabeled' | 'maskPool'>;

export function resolveAagOptions(o: AagStepOptions): ResolvedAagOptions {
  const fn = 'aagStep';
  const { a1 = 0.1, a2 = 0.2, a3 = 0.2, fakeTarget = -1, labelNoise = 0.1, instanceNoise = 0.2 } = o;
  const { realScales = 'average', ignoreIndex = 255, supervised = {} } = o;
  for (const [k, v] of Object.entries({ a1, a2, a3, instanceNoise })) assertPositive(v, fn, k, true);
  assertInRange(labelNoise, 0, 1, fn, 'labelNoise');
  assertOneOf(realScales, REAL_SCALES, fn, 'realScales');
  if (fakeTarget !== -1 && fakeTarget !== 0) {
    throw new SegConfigError({ fn, arg: 'fakeTarget', expected: '-1 (paper, eq. 2) or 0 (0–1 coding)', got: JSON.stringify(fakeTarget) });
  }
  if (o.discriminator && (!o.discriminatorOptimizer || !o.maskPool)) {
    throw new SegConfigError({
      fn,
      arg: o.discriminatorOptimizer ? 'maskPool' : 'discriminatorOptimizer',
      expected: 'set when a discriminator is given',
      got: 'undefined',
      hint: 'The discriminator needs its own optimizer and a pool of unpaired real masks',
    });
  }
  return { ...o, a1, a2, a3, fakeTarget, labelNoise, instanceNoise, realScales, ignoreIndex, supervised };
}
