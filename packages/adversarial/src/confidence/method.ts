/** `--method confidence`: the segmentor plus a per-pixel confidence network (Nie & Shen). */
import { confidenceNetwork, DISCRIMINATOR_DEFAULTS } from '@seg/models';
import { createOptimizer } from '@seg/train';
import { z } from 'zod';
import { defineMethod } from '../method-entry.js';
import { networkOptions } from '../network-options.js';
import { confidenceStep } from './step.js';

export const confidenceMethod = defineMethod({
  name: 'confidence',
  description: 'adversarial confidence learning: per-pixel discriminator, CE weighted by (1 − D)^γ (Nie & Shen)',
  options: z
    .object({
      gamma: z.number().min(0).default(2).describe('focal exponent γ of the confidence weighting'),
      adversarialWeight: z.number().min(0).default(0.01).describe('weight of the adversarial term'),
      normalize: z.enum(['pixels', 'weights']).default('pixels').describe('normalise the weighted CE by pixels or weights'),
      discriminatorSteps: z.number().int().min(1).default(1).describe('confidence-network updates per segmentor update'),
      ...networkOptions(DISCRIMINATOR_DEFAULTS, 'confidence network'),
    })
    .strict(),
  needs: { loss: false },
  create: (ctx) => {
    const { depth, filters, ...step } = (ctx.options ?? {}) as Record<string, never>;
    const confidence = confidenceNetwork({ inputShape: ctx.inputShape, numClasses: ctx.numClasses, depth, filters, seed: ctx.seed + 1 });
    return confidenceStep({
      ...step,
      segmentor: ctx.segmentor,
      confidence,
      segmentorOptimizer: createOptimizer(ctx.optimizer),
      confidenceOptimizer: createOptimizer(ctx.optimizer),
    });
  },
});
