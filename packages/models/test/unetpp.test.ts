import { SegConfigError, SegInputError } from '@seg/core';
import { unet } from '@seg/models';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type UNetPPConfig, unetpp, unetppEntry, unetppParamCount, unetppPrune } from '../src/index.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const tiny: UNetPPConfig = { inputShape: [16, 16, 1], numClasses: 2, depth: 2, filters: 2, norm: 'none' };
const ds: UNetPPConfig = { ...tiny, deepSupervision: true };

const values = (t: tf.Tensor): number[] => Array.from(t.dataSync());
const maxDiff = (a: number[], b: number[]): number => Math.max(...a.map((v, i) => Math.abs(v - b[i])));

describe('unetpp', () => {
  it.each([
    [{ ...tiny }, [2, 16, 16, 2]],
    [{ ...tiny, inputShape: [8, 24, 3], numClasses: 4, norm: 'group', upsampling: 'nearest', groups: 2 }, [2, 8, 24, 4]],
    [{ ...tiny, depth: 3, norm: 'batch', dropout: 0.3 }, [2, 16, 16, 2]],
  ] as [UNetPPConfig, number[]][])('logits [N,H,W,C]: %j', (config, expected) => {
    const model = unetpp(config);
    expect(model.name).toBe('unetpp');
    const x = tf.zeros([2, ...config.inputShape]);
    const y = model.predict(x) as tf.Tensor;
    expect(y.shape).toEqual(expected);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('hand count: depth 2, 2 filters, no norm, 1 → 2 classes = 2 068 (2 074 with deep supervision)', () => {
    const conv3 = (cin: number, cout: number) => 9 * cin * cout + cout; // 3×3 conv with bias
    const node = (cin: number, f: number) => conv3(cin, f) + conv3(f, f);
    const up = (cin: number, f: number) => 4 * cin * f + f; // 2×2 transposed conv with bias
    const x00 = node(1, 2); // 58
    const x10 = node(2, 4); // 224
    const x20 = node(4, 8); // 880
    const x01 = up(4, 2) + node(2 + 2, 2); // [X00, U(X10)]: 146
    const x11 = up(8, 4) + node(4 + 4, 4); // [X10, U(X20)]: 572
    const x02 = up(4, 2) + node(2 + 2 + 2, 2); // [X00, X01, U(X11)]: 182
    const head = 2 * 2 + 2;
    expect([x00, x10, x20, x01, x11, x02]).toEqual([58, 224, 880, 146, 572, 182]);
    const total = x00 + x10 + x20 + x01 + x11 + x02 + head;
    expect(total).toBe(2068);
    for (const [config, expected] of [
      [tiny, total],
      [ds, total + head],
    ] as const) {
      const model = unetpp(config);
      expect(model.countParams()).toBe(expected);
      expect(unetppParamCount(config)).toBe(expected);
      model.dispose();
    }
    expect(unetppEntry.paramCount(tiny)).toBe(2068);
  });

  it.each([
    ['batch', 'transpose', false],
    ['group', 'nearest', true],
  ] as const)('unetppParamCount matches countParams() (norm %s, %s, deep supervision %s)', (norm, upsampling, deepSupervision) => {
    const config: UNetPPConfig = {
      inputShape: [16, 16, 3],
      numClasses: 3,
      depth: 3,
      filters: 4,
      norm,
      upsampling,
      groups: 2,
      deepSupervision,
    };
    const model = unetpp(config);
    expect(unetppParamCount(config)).toBe(model.countParams());
    model.dispose();
  });

  it('default config (depth 4, 16 filters, BN): 2 267 090 parameters vs U-Net 1 945 250 (closed form in unetppParamCount)', () => {
    const config = { inputShape: [16, 16, 1], numClasses: 2 } as const;
    const model = unetpp(config);
    expect(model.countParams()).toBe(2_267_090);
    expect(unetppParamCount(config)).toBe(2_267_090);
    model.dispose();
  });

  it('deep supervision: outputs [mean of heads, x0_1_logits, x0_2_logits], all full size', () => {
    const model = unetpp(ds);
    expect(model.outputNames).toEqual(['logits', 'x0_1_logits', 'x0_2_logits']);
    const x = tf.randomNormal([1, 16, 16, 1], 0, 1, 'float32', 1);
    const [mean, h1, h2] = model.predict(x) as tf.Tensor[];
    expect([mean.shape, h1.shape, h2.shape]).toEqual([
      [1, 16, 16, 2],
      [1, 16, 16, 2],
      [1, 16, 16, 2],
    ]);
    const expected = values(h1).map((v, i) => (v + values(h2)[i]) / 2);
    expect(maxDiff(values(mean), expected)).toBeLessThan(1e-6);
    tf.dispose([x, mean, h1, h2]);
    model.dispose();
  });

  it('same seed → identical weights; another seed → different kernels', () => {
    const [a, b, c] = [unetpp({ ...tiny, seed: 5 }), unetpp({ ...tiny, seed: 5 }), unetpp({ ...tiny, seed: 6 })];
    const w = (m: tf.LayersModel) => m.getWeights().map(values);
    expect(w(a)).toEqual(w(b));
    expect(w(a)[0]).not.toEqual(w(c)[0]);
    for (const m of [a, b, c]) m.dispose();
  });

  it('round-trips through tf.io.fromMemory (topology + weights) with identical outputs', async () => {
    const model = unetpp({ ...ds, norm: 'batch' });
    let artifacts: tf.io.ModelArtifacts | undefined;
    const saved = async (a: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    };
    await model.save(tf.io.withSaveHandler(saved));
    const copy = await tf.loadLayersModel(tf.io.fromMemory(artifacts as tf.io.ModelArtifacts));
    const x = tf.randomNormal([2, 16, 16, 1], 0, 1, 'float32', 2);
    const [ya, yb] = [model.predict(x) as tf.Tensor[], copy.predict(x) as tf.Tensor[]];
    expect(yb.length).toBe(3);
    for (const [i, y] of ya.entries()) expect(values(yb[i])).toEqual(values(y));
    tf.dispose([x, ...ya, ...yb]);
    model.dispose();
    copy.dispose();
  });

  it('every trainable weight gets a finite gradient; predict and variableGrads leak nothing', () => {
    const model = unetpp({ ...ds, norm: 'batch', depth: 3 });
    const x = tf.randomNormal([2, 16, 16, 1], 0, 1, 'float32', 3);
    const before = tf.memory().numTensors;
    tf.dispose(model.predict(x) as tf.Tensor[]);
    expect(tf.memory().numTensors).toBe(before);
    const { value, grads } = tf.variableGrads(() => {
      const heads = (model.apply(x, { training: true }) as tf.Tensor[]).slice(1);
      return tf.addN(heads.map((h) => tf.mean(tf.square(h)))) as tf.Scalar;
    });
    expect(Object.keys(grads).length).toBe(model.trainableWeights.length);
    for (const g of Object.values(grads)) expect(values(g).every(Number.isFinite)).toBe(true);
    tf.dispose([value, ...Object.values(grads)]);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    model.dispose();
  });

  it('unetppPrune(model, 1): X^{0,1} only (434 parameters by hand), same output as the full head, shared weights', () => {
    const before = tf.memory().numTensors;
    const full = unetpp(ds);
    const pruned = unetppPrune(full, 1);
    // X00 58 + X10 224 + X01 146 + head x0_1 6 (from the hand count above): X20, X11, X02 and head 2 are cut.
    expect(pruned.countParams()).toBe(58 + 224 + 146 + 6);
    expect(pruned.name).toBe('unetpp_pruned1');
    const x = tf.randomNormal([1, 16, 16, 1], 0, 1, 'float32', 4);
    const head1 = () => tf.tidy(() => (full.predict(x) as tf.Tensor[])[1]);
    const [a, b] = [head1(), pruned.predict(x) as tf.Tensor];
    expect(values(b)).toEqual(values(a));
    // Shared: changing the full model's head bias shifts the pruned output by the same amount.
    const bias = tf.tensor1d([1, -1]);
    full.getLayer('x0_1_logits').setWeights([full.getLayer('x0_1_logits').getWeights()[0], bias]);
    const c = pruned.predict(x) as tf.Tensor;
    expect(
      maxDiff(
        values(c),
        values(a).map((v, i) => v + (i % 2 === 0 ? 1 : -1)),
      ),
    ).toBeLessThan(1e-5);
    tf.dispose([a, b, c, bias]);
    // Disposing the pruned model first keeps the full model usable; then everything is freed.
    pruned.dispose();
    tf.dispose(full.predict(x) as tf.Tensor[]);
    full.dispose();
    x.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('unetppPrune(model, L) keeps the whole network minus the other heads', () => {
    const full = unetpp({ ...ds, depth: 3 });
    const pruned = unetppPrune(full, 3);
    // Everything but the heads on X01, X02 (2·2 + 2 = 6 each).
    expect(pruned.countParams()).toBe(full.countParams() - 12);
    full.dispose();
    pruned.dispose();
  });

  it('errors name the function and argument', () => {
    const plain = unetpp(tiny);
    expect(() => unetppPrune(plain, 1)).toThrow(SegConfigError);
    expect(() => unetppPrune(plain, 1)).toThrow(/^unetppPrune: 'model' must be a UNet\+\+ built with deepSupervision: true/);
    plain.dispose();
    const full = unetpp(ds);
    expect(() => unetppPrune(full, 3)).toThrow("unetppPrune: 'level' must be an integer in [1, 2], got 3.");
    full.dispose();
    const u = unet({ inputShape: [16, 16, 1], numClasses: 2, depth: 1, filters: 2 });
    expect(() => unetppPrune(u, 1)).toThrow(/unetppPrune: 'model'/);
    u.dispose();
    expect(() => unetpp({ ...tiny, inputShape: [16, 18, 1] })).toThrow(SegInputError);
    expect(() => unetpp({ ...tiny, inputShape: [16, 18, 1] })).toThrow(
      "unetpp: 'inputShape' must be divisible by 4, got 16×18. Crop or pad to 16×20, or lower the depth.",
    );
    expect(() => unetpp({ ...ds, depth: 1 })).toThrow(/^unetpp: 'deepSupervision' must be depth ≥ 2/);
    expect(() => unetpp({ ...tiny, width: 3 } as unknown as UNetPPConfig)).toThrow(
      /^unetpp: invalid UNet\+\+ configuration:\n {2}- 'width' is not a UNet\+\+ option \(valid: inputShape, numClasses, depth, filters/,
    );
  });
});
