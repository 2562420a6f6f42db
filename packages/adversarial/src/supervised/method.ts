/**
 * `--method supervised` (the default): one segmentor trained with the run's loss, deep supervision as the model entry
 * says. Registered with the adversarial schemes so every training scheme is chosen the same way.
 */
import { SegConfigError } from '@seg/core';
import { createOptimizer, supervisedStep } from '@seg/train';
import { z } from 'zod';
import { defineMethod } from '../method-entry.js';

export const supervisedMethod = defineMethod({
  name: 'supervised',
  description: 'one segmentor trained with --loss (default)',
  options: z.object({}).strict(),
  needs: { loss: true },
  create: (ctx) => {
    if (ctx.loss === undefined)
      throw new SegConfigError({ fn: 'createMethodStep', arg: 'loss', detail: "method 'supervised' needs the run's loss in its context" });
    return supervisedStep({
      model: ctx.segmentor,
      loss: ctx.loss,
      optimizer: createOptimizer(ctx.optimizer),
      deepSupervision: ctx.deepSupervision ?? 'off',
    });
  },
});
