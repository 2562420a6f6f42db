// Fused training kernels on NHWC float32 arrays (channels innermost): batch norm with batch statistics, forward and
// one-pass backward; ReLU's gradient; max pooling and its gradient. Sums are accumulated in double per thread and
// added in thread order, so results do not depend on scheduling.
#pragma once
#include <cstdint>

namespace seg {

/**
 * Batch norm in training mode over `rows` = N·H·W rows of `channels` values: mean and (biased) variance per channel,
 * y = offset + (x − mean)·scale/√(var + ε). mean and variance are written as float32 (the values tfjs's moments
 * would give), and y is computed from those rounded values, as tfjs's FusedBatchNorm does.
 */
void batch_norm_training(const float* x, int64_t rows, int64_t channels, const float* scale, const float* offset,
                         double eps, float* y, float* mean, float* variance);

/**
 * Gradients of batch_norm_training: with M = rows, σ = √(var + ε), x̂ = (x − mean)/σ,
 * dβ = Σ dy, dγ = Σ dy·x̂, dx = γ/σ·(dy − dβ/M − x̂·dγ/M) + dmean/M + 2·dvar·(x − mean)/M
 * (dmean, dvar: the gradients reaching the mean and variance outputs, usually zero).
 */
void batch_norm_training_grad(const float* dy, const float* x, int64_t rows, int64_t channels, const float* scale,
                              const float* mean, const float* variance, const float* dmean, const float* dvar, double eps,
                              float* dx, float* dscale, float* doffset);

/** dx = dy · step(x): dy where x > 0, 0 where x ≤ 0, NaN where x is NaN (tfjs's mul(dy, step(x))). */
void relu_grad(const float* dy, const float* x, float* dx, int64_t n);

/** 2-D max-pooling window geometry (tfjs's Pool2DInfo, no dilation). */
struct PoolGeometry {
  int32_t n, h, w, c;   // input [N, H, W, C]
  int32_t fh, fw;       // window
  int32_t ho, wo;       // output [N, Ho, Wo, C]
  int32_t sh, sw;       // strides
  int32_t pt, pl;       // padding top, left
};

constexpr int32_t kPoolFields = 12;

/** y = max over each window (from −∞, strict >, padding never wins). */
void max_pool(const PoolGeometry& g, const float* x, float* y);
/** dx: each dy goes to the first maximum of its window (row-major, strict > from −∞), summed over windows. */
void max_pool_grad(const PoolGeometry& g, const float* x, const float* dy, float* dx);

}  // namespace seg

namespace seg {

/**
 * Concatenation along an axis as row copies: with `rows` = Π shape[<axis], piece i's row r is the contiguous run
 * pieces[i][r·runs[i] …] and sits at out[r·Σruns + Σ_{j<i} runs[j] …]. `split` copies the other way.
 */
void concat_rows(const float* const* pieces, const int64_t* runs, int count, int64_t rows, float* out);
void split_rows(const float* x, const int64_t* runs, int count, int64_t rows, float* const* pieces);

}  // namespace seg

namespace seg {

/** Adam's constants as the float32 scalars tfjs's AdamOptimizer multiplies and divides by. */
struct AdamConstants {
  float beta1, one_minus_beta1, beta2, one_minus_beta2, one_minus_acc_beta1, one_minus_acc_beta2, epsilon, neg_lr;
};

/**
 * One Adam update of n parameters, every operation rounded to float32 in tfjs's order (bit-identical to
 * AdamOptimizer.applyGradients on the cpu back-end): m' = m·β1 + g·(1−β1), v' = v·β2 + g²·(1−β2),
 * value' = (m'/(1−β1ᵗ)) / (√(v'/(1−β2ᵗ)) + ε) · (−lr) + value.
 */
void adam_update(const float* value, const float* m, const float* v, const float* g, int64_t n, const AdamConstants& k,
                 float* new_value, float* new_m, float* new_v);

}  // namespace seg
