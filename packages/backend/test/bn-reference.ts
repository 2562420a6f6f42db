/**
 * Float64 plain-JS forward and backward pass of a small batch-norm network, written from the definitions, as the
 * reference the backend-batchnorm test compares tfjs's float32 gradients with:
 *
 *   z = conv3×3_same(x; w1) + b1,  x̂ = (z − μ)/√(σ² + ε) with batch statistics over N·H·W,
 *   a = ReLU(γ·x̂ + β),  logits = a·w2 + b2 (1×1 conv),  loss = mean over pixels of −log softmax(logits)[label].
 *
 * Backward: dlogits = (softmax − onehot)/P; batch norm's input gradient in its closed form
 * dz = (1/σ)·(γ·da − mean(γ·da) − x̂·mean(γ·da·x̂)).
 */
export interface BnParams {
  w1: Float32Array; // [3,3,C,F]
  b1: Float32Array; // [F]
  gamma: Float32Array;
  beta: Float32Array;
  w2: Float32Array; // [F,K]
  b2: Float32Array; // [K]
}

export type BnGradients = { [K in keyof BnParams]: Float64Array };

export function bnNetworkReference(
  p: BnParams,
  x: Float32Array,
  xShape: number[],
  labels: Int32Array,
  options: { numClasses: number; epsilon: number },
): { loss: number; grads: BnGradients } {
  const [N, H, W, C] = xShape;
  const F = p.b1.length;
  const K = options.numClasses;
  const P = N * H * W;
  const xi = (n: number, r: number, q: number, c: number) => ((n * H + r) * W + q) * C + c;
  const w1i = (i: number, j: number, c: number, f: number) => ((i * 3 + j) * C + c) * F + f;
  const z = new Float64Array(P * F);
  for (let n = 0; n < N; n++)
    for (let r = 0; r < H; r++)
      for (let q = 0; q < W; q++)
        for (let f = 0; f < F; f++) {
          let s = p.b1[f];
          for (let i = 0; i < 3; i++)
            for (let j = 0; j < 3; j++) {
              const rr = r + i - 1;
              const qq = q + j - 1;
              if (rr < 0 || rr >= H || qq < 0 || qq >= W) continue;
              for (let c = 0; c < C; c++) s += x[xi(n, rr, qq, c)] * p.w1[w1i(i, j, c, f)];
            }
          z[((n * H + r) * W + q) * F + f] = s;
        }
  const mu = new Float64Array(F);
  const variance = new Float64Array(F);
  for (let k = 0; k < P; k++) for (let f = 0; f < F; f++) mu[f] += z[k * F + f] / P;
  for (let k = 0; k < P; k++) for (let f = 0; f < F; f++) variance[f] += (z[k * F + f] - mu[f]) ** 2 / P;
  const inv = variance.map((v) => 1 / Math.sqrt(v + options.epsilon));
  const xh = new Float64Array(P * F);
  const a = new Float64Array(P * F);
  for (let k = 0; k < P; k++)
    for (let f = 0; f < F; f++) {
      xh[k * F + f] = (z[k * F + f] - mu[f]) * inv[f];
      a[k * F + f] = Math.max(0, p.gamma[f] * xh[k * F + f] + p.beta[f]);
    }
  const g: BnGradients = {
    w1: new Float64Array(p.w1.length),
    b1: new Float64Array(F),
    gamma: new Float64Array(F),
    beta: new Float64Array(F),
    w2: new Float64Array(p.w2.length),
    b2: new Float64Array(K),
  };
  let loss = 0;
  const da = new Float64Array(P * F);
  const logits = new Float64Array(K);
  for (let k = 0; k < P; k++) {
    for (let o = 0; o < K; o++) {
      logits[o] = p.b2[o];
      for (let f = 0; f < F; f++) logits[o] += a[k * F + f] * p.w2[f * K + o];
    }
    const m = Math.max(...logits);
    const lse = m + Math.log(logits.reduce((s, l) => s + Math.exp(l - m), 0));
    loss += (lse - logits[labels[k]]) / P;
    for (let o = 0; o < K; o++) {
      const d = (Math.exp(logits[o] - lse) - (o === labels[k] ? 1 : 0)) / P;
      g.b2[o] += d;
      for (let f = 0; f < F; f++) {
        g.w2[f * K + o] += a[k * F + f] * d;
        if (a[k * F + f] > 0) da[k * F + f] += p.w2[f * K + o] * d;
      }
    }
  }
  for (let k = 0; k < P; k++)
    for (let f = 0; f < F; f++) {
      g.beta[f] += da[k * F + f];
      g.gamma[f] += da[k * F + f] * xh[k * F + f];
    }
  for (let n = 0; n < N; n++)
    for (let r = 0; r < H; r++)
      for (let q = 0; q < W; q++)
        for (let f = 0; f < F; f++) {
          const k = (n * H + r) * W + q;
          const dz = inv[f] * p.gamma[f] * (da[k * F + f] - g.beta[f] / P - (xh[k * F + f] * g.gamma[f]) / P);
          g.b1[f] += dz;
          for (let i = 0; i < 3; i++)
            for (let j = 0; j < 3; j++) {
              const rr = r + i - 1;
              const qq = q + j - 1;
              if (rr < 0 || rr >= H || qq < 0 || qq >= W) continue;
              for (let c = 0; c < C; c++) g.w1[w1i(i, j, c, f)] += x[xi(n, rr, qq, c)] * dz;
            }
        }
  return { loss, grads: g };
}
