/**
 * `seg train --method aag`: the run's training set is split by case into scribbled images (scribbles generated from
 * their masks, or given), unlabeled images and a pool of unpaired masks; the segmentor is an AAG-UNet and the
 * discriminator the multi-scale spectral-norm encoder. Ablations: `attention=false`, `multiScale=false`,
 * `discriminator=false`.
 */
import { SegConfigError } from '@seg/core';
import { type Dataset, openDataset, type ScribbleMethod, weakSplit } from '@seg/data';
import { aagDiscriminator } from '@seg/models';
import { createOptimizer } from '@seg/train';
import { z } from 'zod';
import { defineMethod, type PreparedData } from '../method-entry.js';
import { aagStep } from './step.js';

const fraction = (what: string) =>
  z.union([z.number().min(0), z.string().min(1)]).describe(`${what}: a fraction (< 1) or count of the training cases, or a dataset spec`);

/** The options of `--method aag`, with the paper's defaults. */
export const aagOptions = z
  .object({
    scribbles: z
      .enum(['skeleton', 'random-walk', 'given'])
      .default('skeleton')
      .describe("generated from the masks ('skeleton', 'random-walk') or 'given' (the masks are scribbles)"),
    annotators: z.number().int().min(1).optional().describe('scribble sets per image (annotators)'),
    steps: z.number().int().min(1).optional().describe('random-walk steps'),
    background: z.enum(['ring', 'skeleton', 'walk', 'none']).optional().describe('how background is scribbled'),
    fullMaskFraction: z.number().min(0).max(1).optional().describe('fraction of scribbled cases given full masks'),
    unlabeled: fraction('unlabeled images').default(0),
    maskPool: fraction('unpaired masks for the discriminator').default(0.35),
    attention: z.boolean().default(true).describe('attention gates (false: the ablation)'),
    multiScale: z.boolean().default(true).describe('multi-scale discriminator (false: full resolution only)'),
    discriminator: z.boolean().default(true).describe('adversarial training (false: WPCE alone)'),
    filters: z.number().int().min(1).default(16).describe('discriminator: filters at the first level'),
    weighting: z.enum(['paper', 'code']).default('paper').describe('WPCE class weights: 1 − n_c/n (paper) or n/n_c (code)'),
    a1: z.number().min(0).default(0.1).describe('weight of V_LS(Σ) on scribbled batches'),
    a2: z.number().min(0).default(0.2).describe('weight of V_LS(Δ) on unlabeled batches'),
    a3: z.number().min(0).default(0.2).describe('weight of V_LS(Σ) on unlabeled batches'),
    fakeTarget: z
      .union([z.literal(-1), z.literal(0)])
      .default(-1)
      .describe('LSGAN target of fake masks (eq. 2: −1)'),
    labelNoise: z.number().min(0).max(1).default(0.1).describe('probability of flipping a discriminator label'),
    instanceNoise: z.number().min(0).default(0.2).describe("σ of the noise on the discriminator's input"),
    realScales: z.enum(['average', 'nearest', 'bilinear']).default('average').describe('real masks at coarser scales'),
  })
  .strict();

const fail = (arg: string, expected: string, got: unknown, hint?: string) =>
  new SegConfigError({ fn: 'aag', arg, expected, got: JSON.stringify(got), hint });

/** A fraction or count of the training cases, or a dataset spec (folder / phantom) for that part. */
function partOrSpec(value: unknown, arg: string, numClasses: number): number | Dataset {
  if (typeof value === 'number' && value >= 0) return value;
  if (typeof value === 'string' && value.length > 0) return openDataset(value, { numClasses });
  throw fail(arg, 'a fraction (< 1) or count of the training cases, or a dataset (folder or phantom spec)', value);
}

