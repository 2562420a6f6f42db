import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  depthToSpaceNHWC,
  type InputGradAttrs,
  isNonOverlappingUpsample,
  registerSegKernels,
  stockKernel,
  stride1InputGradPadding,
} from '../src/index.js';
import { type Arr, backendDataIds, randn, relError, runKernel, use } from './helpers.js';

type Pad = InputGradAttrs['pad'];
const X_SHAPE: [number, number, number, number] = [2, 7, 8, 3];
const C_OUT = 4;
const PADS: [string, Pad][] = [
  ['same', 'same'],
  ['valid', 'valid'],
  ['numeric 1', 1],
  [
    'explicit t1 b0 l2 r1',
    [
      [0, 0],
      [1, 0],
      [2, 1],
      [0, 0],
    ],
  ],
];

function caseData(attrs: InputGradAttrs, filterShape: number[], seed: number): { dy: Arr; filter: Arr } {
  const info = tf.backend_util.computeConv2DInfo(
    attrs.inputShape,
    filterShape as [number, number, number, number],
    attrs.strides,
    1,
    attrs.pad,
  );
  return { dy: randn(info.outShape, seed), filter: randn(filterShape, seed + 1) };
}

async function stockCpu(inputs: { dy: Arr; filter: Arr }, attrs: InputGradAttrs): Promise<Arr> {
  await use('cpu');
  return runKernel('Conv2DBackpropInput', inputs, attrs, stockKernel('Conv2DBackpropInput', 'cpu'));
}

