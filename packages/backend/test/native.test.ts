import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from '@seg/core';
import { unet } from '@seg/models';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type FilterGradAttrs, forwardConvInfo, registerSegKernels, stockKernel } from '../src/index.js';
import { loadNativeAddon } from '../src/native.js';
import { nativeSupports, registerNativeKernels } from '../src/native-kernels.js';
import { type Arr, backendDataIds, randn, referenceFilterGradient, relError, runKernel, use, withStockKernels } from './helpers.js';
import { BUILT, fallbacks, KERNELS, nativeCalls, oursVsStock } from './native-helpers.js';

type Pad = FilterGradAttrs['pad'];
const X_SHAPE = [2, 9, 11, 3]; // batch 2, odd sizes
const PADS: [string, Pad][] = [
  ['same', 'same'],
  ['valid', 'valid'],
  ['numeric 1', 1],
];
// [stride, dilation, filter]: strides 1/2, dilation 2 with stride 1, non-square filters.
const GEOMETRIES: [number, number, [number, number]][] = [
  [1, 1, [3, 3]],
  [2, 1, [3, 3]],
  [2, 1, [2, 2]],
  [1, 1, [1, 1]],
  [2, 1, [2, 3]],
  [1, 2, [3, 3]],
];

function filterShape([fh, fw]: [number, number], cout = 4): [number, number, number, number] {
  return [fh, fw, X_SHAPE[3], cout];
}

/** Plain-JS float64 input gradient from the definition: dx[n,r,q,c] = Σ dy[n,o,p,k]·w[i,j,c,k] over the taps that read (r,q). */
function referenceInputGradient(dy: Arr, w: Arr, xShape: number[], attrs: FilterGradAttrs): Float64Array {
  const info = forwardConvInfo(xShape, attrs);
  const [N, H, W, C] = xShape;
  const [fh, fw, , K] = w.shape;
  const dx = new Float64Array(N * H * W * C);
  for (let n = 0; n < N; n++)
    for (let o = 0; o < info.outHeight; o++)
      for (let p = 0; p < info.outWidth; p++)
        for (let i = 0; i < fh; i++)
          for (let j = 0; j < fw; j++) {
            const r = o * info.strideHeight + i * info.dilationHeight - info.padInfo.top;
            const q = p * info.strideWidth + j * info.dilationWidth - info.padInfo.left;
            if (r < 0 || r >= H || q < 0 || q >= W) continue;
            for (let c = 0; c < C; c++)
              for (let k = 0; k < K; k++)
                dx[((n * H + r) * W + q) * C + c] +=
                  dy.values[((n * info.outHeight + o) * info.outWidth + p) * K + k] * w.values[((i * fw + j) * C + c) * K + k];
          }
  return dx;
}

