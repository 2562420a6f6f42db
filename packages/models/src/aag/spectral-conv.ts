/**
 * Spectrally normalised 2-D convolution (Miyato, Kataoka, Koyama & Yoshida, "Spectral normalization for generative
 * adversarial networks", ICLR 2018), as used by the AAG discriminator (Valvano et al., IEEE TMI 2021):
 *
 *   W ∈ ℝ^{kh·kw·cin × cout} (the kernel reshaped),  W_SN = W / σ(W),  σ(W) = largest singular value of W
 *
 * σ is estimated by power iteration on a persistent, non-trainable unit vector u ∈ ℝ^{1×cout} (weight `u`):
 *   v ← normalize(u Wᵀ),  u ← normalize(v W)   (`powerIterations` times, training calls only; u is then stored)
 *   σ ≈ v W uᵀ
 * u and v are constants for the gradient (TensorFlow's `stop_gradient` in the authors' code; tfjs has none, so the
 * power iteration runs on the kernel passed through a zero-gradient identity), while σ keeps its dependence on W, as
 * in the paper. Inference calls do not iterate and do not write u: σ = ‖û Wᵀ‖ with the stored û = u/‖u‖ (the same
 * estimate a half power step gives, v W uᵀ with v = normalize(u Wᵀ)).
 *
 * Initialisers are named strings with a seed (plain JSON config), the bias starts at 0 and u is seeded N(0, 1).
 * Registered with `tf.serialization`, so saved models reload once `@seg/models` is imported.
 */
import { Rng, SegConfigError, SegInputError } from '@seg/core';
import * as tf from '@tensorflow/tfjs';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

export type SpectralInitializer = 'glorotUniform' | 'heNormal';

export interface SpectralConv2DArgs extends LayerArgs {
  /** Output channels. */
  filters: number;
  /** Square kernel size. Default 4 (the AAG discriminator). */
  kernelSize?: number;
  /** Square stride. Default 1. */
  strides?: number;
  /** Default 'same'. */
  padding?: 'same' | 'valid';
  /** Add a bias (not normalised). Default true. */
  useBias?: boolean;
  /** Kernel initialiser. Default 'glorotUniform' (tf.get_variable's default in the authors' code). */
  initializer?: SpectralInitializer;
  /** Seed of the kernel initialiser; u uses a seed derived from it. Default 0. */
  seed?: number;
  /** Power iterations per training call. Default 1. */
  powerIterations?: number;
  /** Floor of the norms in `normalize` and of σ. Default 1e-12. */
  epsilon?: number;
}

const zeroGradientIdentity = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => ({
  value: tf.clone(args[0] as tf.Tensor),
  gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy),
}));

/** x / max(‖x‖₂, ε) for a row vector. */
function normalize(x: tf.Tensor2D, epsilon: number): tf.Tensor2D {
  return tf.div(x, tf.maximum(tf.norm(x), epsilon));
}

export class SpectralConv2D extends tf.layers.Layer {
  static className = 'SpectralConv2D';
  readonly filters: number;
  readonly kernelSize: number;
  readonly strides: number;
  readonly padding: 'same' | 'valid';
  readonly useBias: boolean;
  readonly initializer: SpectralInitializer;
  readonly seed: number;
  readonly powerIterations: number;
  readonly epsilon: number;
  private kernel?: tf.LayerVariable;
  private bias?: tf.LayerVariable;
  private u?: tf.LayerVariable;

