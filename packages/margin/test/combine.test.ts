import { ceDice, combine, crossEntropy, softDice } from '@seg/margin';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ceMeanReference, randomLabels, randomLogits, rows } from './reference.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function read(t: tf.Tensor): number {
  const v = t.dataSync()[0];
  t.dispose();
  return v;
}

const logitValues = randomLogits(2 * 4 * 4 * 3, 5);
const labelValues = randomLabels(2 * 4 * 4, 3, 6);
const make = () => ({ logits: tf.tensor4d(logitValues, [2, 4, 4, 3]), labels: tf.tensor3d(labelValues, [2, 4, 4], 'int32') });

describe('combine and ceDice', () => {
  it('is the weighted sum of its terms; parts are the unweighted terms by label', () => {
    const { logits, labels } = make();
    const ce = ceMeanReference(rows(logitValues, 3), Array.from(labelValues));
    const dice = read(softDice()(logits, labels));
    const loss = combine([
      [crossEntropy(), 0.5, 'ce'],
      [softDice(), 2],
    ]);
    expect(loss.lossName).toBe('ce+softDice');
    expect(read(loss(logits, labels))).toBeCloseTo(0.5 * ce + 2 * dice, 5);
    const parts = loss.parts(logits, labels);
    expect(Object.keys(parts)).toEqual(['total', 'ce', 'softDice']);
    expect([read(parts.total), read(parts.ce), read(parts.softDice)].map((v) => v.toFixed(5))).toEqual(
      [0.5 * ce + 2 * dice, ce, dice].map((v) => v.toFixed(5)),
    );
    tf.dispose([logits, labels]);
  });

  it("ceDice() is CE + Dice with parts 'ce' and 'dice'; options reach both terms", () => {
    const { logits, labels } = make();
    const ce = ceMeanReference(rows(logitValues, 3), Array.from(labelValues), { classWeights: [1, 2, 3] });
    const dice = read(softDice({ includeBackground: true })(logits, labels));
    const loss = ceDice({ classWeights: [1, 2, 3], includeBackground: true, diceWeight: 0.25 });
    expect(loss.lossName).toBe('ce+dice');
    const parts = loss.parts(logits, labels);
    expect(Object.keys(parts)).toEqual(['total', 'ce', 'dice']);
    expect(read(parts.total)).toBeCloseTo(ce + 0.25 * dice, 5);
    expect(read(parts.ce)).toBeCloseTo(ce, 5);
    expect(read(parts.dice)).toBeCloseTo(dice, 5);
    tf.dispose([logits, labels]);
  });

  it('repeated labels get a suffix; sub-parts are named label.part', () => {
    const { logits, labels } = make();
    const inner = combine([
      [crossEntropy(), 1, 'ce'],
      [softDice(), 1, 'dice'],
    ]);
    const parts = combine([
      [inner, 1],
      [crossEntropy(), 1, 'ce'],
      [crossEntropy({ classWeights: [1, 1, 2] }), 1, 'ce'],
    ]).parts(logits, labels);
    expect(Object.keys(parts)).toEqual(['total', 'ce+dice', 'ce+dice.ce', 'ce+dice.dice', 'ce', 'ce_2']);
    tf.dispose([...Object.values(parts), logits, labels]);
  });

  it("terms with reduction 'none' combine into a per-pixel map", () => {
    const { logits, labels } = make();
    const perPixel = crossEntropy({ reduction: 'none' })(logits, labels);
    const combined = combine([
      [crossEntropy({ reduction: 'none' }), 1],
      [crossEntropy({ reduction: 'none', classWeights: [0, 0, 1] }), 2],
    ])(logits, labels);
    expect(combined.shape).toEqual([2, 4, 4]);
    const [p, c] = [perPixel.dataSync(), combined.dataSync()];
    for (const [i, v] of c.entries()) expect(v).toBeCloseTo(p[i] * (labelValues[i] === 2 ? 3 : 1), 5);
    tf.dispose([logits, labels, perPixel, combined]);
  });

  it('leaks no tensors', () => {
    const { logits, labels } = make();
    const loss = ceDice();
    const before = tf.memory().numTensors;
    loss(logits, labels).dispose();
    tf.dispose(Object.values(loss.parts(logits, labels)));
    tf.grad((z: tf.Tensor4D) => loss(z, labels))(logits).dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([logits, labels]);
  });

  it('lists every problem with the terms at once', () => {
    expect(() => combine([])).toThrow("combine: 'terms' must be a non-empty array of [loss, weight] pairs, got [].");
    expect(() =>
      combine([
        [crossEntropy({ reduction: 'none' }), 1],
        [softDice({ ignoreIndex: 0 }), 1],
      ]),
    ).toThrow(/^combine: invalid terms:\n {2}- reductions mix 'none'.*\n {2}- the terms ignore different labels \(255, 0\)/);
    expect(() => combine([[crossEntropy(), Number.NaN]])).toThrow(/term 0: the weight must be a finite number, got NaN/);
  });
});
