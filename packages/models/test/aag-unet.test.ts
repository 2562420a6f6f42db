import { unetParamCount } from '@seg/models';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type AagUNetConfig, aagUNetParamCount, aagUnet, ForegroundAttention, foregroundAttention } from '../src/aag-index.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const tiny: AagUNetConfig = { inputShape: [16, 16, 1], numClasses: 3, depth: 2, filters: 4, seed: 1 };

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

const values = (t: tf.Tensor | tf.Tensor[]) => (Array.isArray(t) ? t : [t]).map((x) => Array.from(x.dataSync()));

describe('aagUnet', () => {
  it.each([
    [
      { ...tiny },
      [
        [2, 16, 16, 3],
        [2, 8, 8, 3],
      ],
    ],
    [
      { ...tiny, inputShape: [32, 32, 2], depth: 3, numClasses: 2, norm: 'group', groups: 2 },
      [
        [2, 32, 32, 2],
        [2, 16, 16, 2],
        [2, 8, 8, 2],
      ],
    ],
    [
      { ...tiny, inputShape: [16, 32, 1], depth: 3, norm: 'none', attention: false },
      [
        [2, 16, 32, 3],
        [2, 8, 16, 3],
        [2, 4, 8, 3],
      ],
    ],
  ] as [AagUNetConfig, number[][]][])('emits logits then ỹ fine → coarse: %j', (config, shapes) => {
    const { model, inference } = aagUnet(config);
    const x = tf.randomNormal([2, ...config.inputShape], 0, 1, 'float32', 3);
    const outputs = model.predict(x) as tf.Tensor[];
    expect(outputs.map((o) => o.shape)).toEqual(shapes);
    const logits = inference.predict(x) as tf.Tensor;
    expect(logits.shape).toEqual(shapes[0]);
    // The inference model is the same graph: identical logits.
    expect(values(logits)).toEqual(values(outputs[0]));
    // ỹ are softmax maps: every pixel's K probabilities sum to 1.
    for (const probs of outputs.slice(1)) {
      const sums = tf.sum(probs, -1);
      for (const s of sums.dataSync()) expect(s).toBeCloseTo(1, 5);
      sums.dispose();
    }
    tf.dispose([x, logits, ...outputs]);
    model.dispose();
  });

  it('has stable layer names; the ablation has no top-level classifier', () => {
    const names = (config: AagUNetConfig) => aagUnet(config).model.layers.map((l) => l.name);
    const gated = names(tiny);
    for (const i of [0, 1]) expect(gated).toEqual(expect.arrayContaining([`dec${i}_classifier`, `dec${i}_probs`, `dec${i}_gate`]));
    expect(gated.slice(-1)).toEqual(['logits']);
    const plain = names({ ...tiny, attention: false });
    expect(plain).toEqual(expect.arrayContaining(['dec1_classifier', 'dec1_gate']));
    expect(plain).not.toContain('dec0_classifier');
    expect(plain).not.toContain('dec0_gate');
  });

  it('every weight of the training model is in the inference model (with and without attention)', () => {
    for (const attention of [true, false]) {
      const { model, inference } = aagUnet({ ...tiny, attention });
      const ids = (m: tf.LayersModel) => m.weights.map((w) => w.id).sort();
      expect(ids(inference)).toEqual(ids(model));
      expect(inference.countParams()).toBe(model.countParams());
      model.dispose();
    }
  });

  it('parameter count formula matches countParams()', () => {
    for (const config of [
      tiny,
      { ...tiny, attention: false },
      { ...tiny, depth: 3, inputShape: [32, 32, 2], norm: 'none' },
      { ...tiny, norm: 'group', groups: 2 },
    ] as AagUNetConfig[]) {
      const { model } = aagUnet(config);
      expect(aagUNetParamCount(config)).toBe(model.countParams());
      model.dispose();
    }
    // Hand count: the ablation differs only by the top-level gate classifier, a 1×1 conv 16 → 2 with bias = 16·2 + 2.
    // Independent check: without attention it is the nearest-up-sampling U-Net plus the gate classifiers of levels
    // 1 … depth−1 (1×1 conv f_i → K with bias): depth 3, 4 filters, 3 classes → (8·3 + 3) + (16·3 + 3) = 78.
    const plain = { inputShape: [16, 16, 1], numClasses: 3, depth: 3, filters: 4 } as const;
    expect(aagUNetParamCount({ ...plain, attention: false })).toBe(unetParamCount({ ...plain, upsampling: 'nearest' }) + 78);
    expect(
      aagUNetParamCount({ inputShape: [16, 16, 1], numClasses: 2 }) -
        aagUNetParamCount({ inputShape: [16, 16, 1], numClasses: 2, attention: false }),
    ).toBe(16 * 2 + 2);
  });

  it('the attention ablation changes the outputs, not their shapes (same seed, same weights)', () => {
    const [a, b] = [aagUnet(tiny), aagUnet({ ...tiny, attention: false })];
    const x = tf.randomNormal([1, 16, 16, 1], 0, 1, 'float32', 5);
    const [ya, yb] = [a.model.predict(x) as tf.Tensor[], b.model.predict(x) as tf.Tensor[]];
    expect(ya.map((t) => t.shape)).toEqual(yb.map((t) => t.shape));
    expect(values(ya[0])).not.toEqual(values(yb[0]));
    // The coarsest ỹ is computed before any gate acts, from identical weights: identical in both.
    const [ca, cb] = [values(ya[1])[0], values(yb[1])[0]];
    for (const [i, v] of ca.entries()) expect(v).toBeCloseTo(cb[i], 6);
    tf.dispose([x, ...ya, ...yb]);
    a.model.dispose();
    b.model.dispose();
  });

  it('same seed → identical weights; another seed → different kernels', () => {
    const weights = (seed: number) =>
      aagUnet({ ...tiny, seed })
        .model.getWeights()
        .map((w) => Array.from(w.dataSync()));
    const [a, b, c] = [weights(4), weights(4), weights(5)];
    expect(a).toEqual(b);
    expect(a[0]).not.toEqual(c[0]);
  });

  it('round-trips through save/load: identical training and inference outputs', async () => {
    const { model, inference } = aagUnet({ ...tiny, attention: true });
    const shifted = model.getWeights().map((w, i) => tf.add(w, (i % 3) * 0.01));
    model.setWeights(shifted);
    tf.dispose(shifted);
    const x = tf.randomNormal([2, 16, 16, 1], 0, 1, 'float32', 7);
    for (const m of [model, inference]) {
      const loaded = await roundTrip(m);
      expect(loaded.getLayer('dec1_gate')).toBeInstanceOf(ForegroundAttention);
      const [a, b] = [m.predict(x) as tf.Tensor | tf.Tensor[], loaded.predict(x) as tf.Tensor | tf.Tensor[]];
      expect(values(b)).toEqual(values(a));
      tf.dispose([a, b].flat());
      loaded.dispose();
    }
    x.dispose();
    model.dispose();
  });

  it('a loss on the logits gives gradients to every trainable weight; predict and training leak nothing', () => {
    const { model, inference } = aagUnet(tiny);
    const x = tf.randomNormal([1, 16, 16, 1], 0, 1, 'float32', 8);
    tf.dispose(model.predict(x) as tf.Tensor[]);
    const before = tf.memory().numTensors;
    tf.dispose(model.predict(x) as tf.Tensor[]);
    (inference.predict(x) as tf.Tensor).dispose();
    expect(tf.memory().numTensors).toBe(before);
    const { value, grads } = tf.variableGrads(() => {
      const [logits, coarse] = model.apply(x, { training: true }) as tf.Tensor[];
      return tf.add(tf.mean(tf.square(logits)), tf.mean(coarse)) as tf.Scalar;
    });
    const trainable = model.trainableWeights.map((w) => (w.read() as tf.Variable).name).sort();
    expect(Object.keys(grads).sort()).toEqual(trainable);
    const empty = Object.entries(grads).filter(([, g]) => tf.tidy(() => tf.max(tf.abs(g)).dataSync()[0]) === 0);
    expect(empty.map(([name]) => name)).toEqual([]);
    tf.dispose([value, ...Object.values(grads)]);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    model.dispose();
  });

  it('lists every config problem, naming function and argument', () => {
    expect(() => aagUnet({ inputShape: [18, 16, 1], numClasses: 1, depth: 2, attention: 'yes' as unknown as boolean })).toThrow(
      /aagUnet: invalid AAG-UNet configuration:\n {2}- 'inputShape' height and width must be divisible by 2\^depth = 4, got 18×16\n {2}- 'numClasses' must be an integer ≥ 2.*\n {2}- 'attention' must be true or false, got "yes"/,
    );
    expect(() => aagUnet({ ...tiny, depth: 1 })).toThrow("'depth' must be an integer in [2, 8], got 1");
    expect(() => aagUNetParamCount({ ...tiny, upsampling: 'nearest' } as AagUNetConfig)).toThrow(
      /aagUNetParamCount: .*'upsampling' is not an AAG-UNet option/s,
    );
  });
});