  constructor(args: SpectralConv2DArgs) {
    super(args);
    const { filters, kernelSize = 4, strides = 1, padding = 'same', useBias = true, initializer = 'glorotUniform' } = args;
    const { seed = 0, powerIterations = 1, epsilon = 1e-12 } = args;
    const fn = 'SpectralConv2D';
    const int = (value: number, arg: string, min: number) => {
      if (!Number.isInteger(value) || value < min) {
        throw new SegConfigError({ fn, arg, expected: `an integer ≥ ${min}`, got: String(value) });
      }
    };
    int(filters, 'filters', 1);
    int(kernelSize, 'kernelSize', 1);
    int(strides, 'strides', 1);
    int(powerIterations, 'powerIterations', 1);
    if (!['same', 'valid'].includes(padding))
      throw new SegConfigError({ fn, arg: 'padding', expected: "'same' or 'valid'", got: String(padding) });
    if (!['glorotUniform', 'heNormal'].includes(initializer)) {
      throw new SegConfigError({ fn, arg: 'initializer', expected: "'glorotUniform' or 'heNormal'", got: String(initializer) });
    }
    if (!(epsilon > 0)) throw new SegConfigError({ fn, arg: 'epsilon', expected: 'a number > 0', got: String(epsilon) });
    this.filters = filters;
    this.kernelSize = kernelSize;
    this.strides = strides;
    this.padding = padding;
    this.useBias = useBias;
    this.initializer = initializer;
    this.seed = seed;
    this.powerIterations = powerIterations;
    this.epsilon = epsilon;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const cin = shape[shape.length - 1];
    if (shape.length !== 4 || cin == null) {
      const got = shape.map((s) => s ?? '?').join('×');
      throw new SegInputError({ fn: 'SpectralConv2D', arg: 'inputShape', expected: 'rank 4 [N,H,W,C] with known C', got });
    }
    const k = this.kernelSize;
    const init = this.initializer === 'heNormal' ? tf.initializers.heNormal : tf.initializers.glorotUniform;
    this.kernel = this.addWeight('kernel', [k, k, cin, this.filters], 'float32', init({ seed: this.seed }));
    if (this.useBias) this.bias = this.addWeight('bias', [this.filters], 'float32', tf.initializers.zeros());
    const uSeed = new Rng(this.seed).fork('u').nextUint32();
    const uInit = tf.initializers.randomNormal({ mean: 0, stddev: 1, seed: uSeed });
    this.u = this.addWeight('u', [1, this.filters], 'float32', uInit, undefined, false);
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const [n, h, w] = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const out = (size: number | null) => {
      if (size == null) return null;
      return this.padding === 'same' ? Math.ceil(size / this.strides) : Math.ceil((size - this.kernelSize + 1) / this.strides);
    };
    return [n, out(h), out(w), this.filters];
  }

  /**
   * W / σ(W) as a kernel `[k,k,cin,cout]`. With `training`, first runs the power iteration and stores u (call it
   * inside the layer's own forward pass, or to advance the estimate); without, reads u only.
   */
  normalizedKernel(training = false): tf.Tensor4D {
    return tf.tidy(() => {
      const { kernel, u } = this.weightsOrThrow();
      const w = kernel.read();
      const w2 = tf.reshape(w, [-1, this.filters]) as tf.Tensor2D;
      const fixed = zeroGradientIdentity(w2) as tf.Tensor2D;
      let uHat = normalize(u.read() as tf.Tensor2D, this.epsilon);
      let v = normalize(tf.matMul(uHat, fixed, false, true), this.epsilon);
      if (training) {
        for (let i = 0; i < this.powerIterations; i++) {
          if (i > 0) v = normalize(tf.matMul(uHat, fixed, false, true), this.epsilon);
          uHat = normalize(tf.matMul(v, fixed), this.epsilon);
        }
        u.write(uHat);
      }
      const sigma = tf.sum(tf.mul(tf.matMul(v, w2), uHat)); // v W uᵀ, gradient through W only
      return tf.div(w, tf.maximum(sigma, this.epsilon)) as tf.Tensor4D;
    });
  }

  /** The current σ estimate ‖û Wᵀ‖ (no iteration, no update), as a number. */
  spectralNorm(): number {
    return tf.tidy(() => {
      const { kernel, u } = this.weightsOrThrow();
      const uHat = normalize(u.read() as tf.Tensor2D, this.epsilon);
      return tf.norm(tf.matMul(uHat, tf.reshape(kernel.read(), [-1, this.filters]) as tf.Tensor2D, false, true)).dataSync()[0];
    });
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
      const kernel = this.normalizedKernel(kwargs?.training === true);
      const y = tf.conv2d(x, kernel, this.strides, this.padding);
      return this.bias ? tf.add(y, this.bias.read()) : y;
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    const { filters, kernelSize, strides, padding, useBias, initializer, seed, powerIterations, epsilon } = this;
    return { ...super.getConfig(), filters, kernelSize, strides, padding, useBias, initializer, seed, powerIterations, epsilon };
  }

  private weightsOrThrow(): { kernel: tf.LayerVariable; u: tf.LayerVariable } {
    if (!this.kernel || !this.u) {
      throw new SegInputError({
        fn: 'SpectralConv2D',
        arg: 'layer',
        expected: 'a built layer',
        got: 'unbuilt',
        hint: 'Apply it to an input first',
      });
    }
    return { kernel: this.kernel, u: this.u };
  }
}

tf.serialization.registerClass(SpectralConv2D);

/** `new SpectralConv2D(args)`, in the style of `tf.layers.*`. */
export function spectralConv2d(args: SpectralConv2DArgs): SpectralConv2D {
  return new SpectralConv2D(args);
}
