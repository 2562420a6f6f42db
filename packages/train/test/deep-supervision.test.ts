import { crossEntropy } from '@seg/margin';
import { logitsView, nnunetWeights, segmentorModels, supervisedStep } from '@seg/train';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** 8×8×1 → [logits 8×8×2, coarse logits 4×4×2]; the coarse head is off the logits path. */
function twoHeads(): tf.LayersModel {
  const x = tf.input({ shape: [8, 8, 1] });
  const init = (seed: number) => tf.initializers.glorotUniform({ seed });
  const h = tf.layers.conv2d({ filters: 3, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(1) }).apply(x);
  const logits = tf.layers.conv2d({ filters: 2, kernelSize: 1, kernelInitializer: init(2) }).apply(h) as tf.SymbolicTensor;
  const pooled = tf.layers.maxPooling2d({ poolSize: 2 }).apply(h);
  const coarse = tf.layers.conv2d({ filters: 2, kernelSize: 1, kernelInitializer: init(3) }).apply(pooled) as tf.SymbolicTensor;
  return tf.model({ inputs: x, outputs: [logits, coarse] });
}

describe('deep supervision in supervisedStep', () => {
  it('nnU-Net weights by hand: k = 3 → (1, ½, 0)/1.5; k = 4 → (1, ½, ¼, 0)/1.75; k = 1 → (1)', () => {
    expect(nnunetWeights(3)).toEqual([2 / 3, 1 / 3, 0]);
    expect(nnunetWeights(4).map((w) => w * 1.75)).toEqual([1, 0.5, 0.25, 0]);
    expect(nnunetWeights(1)).toEqual([1]);
  });

  it('loss = Σ w_i·CE(output_i, labels at its size by nearest neighbour); "off" uses the logits only', () => {
    const model = twoHeads();
    const images = tf.randomNormal([2, 8, 8, 1], 0, 1, 'float32', 4) as tf.Tensor4D;
    const labels = tf.tensor3d(
      Int32Array.from({ length: 128 }, (_, i) => ((i * 7) % 3 === 0 ? 1 : 0)),
      [2, 8, 8],
      'int32',
    );
    // Independent: the coarse target keeps pixel (2i, 2j) of the full labels.
    const [out0, out1] = model.predict(images) as tf.Tensor[];
    const coarseLabels = tf.tidy(() => tf.stridedSlice(labels, [0, 0, 0], [2, 8, 8], [1, 2, 2]) as tf.Tensor3D);
    const ce = crossEntropy();
    const l0 = ce(out0 as tf.Tensor4D, labels).dataSync()[0];
    const l1 = ce(out1 as tf.Tensor4D, coarseLabels).dataSync()[0];
    const opt = tf.train.sgd(0); // lr 0: the step reports the loss without moving the weights
    const ds = supervisedStep({ model, loss: ce, optimizer: opt, deepSupervision: [0.75, 0.25] }).step({ ids: ['a', 'b'], images, labels });
    expect(ds.loss).toBeCloseTo(0.75 * l0 + 0.25 * l1, 5);
    expect(ds.ds_1).toBeCloseTo(l1, 5);
    const off = supervisedStep({ model, loss: ce, optimizer: opt }).step({ ids: ['a', 'b'], images, labels });
    expect(off.loss).toBeCloseTo(l0, 5);
    const nn = supervisedStep({ model, loss: ce, optimizer: opt, deepSupervision: 'nnunet' }).step({ ids: ['a', 'b'], images, labels });
    expect(nn.loss).toBeCloseTo(l0, 5); // two outputs: (1, 0)
    expect(() => supervisedStep({ model, loss: ce, optimizer: opt, deepSupervision: [1] })).toThrow(/supervisedStep: 'deepSupervision'/);
    tf.dispose([images, labels, out0, out1, coarseLabels]);
  });

  it('checkpoints the logits view as segmentor and the whole model when a head is off the logits path', () => {
    const model = twoHeads();
    const view = logitsView(model);
    expect(view.outputs).toHaveLength(1);
    // the view's weights are a subset: conv 1 and the logits conv (4 tensors); the coarse head (2 more) is missing
    expect(view.weights).toHaveLength(4);
    expect(model.weights).toHaveLength(6);
    expect(Object.keys(segmentorModels(model))).toEqual(['segmentor', 'segmentor_training']);
    const single = tf.sequential({ layers: [tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 2, kernelSize: 1 })] });
    expect(segmentorModels(single)).toEqual({ segmentor: single });
  });
});
