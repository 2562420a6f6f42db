/**
 * Atrous (dilated) 'same' convolution, stride 1, standard or depthwise, channels-last:
 *
 *   y[n,h,w,o] = Σ_{i,j,c} x[n, h + d·(i − ⌊k/2⌋), w + d·(j − ⌊k/2⌋), c] · K[i,j,c,o]   (zero outside the image)
 *
 * (Chen et al., DeepLab, TPAMI 2018). tfjs 4.22 has no gradient for `conv2d`/`depthwiseConv2d` with dilation > 1
 * ("dilation rates greater than 1 are not yet supported in gradients", on every back-end), so this layer uses the
 * space-to-batch identity instead: pad by p = d·(k − 1)/2 (plus up to d − 1 rows/columns so the size divides by d),
 * `spaceToBatchND` with block d, a plain 'valid' k×k convolution, `batchToSpaceND` cropping the extra rows/columns.
 * Every op in that chain has a gradient on cpu and wasm. With d = 1 it is an ordinary 'same' convolution.
 *
 * 'depthwise' is computed as k² shifted slices of the zero-padded input times the per-channel taps,
 * y = Σ_{i,j} x_pad[·, d·i + h, d·j + w, c] · K[i, j, c]: wasm has no `DepthwiseConv2dNativeBackpropInput`/`Filter`
 * kernels, and slices, products and sums are differentiable everywhere. Stride 2 ('same', even sizes) keeps the odd
 * rows and columns of the stride-1 result, which is where TensorFlow's stride-2 'same' windows are centred.
 * Kernels are He-normal (fan-in k²·C standard, k² depthwise) from `seed`; the bias starts at 0.
 */
import { SegConfigError, SegInputError } from '@seg/core';
import * as tf from '@tensorflow/tfjs';
import { isInt } from '../config-values.js';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;
export type AtrousKind = 'standard' | 'depthwise';

export interface AtrousConv2DArgs extends LayerArgs {
  /** Output channels ('standard' only; 'depthwise' keeps the input channels, multiplier 1). */
  filters?: number;
  /** Odd kernel size. Default 3. */
  kernelSize?: number;
  /** Dilation rate d ≥ 1. Default 1. */
  dilation?: number;
  /** 1 or 2 (2 only with dilation 1; 'depthwise' stride 2 needs even H and W). Default 1. */
  strides?: number;
  /** 'standard' convolution or per-channel 'depthwise' convolution. Default 'standard'. */
  kind?: AtrousKind;
  /** Add a bias. Default false (a norm layer usually follows). */
  useBias?: boolean;
  /** Kernel initialiser seed. Default 0. */
  seed?: number;
}

export class AtrousConv2D extends tf.layers.Layer {
  static className = 'AtrousConv2D';
  readonly filters: number;
  readonly kernelSize: number;
  readonly dilation: number;
  readonly strides: number;
  readonly kind: AtrousKind;
  readonly useBias: boolean;
  readonly seed: number;
  private kernel?: tf.LayerVariable;
  private bias?: tf.LayerVariable;

  constructor(args: AtrousConv2DArgs) {
    super(args);
    const { filters = 0, kernelSize = 3, dilation = 1, strides = 1, kind = 'standard', useBias = false, seed = 0 } = args;
    const fail = (arg: string, expected: string, got: unknown) =>
      new SegConfigError({ fn: 'AtrousConv2D', arg, expected, got: JSON.stringify(got) });
    if (kind !== 'standard' && kind !== 'depthwise') throw fail('kind', "'standard' or 'depthwise'", kind);
    if (kind === 'standard' && !isInt(filters, 1)) throw fail('filters', 'an integer ≥ 1', filters);
    if (!isInt(kernelSize, 1) || kernelSize % 2 === 0) throw fail('kernelSize', 'an odd integer ≥ 1', kernelSize);
    if (!isInt(dilation, 1)) throw fail('dilation', 'an integer ≥ 1', dilation);
    if (strides !== 1 && !(strides === 2 && dilation === 1)) throw fail('strides', '1, or 2 with dilation 1', strides);
    this.filters = filters;
    this.kernelSize = kernelSize;
    this.dilation = dilation;
    this.strides = strides;
    this.kind = kind;
    this.useBias = useBias;
    this.seed = seed;
  }

