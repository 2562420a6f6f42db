/** `--method gambling`: the segmentor plus a gambler network that bets a budget on its mistakes. */
import { GAMBLER_DEFAULTS, gambler } from '@seg/models';
import { createOptimizer } from '@seg/train';
import { z } from 'zod';
import { defineMethod } from '../method-entry.js';
import { networkOptions } from '../network-options.js';
import { BUDGET_FORMS, type BudgetForm } from './budget.js';
import { WEIGHT_GRADIENTS, type WeightGradient } from './options.js';
import { gamblingStep } from './step.js';

export const gamblingMethod = defineMethod({
  name: 'gambling',
  description:
    'gambling adversarial networks: a gambler bets a budget on the pixels the segmenter gets wrong (Bakhtiariziabari & Ghafoorian)',
  options: z
    .object({
      form: z
        .enum(BUDGET_FORMS as [BudgetForm, ...BudgetForm[]])
        .default('exp-budget')
        .describe("budget normalisation: 'exp-budget' (paper) or 'sigmoid-budget' (authors' code)"),
      beta: z.number().min(0).optional().describe('smoothing β (default 1 for exp-budget, 0.1 for sigmoid-budget)'),
      lambda: z.number().min(0).default(1).describe('weight λ of the bet-weighted CE'),
      ceWeight: z.number().min(0).default(1).describe("weight of the plain CE (0 = the paper's L_f = −L_g alone)"),
      weightGradient: z
        .enum(WEIGHT_GRADIENTS as [WeightGradient, ...WeightGradient[]])
        .default('through-gambler')
        .describe('segmenter gradient through the gambler (paper) or detached weights'),
      gamblerSteps: z.number().int().min(1).default(1).describe('gambler updates per segmenter update'),
      ...networkOptions(GAMBLER_DEFAULTS, 'gambler'),
    })
    .strict(),
  needs: { loss: false },
  create: (ctx) => {
    const { depth, filters, ...step } = (ctx.options ?? {}) as Record<string, never>;
    const net = gambler({ imageShape: ctx.inputShape, numClasses: ctx.numClasses, depth, filters, seed: ctx.seed + 1 });
    return gamblingStep({
      ...step,
      segmentor: ctx.segmentor,
      gambler: net,
      segmentorOptimizer: createOptimizer(ctx.optimizer),
      gamblerOptimizer: createOptimizer(ctx.optimizer),
    });
  },
});
