/** `--method ce-adversarial`: the segmentor plus an image-level discriminator (Luc et al.). */
import { DISCRIMINATOR_DEFAULTS, imageDiscriminator } from '@seg/models';
import { createOptimizer } from '@seg/train';
import { z } from 'zod';
import { defineMethod } from '../method-entry.js';
import { networkOptions } from '../network-options.js';
import { ceAdversarialStep } from './step.js';

export const ceAdversarialMethod = defineMethod({
  name: 'ce-adversarial',
  description: 'CE + adversarial: image-level discriminator on (image, one-hot truth) vs (image, softmax) (Luc et al.)',
  options: z
    .object({
      alpha: z.number().min(0).default(0.1).describe('weight λ of the adversarial term'),
      realEncoding: z.enum(['one-hot', 'scaling']).default('one-hot').describe("real maps: one-hot, or Luc et al.'s scaling"),
      tau: z.number().gt(0).max(1).default(0.9).describe("with 'scaling': the minimum mass on the true class"),
      discriminatorSteps: z.number().int().min(1).default(1).describe('discriminator updates per segmentor update'),
      ...networkOptions(DISCRIMINATOR_DEFAULTS, 'discriminator'),
    })
    .strict(),
  needs: { loss: false },
  create: (ctx) => {
    const { depth, filters, ...step } = (ctx.options ?? {}) as Record<string, never>;
    const discriminator = imageDiscriminator({
      inputShape: ctx.inputShape,
      numClasses: ctx.numClasses,
      depth,
      filters,
      seed: ctx.seed + 1,
    });
    return ceAdversarialStep({
      ...step,
      segmentor: ctx.segmentor,
      discriminator,
      segmentorOptimizer: createOptimizer(ctx.optimizer),
      discriminatorOptimizer: createOptimizer(ctx.optimizer),
    });
  },
});
