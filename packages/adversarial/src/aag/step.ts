/**
 * Scribble supervision with multi-scale adversarial attention gates (Valvano, Leo & Tsaftaris, IEEE TMI 2021, §III-C)
 * as a seg TrainStep. Each trainer step plays the paper's two alternating steps:
 *
 * 1. scribbled batch (x, y_s): segmentor minimises a0·L_SUP + a1·V_LS(Σ), L_SUP = WPCE summed over annotators,
 *    a0 = ‖V_LS(Σ)‖ / ‖L_SUP‖ held constant (no gradient), so both terms keep one amplitude ratio (a1 = 0.1);
 * 2. unlabeled batch x_u and unpaired masks y: discriminator minimises a2·V_LS(Δ), then segmentor a3·V_LS(Σ)
 *    (a2 = a3 = 0.2), with 10 % label noise and Gaussian instance noise (σ 0.2) on the full-resolution input.
 *
 * Extra randomness (which unlabeled images and masks, flips, noise) comes from the trainer's Rng: resumes are exact.
 */
import { SegConfigError } from '@seg/core';
import { oneHotLabels, pixelCrossEntropy, validMask, wpce } from '@seg/margin';
import { maskPyramid, type PyramidMode } from '@seg/models';
import { logitsView, type StepContext, segmentorModels, type TensorBatch, type TrainStep } from '@seg/train';
import * as tf from '@tensorflow/tfjs';
import { readScalars, update } from '../ce-adversarial/update.js';
import { detach } from '../gambling/stop-gradient.js';
import { lsgan, noisyTargets } from './losses.js';
import { type AagStepOptions, type ResolvedAagOptions, resolveAagOptions } from './options.js';
import { drawImages, drawMasks } from './sampling.js';

const asList = (t: tf.Tensor | tf.Tensor[]): tf.Tensor[] => (Array.isArray(t) ? t : [t]);

function checkNetworks(o: ResolvedAagOptions): number {
  const d = o.discriminator;
  if (!d) return 0;
  const scales = d.inputs.length;
  if (scales > o.segmentor.outputs.length) {
    throw new SegConfigError({
      fn: 'aagStep',
      arg: 'discriminator',
      expected: `at most ${o.segmentor.outputs.length} inputs (the segmentor's full-resolution output and its ${o.segmentor.outputs.length - 1} coarser maps)`,
      got: `${scales} inputs`,
      hint: 'Build both with the same depth, or use multiScale: false for a full-resolution discriminator',
    });
  }
  return scales;
}

/** Full-resolution softmax, then the segmentor's coarser maps, as many as the discriminator reads. */
function fakeInputs(outs: tf.Tensor[], scales: number): tf.Tensor4D[] {
  return [tf.softmax(outs[0]) as tf.Tensor4D, ...(outs.slice(1, scales) as tf.Tensor4D[])];
}