describe('native addon loading', () => {
  it('the default addon loads exactly when it has been built', () => {
    const { addon, message } = loadNativeAddon();
    expect(addon !== undefined).toBe(BUILT);
    expect(message).toMatch(
      BUILT ? /^native kernels: oneDNN \d+\.\d+\.\d+ \(OpenMP/ : /not built .*pnpm build:native|disabled \(SEG_NATIVE_ADDON=off\)/,
    );
  });

  it.each([
    ['missing', (dir: string) => join(dir, 'absent.node'), /^native kernels: not built \(.*absent\.node is missing/],
    ['switched off', () => 'off', /^native kernels: disabled \(SEG_NATIVE_ADDON=off\)$/],
    [
      'not a shared library',
      (dir: string) => {
        const p = join(dir, 'broken.node');
        writeFileSync(p, 'not an ELF file');
        return p;
      },
      /^native kernels: .*broken\.node failed to load \(/,
    ],
  ] as const)('an addon that is %s: false, one log line, cpu kernels untouched', async (_, makePath, line) => {
    await use('cpu');
    const path = makePath(mkdtempSync(join(tmpdir(), 'seg-native-')));
    const before = KERNELS.map((k) => tf.getKernel(k, 'cpu'));
    const lines: string[] = [];
    expect(registerNativeKernels({ path, log: (m) => lines.push(m) })).toBe(false);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(line);
    expect(KERNELS.map((k) => tf.getKernel(k, 'cpu'))).toEqual(before);
    expect(before.every((c) => c !== undefined)).toBe(true);
  });
});

describe('native cpu convolution kernels vs the stock cpu kernels', () => {
  let registered = false;
  beforeAll(async () => {
    await use('cpu');
    registerSegKernels();
    registered = registerNativeKernels({ threads: 2 });
  });

  it('are installed exactly when the addon is built, idempotently, keeping the stock kernel reachable', () => {
    expect(registered).toBe(BUILT);
    expect(registerNativeKernels()).toBe(BUILT);
    for (const name of KERNELS) {
      const config = tf.getKernel(name, 'cpu') as { segNative?: boolean; segDescription?: string } | undefined;
      expect(config?.segNative === true).toBe(BUILT);
      expect(stockKernel(name, 'cpu')).toBeDefined();
      expect((stockKernel(name, 'cpu') as { segDescription?: string }).segDescription).toBeUndefined();
    }
  });

  describe.each(PADS)('padding %s', (_, pad) => {
    it.each(GEOMETRIES)('stride %i, dilation %i, filter %j: Conv2D, FusedConv2D and both gradients', (stride, dilation, f) => {
      const attrs = { strides: stride, pad, dilations: dilation, dataFormat: 'NHWC' as const, filterShape: filterShape(f) };
      const info = forwardConvInfo(X_SHAPE, attrs);
      const seed = 100 * stride + 10 * dilation + f[0] + f[1];
      const [before, calls] = [fallbacks(), nativeCalls()];
      const [x, w, dy, bias] = [
        randn(X_SHAPE, seed),
        randn(attrs.filterShape, seed + 1),
        randn(info.outShape, seed + 2),
        randn([4], seed + 3),
      ];
      const [y, yStock] = oursVsStock('Conv2D', { x, filter: w }, attrs);
      expect(y.shape).toEqual(info.outShape);
      expect(relError(y.values, yStock.values)).toBeLessThan(1e-4);
      for (const activation of ['linear', 'relu']) {
        const [z, zStock] = oursVsStock('FusedConv2D', { x, filter: w, bias }, { ...attrs, activation });
        expect(relError(z.values, zStock.values)).toBeLessThan(1e-4);
      }
      // tfjs's stock gradient kernels have no dilation: dilation 2 is checked against float64 sums of the definition.
      const dwRef =
        dilation === 1
          ? runKernel('Conv2DBackpropFilter', { x, dy }, attrs, stockKernel('Conv2DBackpropFilter', 'cpu')).values
          : referenceFilterGradient(x, dy, attrs.filterShape, {
              strides: [stride, stride],
              dilations: [dilation, dilation],
              padTop: info.padInfo.top,
              padLeft: info.padInfo.left,
            });
      expect(relError(runKernel('Conv2DBackpropFilter', { x, dy }, attrs).values, dwRef)).toBeLessThan(1e-4);
      const inputAttrs = { ...attrs, inputShape: X_SHAPE };
      const dxRef =
        dilation === 1
          ? runKernel('Conv2DBackpropInput', { dy, filter: w }, inputAttrs, stockKernel('Conv2DBackpropInput', 'cpu')).values
          : referenceInputGradient(dy, w, X_SHAPE, attrs);
      const dx = runKernel('Conv2DBackpropInput', { dy, filter: w }, inputAttrs);
      // Without the addon the stock kernel runs, which ignores dilation: then it must visibly miss the reference.
      // Geometries whose last input rows are never read (span mod stride ≠ 0) go to the previous kernel: oneDNN 2.6
      // corrupts the heap on them (see nativeSupports).
      const exact = nativeSupports(info);
      expect(relError(dx.values, dxRef) < 1e-4).toBe((BUILT && exact) || dilation === 1);
      // 5 calls (Conv2D, FusedConv2D linear and ReLU, both gradients): native when the geometry is exact, else refused.
      expect(fallbacks() - before).toBe(BUILT && !exact ? 5 : 0);
      expect(nativeCalls() - calls).toBe(BUILT && exact ? 5 : 0);
    });
  });

  it('explicit asymmetric padding (t1 b2 l0 r1), stride 2: all four kernels match', () => {
    const pad: Pad = [
      [0, 0],
      [1, 2],
      [0, 1],
      [0, 0],
    ];
    const attrs = { strides: 2, pad, dilations: 1, dataFormat: 'NHWC' as const, filterShape: filterShape([3, 3]) };
    const info = forwardConvInfo(X_SHAPE, attrs);
    const [x, w, dy] = [randn(X_SHAPE, 1), randn(attrs.filterShape, 2), randn(info.outShape, 3)];
    for (const [name, inputs, a] of [
      ['Conv2D', { x, filter: w }, attrs],
      ['FusedConv2D', { x, filter: w, bias: randn([4], 4) }, { ...attrs, activation: 'relu' }],
      ['Conv2DBackpropFilter', { x, dy }, attrs],
      ['Conv2DBackpropInput', { dy, filter: w }, { ...attrs, inputShape: X_SHAPE }],
    ] as const) {
      const [ours, stock] = oursVsStock(name, inputs, a);
      expect(relError(ours.values, stock.values)).toBeLessThan(1e-4);
    }
  });

  it("falls back to the stock kernel where oneDNN's output size differs (numeric pad, dimRoundingMode 'ceil')", () => {
    // H = 9, f = 2, s = 2, p = 0: tfjs 'ceil' gives ⌈(9 − 2)/2⌉ + 1 = 5 rows, oneDNN's floor rule ⌊7/2⌋ + 1 = 4.
    const attrs = {
      strides: 2,
      pad: 0,
      dilations: 1,
      dimRoundingMode: 'ceil' as const,
      dataFormat: 'NHWC' as const,
      filterShape: filterShape([2, 2]),
    };
    const info = forwardConvInfo(X_SHAPE, attrs);
    expect(info.outHeight).toBe(5);
    expect(nativeSupports(info)).toBe(false);
    const before = fallbacks();
    const [y, yStock] = oursVsStock('Conv2D', { x: randn(X_SHAPE, 5), filter: randn(attrs.filterShape, 6) }, attrs);
    expect(y.values).toEqual(yStock.values);
    expect(fallbacks() - before).toBe(BUILT ? 1 : 0);
  });

  it('tf.conv2d and its gradients through the engine leak no tensors or buffers', () => {
    const x = tf.tensor(randn([2, 8, 8, 3], 8).values, [2, 8, 8, 3]) as tf.Tensor4D;
    const w = tf.tensor(randn([3, 3, 3, 4], 9).values, [3, 3, 3, 4]) as tf.Tensor4D;
    const f = (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.square(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, 'same')));
    tf.dispose(tf.grads(f)([x, w])); // warm-up
    const [tensors, ids] = [tf.memory().numTensors, backendDataIds()];
    tf.dispose(tf.grads(f)([x, w]));
    expect(tf.memory().numTensors).toBe(tensors);
    expect(backendDataIds()).toBe(ids);
    tf.dispose([x, w]);
  });
});

describe('a U-Net (depth 2) gradient pass with the native kernels equals the stock cpu one', () => {
  const [N, S, CLASSES] = [2, 16, 3];
  const rng = new Rng(11);
  const images = Float32Array.from({ length: N * S * S }, () => rng.normal());
  const labels = Int32Array.from({ length: N * S * S }, () => rng.int(CLASSES));

  function gradients(norm: 'batch' | 'none'): Float32Array[] {
    const model = unet({ inputShape: [S, S, 1], numClasses: CLASSES, depth: 2, filters: 4, norm, seed: 5 });
    const out = tf.tidy(() => {
      const x = tf.tensor4d(images, [N, S, S, 1]);
      const y = tf.oneHot(tf.tensor1d(labels, 'int32'), CLASSES).reshape([N, S, S, CLASSES]);
      const vars = model.trainableWeights.map((v) => v.read() as tf.Variable);
      const { grads } = tf.variableGrads(
        () => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar,
        vars,
      );
      return vars.map((v) => grads[v.name].dataSync() as Float32Array);
    });
    model.dispose();
    return out;
  }

  it.each(['none', 'batch'] as const)('norm %s: every weight gradient within 1e-4 of its largest entry', async (norm) => {
    await use('cpu');
    const [tensors, before, calls] = [tf.memory().numTensors, fallbacks(), nativeCalls()];
    const ours = gradients(norm);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(fallbacks()).toBe(before);
    expect(nativeCalls() > calls).toBe(BUILT);
    // Only kernels seg replaced can be swapped back (without the addon: seg's JavaScript filter gradient).
    const replaced = KERNELS.filter((k) => (tf.getKernel(k, 'cpu') as { segStock?: object }).segStock !== undefined);
    if (BUILT) expect(replaced).toEqual(KERNELS);
    else expect(replaced).toContain('Conv2DBackpropFilter');
    const stock = await withStockKernels(
      replaced.map((k) => [k, 'cpu'] as [string, string]),
      () => gradients(norm),
    );
    expect(ours).toHaveLength(stock.length);
    const worst = Math.max(...stock.map((g, i) => relError(ours[i], g)));
    expect(worst).toBeLessThan(1e-4);
  });
});