describe('Conv2DBackpropInput on wasm', () => {
  beforeAll(async () => {
    await use('wasm');
    registerSegKernels();
  });

  it('derives the padding of the equivalent convolution (hand-computed: f − 1 − p)', () => {
    const attrs = (pad: Pad, strides = 1): InputGradAttrs => ({ strides, pad, inputShape: X_SHAPE });
    expect(stride1InputGradPadding(attrs('same'), [3, 3, 3, 4])).toEqual([1, 1, 1, 1]);
    expect(stride1InputGradPadding(attrs('valid'), [5, 5, 3, 4])).toEqual([4, 4, 4, 4]);
    // 'same' with a 4×4 filter pads 1 on top, 2 below (TensorFlow puts the extra row at the end): 3 − 1 = 2, 3 − 2 = 1.
    expect(stride1InputGradPadding(attrs('same'), [4, 4, 3, 4])).toEqual([2, 1, 2, 1]);
    expect(stride1InputGradPadding(attrs('same', 2), [3, 3, 3, 4])).toBeUndefined();
    const tooMuch: Pad = [
      [0, 0],
      [3, 0],
      [0, 0],
      [0, 0],
    ];
    expect(stride1InputGradPadding(attrs(tooMuch), [3, 3, 3, 4])).toBeUndefined();
  });

  it.each(PADS)('stride 1, padding %s: matches the stock cpu kernel for 1×1..5×5 filters', async (_, pad) => {
    for (const f of [1, 2, 3, 4, 5]) {
      const attrs: InputGradAttrs = { strides: 1, pad, dataFormat: 'NHWC', inputShape: X_SHAPE };
      const inputs = caseData(attrs, [f, f, X_SHAPE[3], C_OUT], 10 * f);
      const expected = await stockCpu(inputs, attrs);
      await use('wasm');
      const ours = runKernel('Conv2DBackpropInput', inputs, attrs);
      expect(ours.shape).toEqual(X_SHAPE);
      expect(relError(ours.values, expected.values)).toBeLessThan(1e-5);
    }
  });

  it.each([
    ['stride 2, same', 2, 'same'],
    [
      'stride 1, explicit padding larger than f − 1',
      1,
      [
        [0, 0],
        [3, 0],
        [0, 2],
        [0, 0],
      ],
    ],
  ] as [string, number, Pad][])('%s: falls back to the stock wasm kernel (same result) and matches cpu', async (_, strides, pad) => {
    const attrs: InputGradAttrs = { strides, pad, dataFormat: 'NHWC', inputShape: X_SHAPE };
    const inputs = caseData(attrs, [3, 3, X_SHAPE[3], C_OUT], 3);
    const expected = await stockCpu(inputs, attrs);
    await use('wasm');
    const ours = runKernel('Conv2DBackpropInput', inputs, attrs);
    const stock = runKernel('Conv2DBackpropInput', inputs, attrs, stockKernel('Conv2DBackpropInput', 'wasm'));
    expect(Array.from(ours.values)).toEqual(Array.from(stock.values));
    expect(relError(ours.values, expected.values)).toBeLessThan(1e-5);
  });

  it('recognises non-overlapping up-sampling (filter = stride, no padding) and nothing else', () => {
    const attrs = (strides: number, pad: Pad, inputShape: [number, number, number, number]): InputGradAttrs => ({
      strides,
      pad,
      inputShape,
    });
    expect(isNonOverlappingUpsample(attrs(2, 'same', [2, 6, 8, 3]), [2, 2, 3, 4])).toBe(true);
    expect(isNonOverlappingUpsample(attrs(3, 'valid', [2, 6, 9, 3]), [3, 3, 3, 4])).toBe(true);
    expect(isNonOverlappingUpsample(attrs(2, 'same', [2, 6, 8, 3]), [3, 3, 3, 4])).toBe(false); // taps overlap
    expect(isNonOverlappingUpsample(attrs(2, 'same', [2, 7, 8, 3]), [2, 2, 3, 4])).toBe(false); // odd height: padded
  });

  it('depthToSpaceNHWC equals tf.depthToSpace on cpu', async () => {
    const x = randn([2, 3, 4, 12], 40);
    await use('cpu');
    const expected = tf.tidy(() => tf.depthToSpace(tf.tensor4d(x.values, [2, 3, 4, 12]), 2).dataSync());
    expect(Array.from(depthToSpaceNHWC(x.values, x.shape, 2))).toEqual(Array.from(expected));
  });

  it.each([
    ['2×2 stride 2 same (U-Net up-convolution)', 2, 'same', [2, 6, 8, 3]],
    ['3×3 stride 3 valid', 3, 'valid', [2, 6, 9, 3]],
  ] as [string, number, Pad, [number, number, number, number]][])(
    '%s: 1×1 conv + depth-to-space matches the stock cpu kernel',
    async (_, f, pad, inputShape) => {
      const attrs: InputGradAttrs = { strides: f, pad, dataFormat: 'NHWC', inputShape };
      const inputs = caseData(attrs, [f, f, inputShape[3], C_OUT], 50 + f);
      const expected = await stockCpu(inputs, attrs);
      await use('wasm');
      const ours = runKernel('Conv2DBackpropInput', inputs, attrs);
      expect(ours.shape).toEqual(inputShape);
      expect(relError(ours.values, expected.values)).toBeLessThan(1e-5);
    },
  );

  it('conv2dTranspose (stride 1) and tf.grad with respect to x match cpu and leak nothing', async () => {
    const x = randn([2, 6, 5, 3], 21);
    const w = randn([3, 3, 3, 4], 22);
    const wT = randn([3, 3, 4, 3], 23); // conv2dTranspose filter: [fh, fw, outChannels, inChannels]
    const run = () => {
      const xt = tf.tensor4d(x.values, x.shape as [number, number, number, number]);
      const f = (input: tf.Tensor) => tf.sum(tf.square(tf.conv2d(input as tf.Tensor4D, tf.tensor4d(w.values, [3, 3, 3, 4]), 1, 'same')));
      const dx = tf.grad(f)(xt);
      const up = tf.conv2dTranspose(xt, tf.tensor4d(wT.values, [3, 3, 4, 3]), [2, 6, 5, 4], 1, 'same');
      return [dx.dataSync(), up.dataSync()];
    };
    await use('wasm');
    tf.tidy(run); // warm-up
    const tensors = tf.memory().numTensors;
    const ids = backendDataIds();
    const [dxWasm, upWasm] = tf.tidy(run);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(backendDataIds()).toBe(ids);
    await use('cpu');
    const [dxCpu, upCpu] = tf.tidy(run);
    expect(relError(dxWasm, dxCpu)).toBeLessThan(1e-5);
    expect(relError(upWasm, upCpu)).toBeLessThan(1e-5);
  });
});
