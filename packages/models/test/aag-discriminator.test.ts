import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type AagDiscriminatorConfig, aagDiscriminator, aagUnet, maskPyramid, SpectralConv2D, segmentorPyramid } from '../src/aag-index.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const tiny: AagDiscriminatorConfig = { inputShape: [16, 16], numClasses: 3, depth: 2, filters: 4, compress: 3, seed: 2 };

/** A random one-hot batch `[n,h,w,k]` (seeded), as float32. */
function oneHot(n: number, h: number, w: number, k: number, seed: number): tf.Tensor4D {
  return tf.tidy(() => tf.oneHot(tf.cast(tf.randomUniform([n, h, w], 0, k, 'float32', seed), 'int32'), k).toFloat() as tf.Tensor4D);
}

async function roundTrip(model: tf.LayersModel): Promise<tf.LayersModel> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return tf.loadLayersModel(tf.io.fromMemory(saved!));
}

const scoreOf = (d: tf.LayersModel, inputs: tf.Tensor[]) => tf.tidy(() => Array.from((d.predict(inputs) as tf.Tensor).dataSync()));

describe('aagDiscriminator', () => {
  it.each([
    [
      { ...tiny },
      [
        [16, 16, 3],
        [8, 8, 3],
      ],
    ],
    [
      { ...tiny, inputShape: [32, 32], depth: 3, numClasses: 2 },
      [
        [32, 32, 2],
        [16, 16, 2],
        [8, 8, 2],
      ],
    ],
    [{ ...tiny, inputShape: [32, 16], depth: 3, multiScale: false }, [[32, 16, 3]]],
  ] as [AagDiscriminatorConfig, number[][]][])('takes masks fine → coarse and gives one score each: %j', (config, shapes) => {
    const d = aagDiscriminator(config);
    expect(d.inputs.map((i) => i.shape)).toEqual(shapes.map((s) => [null, ...s]));
    const inputs = shapes.map((s, i) => oneHot(2, s[0], s[1], s[2], i));
    const y = d.predict(inputs) as tf.Tensor;
    expect(y.shape).toEqual([2, 1]);
    tf.dispose([y, ...inputs]);
    d.dispose();
  });

  it('ignores the background channel and reads every scale', () => {
    const d = aagDiscriminator(tiny);
    const [full, half] = [oneHot(1, 16, 16, 3, 1), oneHot(1, 8, 8, 3, 2)];
    const base = scoreOf(d, [full, half]);
    // Channel 0 is dropped inside: changing it alone leaves the score unchanged.
    const bgChanged = tf.tidy(() => tf.concat([tf.fill([1, 16, 16, 1], 7), tf.slice(full, [0, 0, 0, 1], [-1, -1, -1, -1])], -1));
    expect(scoreOf(d, [bgChanged, half])).toEqual(base);
    // The coarse input is concatenated at level 1: another coarse mask gives another score.
    const other = oneHot(1, 8, 8, 3, 9);
    expect(scoreOf(d, [full, other])[0]).not.toBeCloseTo(base[0], 6);
    tf.dispose([full, half, bgChanged, other]);
    d.dispose();
  });

  it('spectral-normalised 4×4 stride-2 convolutions with tanh; u is non-trainable and moves in training calls only', () => {
    const d = aagDiscriminator(tiny);
    const down = d.getLayer('down1') as SpectralConv2D;
    expect(down).toBeInstanceOf(SpectralConv2D);
    expect(down.getConfig()).toMatchObject({ kernelSize: 4, strides: 2, filters: 8 });
    expect(d.getLayer('down1_tanh').getConfig()).toMatchObject({ activation: 'tanh' });
    expect(d.nonTrainableWeights.map((w) => w.originalName)).toEqual(['down0/u', 'down1/u']);
    const inputs = [oneHot(2, 16, 16, 3, 1), oneHot(2, 8, 8, 3, 2)];
    const u = () => Array.from(d.nonTrainableWeights[0].read().dataSync());
    const u0 = u();
    tf.dispose(d.predict(inputs) as tf.Tensor);
    expect(u()).toEqual(u0);
    tf.dispose(d.apply(inputs, { training: true }) as tf.Tensor);
    expect(u()).not.toEqual(u0);
    tf.dispose(inputs);
    d.dispose();
  });

  it('same seed → identical weights; another seed → different ones', () => {
    const weights = (seed: number) =>
      aagDiscriminator({ ...tiny, seed })
        .getWeights()
        .map((w) => Array.from(w.dataSync()));
    const [a, b, c] = [weights(3), weights(3), weights(4)];
    expect(a).toEqual(b);
    expect(a[0]).not.toEqual(c[0]);
  });

  it('round-trips through save/load with its u vectors: identical scores', async () => {
    for (const multiScale of [true, false]) {
      const d = aagDiscriminator({ ...tiny, multiScale });
      const inputs = multiScale ? [oneHot(2, 16, 16, 3, 1), oneHot(2, 8, 8, 3, 2)] : [oneHot(2, 16, 16, 3, 1)];
      for (let i = 0; i < 3; i++) tf.dispose(d.apply(inputs, { training: true }) as tf.Tensor); // u away from its init
      const loaded = await roundTrip(d);
      expect(loaded.getLayer('down0')).toBeInstanceOf(SpectralConv2D);
      expect(scoreOf(loaded, inputs)).toEqual(scoreOf(d, inputs));
      tf.dispose(inputs);
      d.dispose();
      loaded.dispose();
    }
  });

  it('generator loss through the pyramid: gradients for every segmentor and discriminator weight, no leaks', () => {
    const { model } = aagUnet({ inputShape: [16, 16, 1], numClasses: 3, depth: 2, filters: 4, seed: 1 });
    const d = aagDiscriminator(tiny);
    const x = tf.randomNormal([2, 16, 16, 1], 0, 1, 'float32', 3);
    const real = oneHot(2, 16, 16, 3, 4);
    const step = () =>
      tf.variableGrads(() => {
        const fake = segmentorPyramid(model.apply(x, { training: true }) as tf.Tensor[]);
        const [sFake, sReal] = [d.apply(fake, { training: true }), d.apply(maskPyramid(real, 2), { training: true })] as tf.Tensor[];
        // Least-squares terms of Eq. 2 (the training step's business; any differentiable loss does here).
        return tf.add(tf.mean(tf.square(tf.sub(sFake, 1))), tf.mean(tf.square(tf.sub(sReal, 1)))) as tf.Scalar;
      });
    tf.dispose(Object.values(step()).flatMap((v) => (v instanceof tf.Tensor ? [v] : Object.values(v))));
    const before = tf.memory().numTensors;
    const { value, grads } = step();
    const expected = [...model.trainableWeights, ...d.trainableWeights].map((w) => (w.read() as tf.Variable).name).sort();
    expect(Object.keys(grads).sort()).toEqual(expected);
    const zero = Object.entries(grads).filter(([, g]) => tf.tidy(() => tf.max(tf.abs(g)).dataSync()[0]) === 0);
    expect(zero.map(([name]) => name)).toEqual([]);
    tf.dispose([value, ...Object.values(grads)]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(d.predict(maskPyramid(real, 2)) as tf.Tensor);
    tf.dispose([x, real]);
    model.dispose();
    d.dispose();
  });

  it('lists every config problem, naming function and argument', () => {
    expect(() => aagDiscriminator({ inputShape: [12, 16], numClasses: 3, depth: 3, compress: 0 })).toThrow(
      /aagDiscriminator: invalid AAG discriminator configuration:\n {2}- 'inputShape' height and width must be divisible by 2\^depth = 8, got 12×16\n {2}- 'compress' must be an integer ≥ 1, got 0/,
    );
    expect(() => aagDiscriminator({ ...tiny, sigmoid: true } as AagDiscriminatorConfig)).toThrow(
      "'sigmoid' is not an AAG discriminator option",
    );
  });
});

describe('maskPyramid and segmentorPyramid', () => {
  // 4×4 one-hot (2 classes) with class 1 at rows 0–1 × cols 0–2 and at (3, 3):
  //   1 1 1 0
  //   1 1 1 0
  //   0 0 0 0
  //   0 0 0 1
  const labels = [1, 1, 1, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1];
  const mask = () => tf.tidy(() => tf.oneHot(tf.tensor3d(labels, [1, 4, 4], 'int32'), 2).toFloat() as tf.Tensor4D);
  const classOne = (t: tf.Tensor) => tf.tidy(() => Array.from(tf.slice(t, [0, 0, 0, 1], [-1, -1, -1, 1]).dataSync()));

  it('average: class fractions of each 2×2 block (hand count), levels fine → coarse', () => {
    const m = mask();
    const levels = maskPyramid(m, 3);
    expect(levels.map((t) => t.shape)).toEqual([
      [1, 4, 4, 2],
      [1, 2, 2, 2],
      [1, 1, 1, 2],
    ]);
    expect(classOne(levels[0])).toEqual(labels);
    expect(classOne(levels[1])).toEqual([1, 0.5, 0, 0.25]);
    expect(classOne(levels[2])[0]).toBeCloseTo(7 / 16, 6);
    const sums = tf.tidy(() => Array.from(tf.sum(levels[1], -1).dataSync()));
    expect(sums).toEqual([1, 1, 1, 1]);
    tf.dispose([m, ...levels]);
  });

  it('nearest takes the top-left pixel of each block; bilinear with aligned corners takes pixels (0,0),(0,3),(3,0),(3,3)', () => {
    const m = mask();
    const before = tf.memory().numTensors;
    const nearest = maskPyramid(m, 2, { mode: 'nearest' });
    expect(classOne(nearest[1])).toEqual([1, 1, 0, 0]);
    // alignCorners 4 → 2: source coordinate = i·(4−1)/(2−1) = 0 or 3, exact pixels, no interpolation.
    const bilinear = maskPyramid(m, 2, { mode: 'bilinear' });
    expect(classOne(bilinear[1])).toEqual([1, 0, 0, 1]);
    tf.dispose([...nearest, ...bilinear]);
    expect(tf.memory().numTensors).toBe(before);
    m.dispose();
  });

  it('segmentorPyramid: softmax of the logits, ỹ unchanged', () => {
    const logits = tf.tensor4d([0, Math.log(3)], [1, 1, 1, 2]);
    const coarse = tf.tensor4d([0.2, 0.8], [1, 1, 1, 2]);
    const [p0, p1] = segmentorPyramid([logits, coarse]);
    // softmax([0, ln 3]) = [1/4, 3/4].
    const [a, b] = Array.from(p0.dataSync());
    expect([a, b].map((v) => Number(v.toFixed(6)))).toEqual([0.25, 0.75]);
    expect(Array.from(p1.dataSync())).toEqual(Array.from(coarse.dataSync()));
    tf.dispose([logits, coarse, p0, p1]);
  });

  it('names the argument on bad input', () => {
    const m = mask();
    expect(() => maskPyramid(m, 4)).toThrow(/maskPyramid: 'oneHot'/);
    expect(() => maskPyramid(m, 2, { mode: 'max' as 'average' })).toThrow(/maskPyramid: 'mode'/);
    const flat = tf.zeros([4, 4]) as unknown as tf.Tensor4D;
    expect(() => maskPyramid(flat, 2)).toThrow(/maskPyramid: 'oneHot'/);
    flat.dispose();
    expect(() => segmentorPyramid([])).toThrow(/segmentorPyramid: 'outputs'/);
    m.dispose();
  });
});
