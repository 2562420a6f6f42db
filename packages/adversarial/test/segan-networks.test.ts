import { initBackend } from '@seg/backend';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { seganCritic, seganSegmentor } from '../../models/src/segan-index.js';
import { clipWeights, SEGAN_CLIP, seganOptimizers, seganStep } from '../src/segan/index.js';

beforeAll(async () => {
  await initBackend('cpu');
});

const tiny = (seed = 1) => seganSegmentor({ inputShape: [16, 16, 1], numClasses: 2, depth: 2, filters: 4, seed });
const values = (m: tf.LayersModel) => m.getWeights().map((w) => Array.from(w.dataSync()));

describe('seganSegmentor', () => {
  it('logits on the input grid; 4×4 stride-2 encoder, resize + 3×3 decoder, concatenated skips', () => {
    const m = tiny();
    expect(m.outputs[0].shape).toEqual([null, 16, 16, 2]);
    const names = m.layers.map((l) => l.name);
    expect(names).toEqual(expect.arrayContaining(['seg_down0', 'seg_down1_norm', 'seg_up1_resize', 'seg_up1_concat', 'logits']));
    const down = m.getLayer('seg_down1').getConfig();
    expect([down.kernelSize, down.strides]).toEqual([
      [4, 4],
      [2, 2],
    ]);
    expect(m.getLayer('logits').getConfig().kernelSize).toEqual([3, 3]);
    // the skip joins encoder block 0 (8×8×4) and the up-sampled bottom (8×8×4)
    expect(m.getLayer('seg_up1_concat').outputShape).toEqual([null, 8, 8, 8]);
    m.dispose();
  });

  it('same seed → identical weights, another seed → different', () => {
    const [a, b, c] = [tiny(3), tiny(3), tiny(4)];
    expect(values(a)).toEqual(values(b));
    expect(values(a)[0]).not.toEqual(values(c)[0]);
    for (const m of [a, b, c]) m.dispose();
  });

  it('checks the input size and the config, naming them', () => {
    expect(() => seganSegmentor({ inputShape: [12, 12, 1], numClasses: 2, depth: 3 })).toThrow(
      /^seganSegmentor: 'inputShape' must be divisible by 8, got 12×12/,
    );
    expect(() => seganSegmentor({ inputShape: [16, 16, 1], numClasses: 1 })).toThrow(
      /seganSegmentor.*'numClasses' must be an integer ≥ 2, got 1/s,
    );
  });
});

describe('seganCritic', () => {
  it('outputs layer 0 (the input itself) then every block: [16²×1, 8²×4, 4²×8]', () => {
    const c = seganCritic({ inputShape: [16, 16, 1], depth: 2, filters: 4, seed: 2 });
    expect(c.outputs.map((o) => o.shape)).toEqual([
      [null, 16, 16, 1],
      [null, 8, 8, 4],
      [null, 4, 4, 8],
    ]);
    const x = tf.randomUniform([2, 16, 16, 1], 0, 1, 'float32', 5);
    const f = c.predict(x) as tf.Tensor[];
    expect(Array.from(f[0].dataSync())).toEqual(Array.from(x.dataSync()));
    tf.dispose([x, ...f]);
    const without = seganCritic({ inputShape: [16, 16, 1], depth: 2, filters: 4, includeInput: false });
    expect(without.outputs).toHaveLength(2);
    c.dispose();
    without.dispose();
  });
});

describe('critic weight clipping', () => {
  it('clipWeights: weights outside ±c land exactly on ±c, all |w| ≤ c, moving statistics untouched', () => {
    const c = seganCritic({ inputShape: [16, 16, 1], depth: 2, filters: 4, seed: 2 });
    const w = c.getWeights().map((t) => t.clone());
    const k = w[0].dataSync().slice();
    k[0] = 0.3;
    k[1] = -0.7;
    c.setWeights([tf.tensor(k, w[0].shape), ...w.slice(1)]);
    clipWeights(c, SEGAN_CLIP.paper);
    const bound = Math.fround(0.01);
    const kernel = c.trainableWeights[0].read().dataSync();
    expect([kernel[0], kernel[1]]).toEqual([bound, -bound]);
    for (const t of c.trainableWeights) for (const v of t.read().dataSync()) expect(Math.abs(v)).toBeLessThanOrEqual(bound);
    const movingVariance = c.weights.find((t) => t.name.includes('moving_variance'));
    expect(Array.from(movingVariance?.read().dataSync() ?? [])).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
    c.dispose();
  });

  it('after a seganStep critic update every critic weight is within ±0.05 (default) and a far weight sits on the bound', () => {
    const segmentor = tiny();
    const critic = seganCritic({ inputShape: [16, 16, 1], depth: 2, filters: 4, seed: 2 });
    const w = critic.getWeights();
    const k = w[0].dataSync().slice();
    k[0] = 0.3;
    k[1] = -0.7;
    critic.setWeights([tf.tensor(k, w[0].shape), ...w.slice(1)]);
    const opt = seganOptimizers({ name: 'adam', lr: 1e-3 });
    const step = seganStep({ segmentor, critics: critic, segmentorOptimizer: opt.segmentor, criticOptimizer: opt.critic });
    const images = tf.randomUniform([2, 16, 16, 1], 0, 1, 'float32', 7) as tf.Tensor4D;
    const labels = tf.cast(tf.greater(images, 0.5), 'int32').squeeze([3]) as tf.Tensor3D;
    const log = step.step({ ids: ['a', 'b'], images, labels }, { epoch: 0, step: 0, rng: undefined as never });
    expect(Object.keys(log)).toEqual(['loss', 'l1', 'critic_l1']);
    const bound = Math.fround(0.05);
    const kernel = critic.trainableWeights[0].read().dataSync();
    expect([kernel[0], kernel[1]]).toEqual([bound, -bound]);
    for (const t of critic.trainableWeights) for (const v of t.read().dataSync()) expect(Math.abs(v)).toBeLessThanOrEqual(bound);
    // BN γ starts at 1: clipped to c as PyTorch's clamp over NetC.parameters() does
    expect(Array.from(critic.getLayer('segan_critic_down1_norm').getWeights()[0].dataSync())).toEqual(Array(8).fill(bound));
    tf.dispose([images, labels]);
  });

  it('seganStep names networks that do not fit the variant', () => {
    const segmentor = tiny();
    const wide = seganCritic({ inputShape: [16, 16, 2], depth: 2, filters: 4 });
    const opt = seganOptimizers();
    expect(() => seganStep({ segmentor, critics: wide, segmentorOptimizer: opt.segmentor, criticOptimizer: opt.critic })).toThrow(
      /^seganStep: the networks do not fit together.*critic 0 input must be 16×16×1 \(S3-3C: 1 image channels\), got 16×16×2/s,
    );
  });
});