describe('ForegroundAttention', () => {
  it('hand count: features × (1 − p_background), broadcast over channels; identity mode passes them through', () => {
    // 1×1×2 grid, 2 feature channels, 3 classes. Pixel 0: p = [0.5, 0.3, 0.2] → a = 0.5; pixel 1: [0.1, 0.6, 0.3] → 0.9.
    const features = tf.tensor4d([1, 2, 3, 4], [1, 1, 2, 2]);
    const probs = tf.tensor4d([0.5, 0.3, 0.2, 0.1, 0.6, 0.3], [1, 1, 2, 3]);
    const gated = foregroundAttention().apply([features, probs]) as tf.Tensor;
    const expected = [0.5, 1, 2.7, 3.6];
    for (const [i, v] of gated.dataSync().entries()) expect(v).toBeCloseTo(expected[i], 6);
    const same = foregroundAttention({ mode: 'identity' }).apply([features, probs]) as tf.Tensor;
    expect(Array.from(same.dataSync())).toEqual([1, 2, 3, 4]);
    tf.dispose([features, probs, gated, same]);
  });

  it('names the argument on mismatched grids and bad modes', () => {
    const [f, p] = [tf.zeros([1, 2, 2, 3]), tf.zeros([1, 4, 4, 2])];
    expect(() => foregroundAttention().apply([f, p])).toThrow(
      "ForegroundAttention: 'inputs' must be [features [N,h,w,F], probabilities [N,h,w,C ≥ 2]] on the same h×w, got 1×2×2×3 and 1×4×4×2.",
    );
    expect(() => foregroundAttention({ mode: 'soft' as 'gate' })).toThrow(
      "ForegroundAttention: 'mode' must be 'gate' or 'identity', got soft.",
    );
    tf.dispose([f, p]);
  });
});