/** Splits the training set (by case) into the scribbled set the trainer iterates, unlabeled images and mask pool. */
export function prepareAagData(train: Dataset, options: Record<string, unknown>, seed: number): PreparedData {
  const { scribbles = 'skeleton', annotators, steps, background, fullMaskFraction } = options;
  if (!['skeleton', 'random-walk', 'given'].includes(scribbles as string))
    throw fail('scribbles', "'skeleton', 'random-walk' or 'given' (the data's masks already are scribbles)", scribbles);
  const unlabeled = partOrSpec(options.unlabeled ?? 0, 'unlabeled', train.numClasses);
  const maskPool = partOrSpec(options.maskPool ?? 0.35, 'maskPool', train.numClasses);
  const noDisc = options.discriminator === false;
  if (scribbles === 'given') {
    if (!noDisc && typeof maskPool === 'number')
      throw fail(
        'maskPool',
        'a dataset of full masks (folder or phantom spec) when scribbles=given',
        maskPool,
        'e.g. --method-opt maskPool=./masks',
      );
    const data: Record<string, Dataset> = {};
    if (typeof maskPool !== 'number') data.maskPool = maskPool;
    if (typeof unlabeled !== 'number') data.unlabeled = unlabeled;
    return { train, data };
  }
  const split = weakSplit(train, {
    val: 0,
    test: 0,
    unlabeled: typeof unlabeled === 'number' ? unlabeled : 0,
    maskPool: typeof maskPool === 'number' && !noDisc ? maskPool : 0,
    seed,
    scribbles: {
      method: scribbles as ScribbleMethod,
      seed,
      ...(annotators === undefined ? {} : { annotators: annotators as number }),
      ...(steps === undefined ? {} : { steps: steps as number }),
      ...(background === undefined ? {} : { background: background as 'ring' }),
      ...(fullMaskFraction === undefined ? {} : { fullMaskFraction: fullMaskFraction as number }),
    },
  });
  const data: Record<string, Dataset> = {};
  const pool = typeof maskPool === 'number' ? split.maskPool : maskPool;
  if (!noDisc) data.maskPool = pool;
  const unl = typeof unlabeled === 'number' ? split.unlabeled : unlabeled;
  if (unl.size > 0) data.unlabeled = unl;
  return {
    train: split.scribbled,
    data,
    summary: `aag: ${split.scribbled.size} scribbled (${scribbles}), ${unl.size} unlabeled, ${noDisc ? 0 : pool.size} unpaired masks`,
  };
}

export const aagMethod = defineMethod({
  name: 'aag',
  description:
    'scribble supervision with multi-scale adversarial attention gates: WPCE on scribbles + LSGAN on unpaired masks (Valvano et al.)',
  options: aagOptions,
  needs: { loss: false, scribbles: true, unpairedMasks: true, unlabeledImages: true },
  model: { name: 'aag-unet', keys: ['attention'] },
  prepareData: prepareAagData,
  create: (ctx) => {
    const o = ctx.options ?? {};
    const { weighting, a1, a2, a3, fakeTarget, labelNoise, instanceNoise, realScales } = o as Record<string, never>;
    const withDisc = o.discriminator !== false;
    const discriminator = withDisc
      ? aagDiscriminator({
          inputShape: [ctx.inputShape[0], ctx.inputShape[1]],
          numClasses: ctx.numClasses,
          depth: ctx.segmentor.outputs.length,
          filters: o.filters as number | undefined,
          multiScale: o.multiScale !== false,
          seed: ctx.seed + 1,
        })
      : undefined;
    return aagStep({
      segmentor: ctx.segmentor,
      discriminator,
      segmentorOptimizer: createOptimizer(ctx.optimizer),
      discriminatorOptimizer: withDisc ? createOptimizer(ctx.optimizer) : undefined,
      unlabeled: ctx.data?.unlabeled,
      maskPool: ctx.data?.maskPool,
      supervised: weighting === undefined ? {} : { weighting },
      ...Object.fromEntries(
        Object.entries({ a1, a2, a3, fakeTarget, labelNoise, instanceNoise, realScales }).filter(([, v]) => v !== undefined),
      ),
    });
  },
});
