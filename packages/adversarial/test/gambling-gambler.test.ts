import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { gambler } from '../../models/src/gambling-index.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('gambler (network)', () => {
  it('takes the image and the segmenter probabilities, returns one betting logit per pixel', () => {
    const g = gambler({ imageShape: [16, 16, 1], numClasses: 3, depth: 2, filters: 4, norm: 'none', seed: 1 });
    expect(g.inputs.map((i) => i.shape)).toEqual([
      [null, 16, 16, 1],
      [null, 16, 16, 3],
    ]);
    expect(g.outputs[0].shape).toEqual([null, 16, 16, 1]);
    // U-Net of depth 2 on 1 + 3 = 4 input channels, 4 filters, no norm (3×3 convs with bias; 2×2 transposed convs):
    // enc0 9·4·4+4 + 9·4·4+4 = 296; enc1 9·4·8+8 + 9·8·8+8 = 880; bottleneck 9·8·16+16 + 9·16·16+16 = 3488;
    // dec1 up 4·16·8+8 = 520, convs 9·16·8+8 + 9·8·8+8 = 1744; dec0 up 4·8·4+4 = 132, convs 9·8·4+4 + 9·4·4+4 = 440;
    // bets 1×1: 4 + 1 = 5 → 7505
    expect(g.countParams()).toBe(7505);
    g.dispose();
  });

  it('is seeded: the same seed builds identical weights, another seed different ones', () => {
    const build = (seed: number) => gambler({ imageShape: [8, 8, 1], numClasses: 2, depth: 1, filters: 2, seed });
    const [a, b, c] = [build(3), build(3), build(4)];
    const values = (m: tf.LayersModel) => m.getWeights().map((w) => Array.from(w.dataSync()));
    expect(values(a)).toEqual(values(b));
    expect(values(a)).not.toEqual(values(c));
    for (const m of [a, b, c]) m.dispose();
  });

  it('lists every invalid option at once', () => {
    expect(() => gambler({ imageShape: [16, 16, 1], numClasses: 1, depth: 0, norm: 'layer' as never, foo: 1 } as never)).toThrow(
      [
        'gambler: invalid gambler configuration:',
        "  - 'numClasses' must be an integer ≥ 2, got 1",
        "  - 'depth' must be an integer in [1, 8], got 0",
        `  - 'norm' must be one of 'batch', 'group', 'none', got "layer"`,
        "  - 'foo' is not a gambler option (valid: imageShape, numClasses, depth, filters, norm, groups, upsampling, seed)",
      ].join('\n'),
    );
    expect(() => gambler({ imageShape: [12, 12, 1], numClasses: 2, depth: 3 })).toThrow(/^gambler: 'imageShape'/);
  });
});
