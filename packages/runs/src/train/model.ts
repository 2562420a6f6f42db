import { SegConfigError } from '@seg/core';
import type { Dataset } from '@seg/data';
import type { ModelEntry } from '@seg/models';
import type * as tf from '@tensorflow/tfjs';
import { modelOptions } from '../config/model-options.js';
import type { TrainConfig } from '../config/schema.js';

/** The builder config of `name`: {@link modelOptions} plus the data's shape, the class count and the run's seed. */
export function modelConfig(config: TrainConfig, train: Dataset, name = config.model.name, extra: Record<string, unknown> = {}) {
  return {
    ...modelOptions(config.model, name, extra),
    inputShape: [train.height, train.width, train.channels],
    numClasses: train.numClasses,
    seed: config.seed,
  };
}

/**
 * Refuses data whose height or width the model cannot take (the entry's `requires`), before anything is built.
 * @throws SegConfigError naming the model, the requirement, the data's size and what to change.
 */
export function assertInputFits(entry: ModelEntry, options: Record<string, unknown>, train: Dataset): void {
  const parsed = entry.options.safeParse(options);
  if (!parsed.success) return; // invalid options: the builder names them
  const resolved = parsed.data as Record<string, unknown>;
  const step = entry.requires.divisibleBy(resolved);
  const min = entry.requires.minSize?.(resolved) ?? step;
  const [h, w] = [train.height, train.width];
  if (h % step === 0 && w % step === 0 && Math.min(h, w) >= min) return;
  const depthHint = 'depth' in resolved ? ', or a smaller --depth' : '';
  throw new SegConfigError({
    fn: 'seg train',
    arg: '--model',
    expected: `images whose height and width are multiples of ${step}${min > step ? ` and at least ${min}` : ''} for '${entry.name}' with these options`,
    got: `${h}×${w} (${train.name})`,
    hint: `Crop or pad the images${depthHint}`,
  });
}

/**
 * Deep-supervision weights for the supervised step, from the model entry's policy: 'off' for one output or extra
 * outputs that are not logits; nnU-Net's weights; or (UNet++) output 0 — the mean of the K heads — weight 0 and each
 * head 1/K (Zhou et al.).
 */
export function deepSupervisionOf(entry: ModelEntry, model: tf.LayersModel): 'off' | 'nnunet' | number[] {
  const k = model.outputs.length;
  if (k === 1 || entry.deepSupervision === 'none') return 'off';
  if (entry.deepSupervision === 'mean-of-heads') return [0, ...new Array(k - 1).fill(1 / (k - 1))];
  return 'nnunet';
}
