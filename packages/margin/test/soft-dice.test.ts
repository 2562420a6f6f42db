import { softDice } from '@seg/margin';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function read(t: tf.Tensor): number {
  const v = t.dataSync()[0];
  t.dispose();
  return v;
}

// Logits 1×1×2×2: pixel A (0, 0) → p = (1/2, 1/2), label 0; pixel B (0, ln 3) → p = (1/4, 3/4), label 1.
const A = [0, 0];
const B = [0, Math.log(3)];
const dice = (i: number, p: number, g: number, s: number) => (2 * i + s) / (p + g + s);
const s = 1e-5;
// Class 1: I = 3/4, Σp = 1/2 + 3/4 = 5/4, Σg = 1.   Class 0: I = 1/2, Σp = 1/2 + 1/4 = 3/4, Σg = 1.
const d1 = dice(3 / 4, 5 / 4, 1, s);
const d0 = dice(1 / 2, 3 / 4, 1, s);

describe('softDice', () => {
  it('hand value on 1×1×2×2: foreground only gives 1 − D₁ = 1 − (1.5 + s)/(2.25 + s) ≈ 1/3', () => {
    const logits = tf.tensor4d([...A, ...B], [1, 1, 2, 2]);
    const labels = tf.tensor3d([0, 1], [1, 1, 2], 'int32');
    expect(read(softDice()(logits, labels))).toBeCloseTo(1 - d1, 6);
    expect(read(softDice({ includeBackground: true })(logits, labels))).toBeCloseTo(1 - (d0 + d1) / 2, 6);
    // Squared denominator: Σp² for class 1 = 1/4 + 9/16 = 13/16.
    expect(read(softDice({ squared: true })(logits, labels))).toBeCloseTo(1 - dice(3 / 4, 13 / 16, 1, s), 6);
    tf.dispose([logits, labels]);
  });

  it('averages per image: two images give the mean of their Dice values', () => {
    // Image 2 is image 1 with the labels swapped: class 1 has I = 1/2, Σp = 5/4, Σg = 1.
    const logits = tf.tensor4d([...A, ...B, ...A, ...B], [2, 1, 2, 2]);
    const labels = tf.tensor3d([0, 1, 1, 0], [2, 1, 2], 'int32');
    expect(read(softDice()(logits, labels))).toBeCloseTo(1 - (d1 + dice(1 / 2, 5 / 4, 1, s)) / 2, 6);
    tf.dispose([logits, labels]);
  });

  it('ignored pixels are excluded from every sum and get a zero gradient', () => {
    const logits = tf.tensor4d([...A, ...B, 5, -3], [1, 1, 3, 2]);
    const labels = tf.tensor3d([0, 1, 255], [1, 1, 3], 'int32');
    const loss = softDice({ includeBackground: true });
    expect(read(loss(logits, labels))).toBeCloseTo(1 - (d0 + d1) / 2, 6);
    const grad = tf.grad((z: tf.Tensor4D) => loss(z, labels))(logits);
    const g = grad.dataSync();
    expect([Math.abs(g[4]), Math.abs(g[5])]).toEqual([0, 0]);
    expect(Math.abs(g[2])).toBeGreaterThan(0);
    tf.dispose([logits, labels, grad]);
  });

  it('pixel weights weight every sum: weight 0 on a pixel equals ignoring it', () => {
    const logits = tf.tensor4d([...A, ...B, 5, -3], [1, 1, 3, 2]);
    const labels = tf.tensor3d([0, 1, 1], [1, 1, 3], 'int32');
    const weights = tf.tensor3d([1, 1, 0], [1, 1, 3]);
    expect(read(softDice()(logits, labels, weights))).toBeCloseTo(1 - d1, 6);
    tf.dispose([logits, labels, weights]);
  });

  it('a better prediction gets a lower loss', () => {
    const labels = tf.tensor3d([0, 1, 1, 0], [1, 2, 2], 'int32');
    const make = (scale: number) =>
      tf.tensor4d(
        [1, -1, -1, 1, -1, 1, 1, -1].map((v) => v * scale),
        [1, 2, 2, 2],
      );
    const [weak, strong] = [make(0.5), make(4)];
    expect(read(softDice()(strong, labels))).toBeLessThan(read(softDice()(weak, labels)));
    tf.dispose([labels, weak, strong]);
  });

  it('leaks no tensors', () => {
    const logits = tf.tensor4d([...A, ...B], [1, 1, 2, 2]);
    const labels = tf.tensor3d([0, 1], [1, 1, 2], 'int32');
    const loss = softDice();
    const before = tf.memory().numTensors;
    loss(logits, labels).dispose();
    tf.dispose(Object.values(loss.parts(logits, labels)));
    tf.grad((z: tf.Tensor4D) => loss(z, labels))(logits).dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([logits, labels]);
  });

  it('names the argument', () => {
    expect(() => softDice({ smooth: 0 })).toThrow("softDice: 'smooth' must be a finite number > 0, got 0.");
    expect(softDice().reduction).toBe('mean');
  });
});
