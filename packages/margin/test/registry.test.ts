import { SegConfigError } from '@seg/core';
import {
  createLoss,
  dmc,
  ecp,
  focal,
  focalTversky,
  generalizedDice,
  labelSmoothing,
  listLosses,
  lovaszSoftmax,
  mbls,
  type SegLoss,
  svls,
  tversky,
} from '@seg/margin';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Case, lossValue } from './harness.js';
import { ceMeanReference, randomLabels, randomLogits, rows } from './reference.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const C = 3;
const labels = Array.from(randomLabels(2 * 3 * 3, C, 112));
const base: Case = { shape: [2, 3, 3, C], logits: Array.from(randomLogits(18 * C, 111, 2)), labels };
const counts = [0, 1, 2].map((k) => labels.filter((y) => y === k).length);

// Every registered name with non-default options, and the factory call it must equal.
const cases: [string, Record<string, unknown>, SegLoss][] = [
  ['mbls', { margin: 5, penalty: 'sum', norm: 'l2' }, mbls({ margin: 5, penalty: 'sum', norm: 'l2' })],
  ['dmc', { counts, tau: 2, form: 'bce' }, dmc({ counts, tau: 2, form: 'bce' })],
  ['dmc', { offsets: 'batch' }, dmc({ offsets: 'batch' })],
  ['focal', { gamma: 1, alpha: [1, 2, 3] }, focal({ gamma: 1, alpha: [1, 2, 3] })],
  ['ls', { alpha: 0.3 }, labelSmoothing({ alpha: 0.3 })],
  ['ecp', { beta: 0.2 }, ecp({ beta: 0.2 })],
  ['svls', { sigma: 2, kernelSize: 5 }, svls({ sigma: 2, kernelSize: 5 })],
  ['generalized-dice', { weighting: 'simple', aggregate: 'batch' }, generalizedDice({ weighting: 'simple', aggregate: 'batch' })],
  ['tversky', { alpha: 0.5, beta: 0.5, includeBackground: true }, tversky({ alpha: 0.5, beta: 0.5, includeBackground: true })],
  ['focal-tversky', { gamma: 2 }, focalTversky({ gamma: 2 })],
  ['lovasz', { aggregate: 'image', classes: 'all' }, lovaszSoftmax({ aggregate: 'image', classes: 'all' })],
];

describe('loss registry', () => {
  it('lists every loss with a description and its options', () => {
    expect(listLosses().map((l) => l.name)).toEqual([
      'ce',
      'dice',
      'ce+dice',
      'mbls',
      'dmc',
      'focal',
      'ls',
      'ecp',
      'svls',
      'generalized-dice',
      'tversky',
      'focal-tversky',
      'lovasz',
      'pce',
      'wpce',
    ]);
    expect(listLosses().every((l) => l.description.length > 0 && l.options.includes('ignoreIndex'))).toBe(true);
  });

  it('createLoss(name, options) equals the factory with the same options', () => {
    for (const [name, options, direct] of cases) {
      expect(lossValue(createLoss(name, options), base), name).toBeCloseTo(lossValue(direct, base), 6);
    }
    expect(createLoss('mbls', { margin: 5 }).lossName).toBe('mbls');
    expect(createLoss('ce', { reduction: 'sum' }).reduction).toBe('sum');
    expect(createLoss('dice').lossName).toBe('softDice');
    const ce = ceMeanReference(rows(base.logits, C), labels);
    expect(lossValue(createLoss('ce+dice', { diceWeight: 0 }), base)).toBeCloseTo(ce, 5);
  });

  it('an unknown name lists the valid names; unknown options are listed', () => {
    expect(() => createLoss('hinge')).toThrow(SegConfigError);
    expect(() => createLoss('hinge')).toThrow(
      `createLoss: 'name' must be one of 'ce', 'dice', 'ce+dice', 'mbls', 'dmc', 'focal', 'ls', 'ecp', 'svls', 'generalized-dice', 'tversky', 'focal-tversky', 'lovasz', 'pce', 'wpce', got "hinge". listLosses() describes each.`,
    );
    expect(() => createLoss('ce', { smooth: 1, weight: [1, 2] })).toThrow(
      "createLoss: unknown options for loss 'ce':\n  - 'smooth' is not an option of 'ce'\n  - 'weight' is not an option of 'ce'\n" +
        '  - valid options: classWeights, reduction, ignoreIndex, checkLabels.',
    );
    expect(() => createLoss('mbls', { gamma: 2 })).toThrow(
      "createLoss: unknown option for loss 'mbls':\n  - 'gamma' is not an option of 'mbls'\n" +
        '  - valid options: margin, alpha, penalty, norm, reduction, ignoreIndex, checkLabels.',
    );
  });
});
