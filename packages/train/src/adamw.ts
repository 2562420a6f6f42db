/**
 * AdamW: Adam with decoupled weight decay (Loshchilov & Hutter, "Decoupled Weight Decay Regularization", ICLR 2019).
 *
 *   w_t = w_{t−1} − lr·wd·w_{t−1} − lr · m̂_t / (√v̂_t + ε)
 *
 * The decay is applied to the pre-update weights, then tfjs's Adam update runs — identical to PyTorch's
 * `torch.optim.AdamW` (which multiplies by 1 − lr·wd before the Adam step) and to Algorithm 2 of the paper with
 * the schedule multiplier folded into lr. Decay touches only the variables `decays(name)` accepts — by default
 * convolution/dense kernels (names ending in `/kernel`, `/depthwise_kernel`, `/pointwise_kernel`), never biases
 * or normalisation parameters (gamma, beta, moving statistics), following common practice.
 */
import * as tf from '@tensorflow/tfjs';

/** Default AdamW decay filter: kernels only. */
export function isKernelName(name: string): boolean {
  return /(^|\/)(kernel|depthwise_kernel|pointwise_kernel|embeddings)(_\d+)?$/.test(name);
}

export class AdamWOptimizer extends tf.AdamOptimizer {
  static override get className(): string {
    return 'AdamW';
  }

  readonly weightDecay: number;
  readonly decays: (variableName: string) => boolean;

  constructor(
    learningRate: number,
    beta1: number,
    beta2: number,
    epsilon: number | null,
    weightDecay: number,
    decays: (variableName: string) => boolean = isKernelName,
  ) {
    super(learningRate, beta1, beta2, epsilon ?? undefined);
    this.weightDecay = weightDecay;
    this.decays = decays;
  }

  override applyGradients(variableGradients: Parameters<tf.AdamOptimizer['applyGradients']>[0]): void {
    const factor = 1 - this.learningRate * this.weightDecay;
    if (this.weightDecay !== 0) {
      const entries = Array.isArray(variableGradients)
        ? variableGradients.map((g) => [g.name, g.tensor] as const)
        : Object.entries(variableGradients);
      for (const [name, gradient] of entries) {
        if (gradient == null || !this.decays(name)) continue;
        const variable = tf.engine().registeredVariables[name];
        tf.tidy(() => variable.assign(tf.mul(variable, factor)));
      }
    }
    super.applyGradients(variableGradients);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), weightDecay: this.weightDecay };
  }
}
