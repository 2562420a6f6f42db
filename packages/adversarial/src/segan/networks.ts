/** Shape checks between a SegAN segmentor, its critics and the variant, with messages naming what to change. */
import { SegConfigError } from '@seg/core';
import type * as tf from '@tensorflow/tfjs';
import type { SeganVariant } from './masking.js';

const dims = (s: readonly (number | null)[]): string => s.slice(1).join('×');

/**
 * Checks the critics fit the segmentor for `variant` (count, input grid and channels) and returns the number of
 * classes and whether the critics' first output is their input (layer 0: same shape as the input; blocks halve H×W).
 */
export function checkSeganNetworks(
  segmentor: tf.LayersModel,
  critics: readonly tf.LayersModel[],
  variant: SeganVariant,
): { numClasses: number; firstIsInput: boolean } {
  const [, h, w, ci] = segmentor.inputs[0].shape as number[];
  const numClasses = segmentor.outputs[0].shape[3] as number;
  const k = numClasses - 1;
  const problems: string[] = [];
  if (!['S1-1C', 'S3-1C', 'S3-3C'].includes(variant))
    problems.push(`'variant' must be 'S1-1C', 'S3-1C' or 'S3-3C', got ${JSON.stringify(variant)}`);
  if (variant === 'S1-1C' && k !== 1)
    problems.push(`'S1-1C' needs a binary segmentor (2 classes), got ${numClasses}: use 'S3-3C'/'S3-1C' or one binary SegAN per class`);
  const wanted = variant === 'S3-3C' ? k : 1;
  if (critics.length !== wanted)
    problems.push(`'critics' must hold ${wanted} critic(s) for ${variant} with ${k} foreground class(es), got ${critics.length}`);
  const channels = variant === 'S3-1C' ? k * ci : ci;
  critics.forEach((m, i) => {
    const s = m.inputs[0].shape;
    if (s[1] !== h || s[2] !== w || s[3] !== channels)
      problems.push(
        `critic ${i} input must be ${h}×${w}×${channels} (${variant}: ${variant === 'S3-1C' ? `${k} classes × ` : ''}${ci} image channels), got ${dims(s)}`,
      );
  });
  if (problems.length > 0)
    throw new SegConfigError({ fn: 'seganStep', arg: 'critics', detail: 'the networks do not fit together', problems });
  const o = critics[0].outputs[0].shape;
  return { numClasses, firstIsInput: o[1] === h && o[2] === w };
}
