/**
 * Training methods by name, for config files and `seg train --method`: each builds its extra networks (gambler,
 * critics, discriminators) next to the given segmentor and returns a `TrainStep` for the trainer.
 */
import { SegConfigError } from '@seg/core';
import type { Dataset } from '@seg/data';
import { confidenceNetwork, gambler, imageDiscriminator, seganCritic } from '@seg/models';
import { createOptimizer, type OptimizerOptions, type TrainStep } from '@seg/train';
import type * as tf from '@tensorflow/tfjs';
import { aagMethod } from './aag/method.js';
import { ceAdversarialStep } from './ce-adversarial/index.js';
import { confidenceStep } from './confidence/index.js';
import { gamblingStep } from './gambling/index.js';
import { type SeganVariant, seganStep } from './segan/index.js';

export interface MethodContext {
  /** The segmentation network (logits out); it stays the run's evaluated and saved model. */
  segmentor: tf.LayersModel;
  /** [height, width, channels] of the images. */
  inputShape: readonly [number, number, number];
  numClasses: number;
  seed: number;
  /** Optimizer settings, used for every network of the method (each gets its own optimizer). */
  optimizer: OptimizerOptions;
  /** Method options (`--method-opt key=value`), validated by the method. */
  options?: Record<string, unknown>;
  /** Datasets the step draws itself (from `prepareData`; aag: `unlabeled`, `maskPool`). */
  data?: Record<string, Dataset>;
}

/** What `prepareData` returns: the set the trainer iterates, the step's own datasets, and a line for the log. */
export interface PreparedData {
  train: Dataset;
  data: Record<string, Dataset>;
  summary?: string;
}

export interface MethodEntry {
  readonly name: string;
  readonly description: string;
  readonly options: readonly string[];
  readonly create: (context: MethodContext) => TrainStep;
  /**
   * The architecture the method trains instead of `--model` (registry name), and which method options are model
   * options (aag: 'aag-unet', `attention`).
   */
  readonly model?: { readonly name: string; readonly keys: readonly string[] };
  /** Splits the run's training set into what the trainer iterates and what the step draws itself. */
  readonly prepareData?: (train: Dataset, options: Record<string, unknown>, seed: number) => PreparedData;
}

function checkOptions(options: Record<string, unknown>, allowed: readonly string[], method: string): void {
  const unknown = Object.keys(options).filter((k) => !allowed.includes(k));
  if (unknown.length > 0) {
    throw new SegConfigError({
      fn: 'createMethodStep',
      arg: 'options',
      detail: `unknown option${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `'${k}'`).join(', ')} for method '${method}'`,
      hint: `Options of '${method}': ${allowed.join(', ')}`,
    });
  }
}

const GAMBLING_OPTIONS = ['form', 'beta', 'lambda', 'ceWeight', 'weightGradient', 'gamblerSteps', 'depth', 'filters'] as const;
const SEGAN_OPTIONS = ['variant', 'weighting', 'dice', 'diceWeight', 'clip', 'criticSteps', 'depth', 'filters'] as const;
const CE_ADV_OPTIONS = ['alpha', 'realEncoding', 'tau', 'discriminatorSteps', 'depth', 'filters'] as const;
const CONFIDENCE_OPTIONS = ['gamma', 'adversarialWeight', 'normalize', 'discriminatorSteps', 'depth', 'filters'] as const;

const entries: MethodEntry[] = [
  {
    name: 'gambling',
    description:
      'gambling adversarial networks: a gambler bets a budget on the pixels the segmenter gets wrong (Bakhtiariziabari & Ghafoorian)',
    options: GAMBLING_OPTIONS,
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
  },
  {
    name: 'segan',
    description: 'SegAN: critic on image ⊙ mask, multi-scale L1 between critic features of prediction and truth (Xue et al.)',
    options: SEGAN_OPTIONS,
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
  },
  {
    name: 'ce-adversarial',
    description: 'CE + adversarial: image-level discriminator on (image, one-hot truth) vs (image, softmax) (Luc et al.)',
    options: CE_ADV_OPTIONS,
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
  },
  {
    name: 'confidence',
    description: 'adversarial confidence learning: per-pixel discriminator, CE weighted by (1 − D)^γ (Nie & Shen)',
    options: CONFIDENCE_OPTIONS,
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
  },
];

entries.push(aagMethod);

const registry = new Map(entries.map((e) => [e.name, e]));

/** Adds a method (names are unique). */
export function registerMethod(entry: MethodEntry): void {
  if (registry.has(entry.name))
    throw new SegConfigError({ fn: 'registerMethod', arg: 'name', detail: `a method named '${entry.name}' is already registered` });
  registry.set(entry.name, entry);
}

export function listMethods(): Pick<MethodEntry, 'name' | 'description' | 'options'>[] {
  return [...registry.values()].map(({ name, description, options }) => ({ name, description, options }));
}

/** The TrainStep of method `name` around `context.segmentor`. */
export function createMethodStep(name: string, context: MethodContext): TrainStep {
  const entry = getMethod(name);
  checkOptions(context.options ?? {}, entry.options, name); // once here, so each entry reads its options as given
  return entry.create(context);
}

/** The registered method `name` (its model and data needs included); unknown names list the valid ones. */
export function getMethod(name: string): MethodEntry {
  const entry = registry.get(name);
  if (!entry) {
    throw new SegConfigError({
      fn: 'createMethodStep',
      arg: 'name',
      expected: `'supervised' or one of ${[...registry.keys()].map((n) => `'${n}'`).join(', ')}`,
      got: JSON.stringify(name),
      hint: 'listMethods() describes each',
    });
  }
  return entry;
}