export function aagStep(options: AagStepOptions): TrainStep {
  const o = resolveAagOptions(options);
  const scales = checkNetworks(o);
  const inference = logitsView(o.segmentor);
  const segmentors = segmentorModels(o.segmentor);
  const supervised = wpce({ ...o.supervised, ignoreIndex: o.ignoreIndex });
  const disc = o.discriminator;

  /** Instance noise on the full-resolution input (seeded from the trainer's Rng). */
  const noisy = (inputs: tf.Tensor4D[], seed: number): tf.Tensor4D[] =>
    o.instanceNoise > 0
      ? [tf.add(inputs[0], tf.randomNormal(inputs[0].shape, 0, o.instanceNoise, 'float32', seed)), ...inputs.slice(1)]
      : inputs;

  const discriminate = (inputs: tf.Tensor4D[], training: boolean) => disc!.apply(inputs, { training }) as tf.Tensor;

  function scribbleUpdate(batch: TensorBatch, seed: number): Record<string, number> {
    const targets = batch.annotations && batch.annotations.length > 0 ? batch.annotations : [batch.labels];
    return update(o.segmentor, o.segmentorOptimizer, (logged) => {
      const outs = asList(o.segmentor.apply(batch.images, { training: true }) as tf.Tensor | tf.Tensor[]);
      const logits = outs[0] as tf.Tensor4D;
      const sup = tf.addN(targets.map((y) => supervised(logits, y))) as tf.Scalar;
      logged.sup = sup;
      if (!disc) return tf.clone(sup); // logged and returned tensors are read (and disposed) separately
      const adv = lsgan(discriminate(noisy(fakeInputs(outs, scales), seed), false), 1);
      // a0 from detached copies (divNoNan's Equal has no gradient, and none must flow through a0 anyway).
      const a0 = tf.div(tf.abs(detach(adv)), tf.maximum(tf.abs(detach(sup)), 1e-12)) as tf.Scalar;
      logged.adv = adv;
      logged.a0 = a0;
      return tf.add(tf.mul(a0, sup), tf.mul(o.a1, adv)) as tf.Scalar;
    });
  }

  function unlabeledUpdates(batch: TensorBatch, rng: StepContext['rng']): Record<string, number> {
    const n = batch.images.shape[0];
    const images = o.unlabeled ? drawImages(o.unlabeled, n, rng) : batch.images;
    const masks = drawMasks(o.maskPool!, n, rng, 'aagStep');
    const flips = Array.from({ length: 2 * n }, () => rng.bernoulli(o.labelNoise));
    const seeds = [rng.nextUint32(), rng.nextUint32(), rng.nextUint32()];
    const numClasses = o.segmentor.outputs[0].shape[3] as number;
    try {
      const fakes = tf.tidy(() =>
        fakeInputs(asList(o.segmentor.apply(images, { training: true }) as tf.Tensor | tf.Tensor[]), scales).map((t) => tf.keep(t)),
      );
      let d: Record<string, number>;
      try {
        d = update(disc!, o.discriminatorOptimizer!, (logged) => {
          const real = maskPyramid(oneHotLabels(masks, numClasses, o.ignoreIndex), scales, { mode: o.realScales as PyramidMode });
          const dReal = lsgan(discriminate(noisy(real, seeds[0]), true), noisyTargets(flips.slice(0, n), 1, o.fakeTarget));
          const dFake = lsgan(discriminate(noisy(fakes, seeds[1]), true), noisyTargets(flips.slice(n), o.fakeTarget, 1));
          logged.real = dReal;
          logged.fake = dFake;
          return tf.mul(o.a2, tf.add(dReal, dFake)) as tf.Scalar;
        });
      } finally {
        tf.dispose(fakes);
      }
      const g = update(o.segmentor, o.segmentorOptimizer, (logged) => {
        const outs = asList(o.segmentor.apply(images, { training: true }) as tf.Tensor | tf.Tensor[]);
        const adv = lsgan(discriminate(noisy(fakeInputs(outs, scales), seeds[2]), false), 1);
        logged.adv = adv;
        return tf.mul(o.a3, adv) as tf.Scalar;
      });
      return { disc_loss: d.total, disc_real: d.real, disc_fake: d.fake, adv_unlabeled: g.adv };
    } finally {
      if (images !== batch.images) images.dispose();
      masks.dispose();
    }
  }

  return {
    name: 'aag',
    models: (): Record<string, tf.LayersModel> => (disc ? { ...segmentors, discriminator: disc } : segmentors),
    optimizers: (): Record<string, tf.Optimizer> =>
      disc ? { segmentor: o.segmentorOptimizer, discriminator: o.discriminatorOptimizer! } : { segmentor: o.segmentorOptimizer },
    step(batch: TensorBatch, ctx: StepContext): Record<string, number> {
      const s = scribbleUpdate(batch, ctx.rng.nextUint32());
      const out: Record<string, number> = { loss: s.total, sup: s.sup };
      if (!disc) return out;
      Object.assign(out, { adv: s.adv, a0: s.a0 }, unlabeledUpdates(batch, ctx.rng));
      return out;
    },
    /** Cross-entropy of the logits against the validation masks (full annotations): the early-stopping loss. */
    validate(batch: TensorBatch): Record<string, number> {
      const kept = tf.tidy(() => {
        const logits = inference.apply(batch.images, { training: false }) as tf.Tensor4D;
        const mask = validMask(batch.labels, o.ignoreIndex);
        const ce = tf.mul(pixelCrossEntropy(logits, batch.labels), mask);
        return { loss: tf.divNoNan(tf.sum(ce), tf.sum(mask)) };
      });
      return readScalars(kept);
    },
  };
}
