/**
 * The gating step of an Adversarial Attention Gate (Valvano et al., "Learning to segment from scribbles using
 * multi-scale adversarial attention gates", IEEE TMI 2021, Sec. III-B): with features M `[N,h,w,F]` and the gate
 * classifier's softmax ỹ `[N,h,w,C]` (channel 0 = background),
 *
 *   a = Σ_{c≥1} ỹ_c   (a `[N,h,w,1]` foreground probability map),   output = M ⊙ a   (broadcast over the F channels)
 *
 * `mode: 'identity'` returns M unchanged (the "without attention" ablation) while still taking ỹ as an input, so
 * the classifier stays part of the graph and of every model built on it (its weights are saved with the logits-only
 * model). Registered with `tf.serialization` (tfjs has no Lambda layer).
 */
import { SegConfigError, SegInputError } from '@seg/core';
import * as tf from '@tensorflow/tfjs';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

export type AttentionMode = 'gate' | 'identity';

export interface ForegroundAttentionArgs extends LayerArgs {
  /** 'gate' multiplies by the foreground probability, 'identity' passes the features through. Default 'gate'. */
  mode?: AttentionMode;
}

const show = (s: tf.Shape | undefined): string => (s ? s.map((v) => v ?? '?').join('×') : String(s));

export class ForegroundAttention extends tf.layers.Layer {
  static className = 'ForegroundAttention';
  readonly mode: AttentionMode;

  constructor(args: ForegroundAttentionArgs = {}) {
    super(args);
    const { mode = 'gate' } = args;
    if (mode !== 'gate' && mode !== 'identity') {
      throw new SegConfigError({ fn: 'ForegroundAttention', arg: 'mode', expected: "'gate' or 'identity'", got: String(mode) });
    }
    this.mode = mode;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const [features, probs] = (Array.isArray(inputShape[0]) ? inputShape : []) as tf.Shape[];
    const sameGrid = features?.length === 4 && probs?.length === 4 && features[1] === probs[1] && features[2] === probs[2];
    if (!sameGrid || (probs[3] ?? 0) < 2) {
      throw new SegInputError({
        fn: 'ForegroundAttention',
        arg: 'inputs',
        expected: '[features [N,h,w,F], probabilities [N,h,w,C ≥ 2]] on the same h×w',
        got: `${show(features)} and ${show(probs)}`,
      });
    }
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return (inputShape as tf.Shape[])[0];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const [features, probs] = inputs as tf.Tensor4D[];
      if (this.mode === 'identity') return tf.clone(features);
      const foreground = tf.sum(tf.slice(probs, [0, 0, 0, 1], [-1, -1, -1, -1]), -1, true);
      return tf.mul(features, foreground);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), mode: this.mode };
  }
}

tf.serialization.registerClass(ForegroundAttention);

/** `new ForegroundAttention(args)`, in the style of `tf.layers.*`. */
export function foregroundAttention(args: ForegroundAttentionArgs = {}): ForegroundAttention {
  return new ForegroundAttention(args);
}