  private outChannels(inChannels: number): number {
    return this.kind === 'depthwise' ? inChannels : this.filters;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const cin = s[s.length - 1] as number;
    const k = this.kernelSize;
    const shape = this.kind === 'depthwise' ? [k, k, cin, 1] : [k, k, cin, this.filters];
    this.kernel = this.addWeight('kernel', shape, 'float32', tf.initializers.heNormal({ seed: this.seed }));
    if (this.useBias) this.bias = this.addWeight('bias', [this.outChannels(cin)], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const down = (v: number | null) => (v == null ? v : Math.ceil(v / this.strides));
    return [s[0], down(s[1]), down(s[2]), this.outChannels(s[3] as number)];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
      const kernel = this.kernel!.read() as tf.Tensor4D;
      const y = this.kind === 'depthwise' ? this.depthwise(x, kernel) : this.standard(x, kernel);
      return this.bias ? tf.add(y, this.bias.read()) : y;
    });
  }

  private standard(x: tf.Tensor4D, kernel: tf.Tensor4D): tf.Tensor4D {
    const d = this.dilation;
    if (d === 1) return tf.conv2d(x, kernel, this.strides as 1 | 2, 'same');
    const p = (d * (this.kernelSize - 1)) / 2;
    const [, h, w] = x.shape;
    const [eh, ew] = [(d - ((h + 2 * p) % d)) % d, (d - ((w + 2 * p) % d)) % d];
    const batched = tf.spaceToBatchND(
      x,
      [d, d],
      [
        [p, p + eh],
        [p, p + ew],
      ],
    ) as tf.Tensor4D;
    return tf.batchToSpaceND(
      tf.conv2d(batched, kernel, 1, 'valid'),
      [d, d],
      [
        [0, eh],
        [0, ew],
      ],
    ) as tf.Tensor4D;
  }

  private depthwise(x: tf.Tensor4D, kernel: tf.Tensor4D): tf.Tensor4D {
    const [n, h, w, c] = x.shape;
    const [k, d] = [this.kernelSize, this.dilation];
    const p = (d * (k - 1)) / 2;
    const padded = tf.pad(x, [
      [0, 0],
      [p, p],
      [p, p],
      [0, 0],
    ]);
    const taps = tf.reshape(kernel, [k * k, c]);
    let y: tf.Tensor4D | undefined;
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < k; j++) {
        const term = tf.mul(tf.slice(padded, [0, d * i, d * j, 0], [n, h, w, c]), tf.slice(taps, [i * k + j, 0], [1, c]));
        y = (y ? tf.add(y, term) : term) as tf.Tensor4D;
      }
    }
    if (this.strides === 1) return y!;
    if (h % 2 !== 0 || w % 2 !== 0) {
      throw new SegInputError({ fn: 'AtrousConv2D', arg: 'inputs', expected: 'even height and width for stride 2', got: `${h}×${w}` });
    }
    // Odd rows and columns: reshape to [N, H/2, 2, W/2, 2, C] and take parity 1 on both axes.
    const parity = tf.slice(tf.reshape(y!, [n, h / 2, 2, w / 2, 2, c]), [0, 0, 1, 0, 1, 0], [n, h / 2, 1, w / 2, 1, c]);
    return tf.reshape(parity, [n, h / 2, w / 2, c]);
  }

  override getConfig(): tf.serialization.ConfigDict {
    const { filters, kernelSize, dilation, strides, kind, useBias, seed } = this;
    return { ...super.getConfig(), filters, kernelSize, dilation, strides, kind, useBias, seed };
  }
}

tf.serialization.registerClass(AtrousConv2D);
