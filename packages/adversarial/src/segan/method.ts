/** `--method segan`: the segmentor plus one critic per foreground class (S3-3C) or one critic (S3-1C, S1-1C). */
import { seganCritic } from '@seg/models';
import { createOptimizer } from '@seg/train';
import { z } from 'zod';
import { defineMethod } from '../method-entry.js';
import { networkOptions } from '../network-options.js';
import type { SeganVariant } from './masking.js';
import { seganStep } from './step.js';

export const seganMethod = defineMethod({
  name: 'segan',
  description: 'SegAN: critic on image ⊙ mask, multi-scale L1 between critic features of prediction and truth (Xue et al.)',
  options: z
    .object({
      variant: z.enum(['S3-3C', 'S3-1C', 'S1-1C']).default('S3-3C').describe("multi-class arrangement (paper's final: S3-3C)"),
      weighting: z.enum(['paper', 'code']).default('paper').describe('multi-scale L1 layer weighting'),
      dice: z.enum(['none', 'soft']).default('none').describe("segmentor loss: L alone (paper) or + soft Dice (authors' code)"),
      diceWeight: z.number().min(0).default(1).describe("weight of the soft Dice with dice='soft'"),
      clip: z
        .union([z.enum(['code', 'paper']), z.number().positive()])
        .default('code')
        .describe("critic clipping bound: 'code' 0.05, 'paper' 0.01, or a number"),
      criticSteps: z.number().int().min(1).default(1).describe('critic updates per segmentor update'),
      ...networkOptions({ depth: 3, filters: 16 }, 'critic'),
    })
    .strict(),
  needs: { loss: false },
  create: (ctx) => {
    const { depth, filters, variant = 'S3-3C', ...step } = (ctx.options ?? {}) as Record<string, never> & { variant?: SeganVariant };
    const [h, w, c] = ctx.inputShape;
    const k = ctx.numClasses - 1;
    const count = variant === 'S3-3C' ? k : 1;
    const channels = variant === 'S3-1C' ? k * c : c;
    const critics = Array.from({ length: count }, (_, i) =>
      seganCritic({
        inputShape: [h, w, channels],
        depth,
        filters,
        seed: ctx.seed + 1 + i,
        name: count > 1 ? `segan_critic_${i + 1}` : 'segan_critic',
      }),
    );
    return seganStep({
      ...step,
      variant,
      segmentor: ctx.segmentor,
      critics,
      segmentorOptimizer: createOptimizer(ctx.optimizer),
      criticOptimizer: createOptimizer(ctx.optimizer),
    });
  },
});
