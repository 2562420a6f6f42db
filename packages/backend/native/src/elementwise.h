// Broadcasting float32 binary operations (NumPy rules, rank <= 8) for tfjs's cpu back-end.
#pragma once
#include <cstdint>

namespace seg {

enum class BinaryOp : int32_t { kAdd = 0, kSub = 1, kMul = 2, kDiv = 3 };

/** out = a op b; shapes right-aligned, every dimension of a and b is 1 or equal to out's. */
void broadcast_binary(BinaryOp op, const float* a, const int32_t* a_shape, int a_rank, const float* b,
                      const int32_t* b_shape, int b_rank, float* out, const int32_t* out_shape, int out_rank);

enum class UnaryOp : int32_t { kRelu = 0, kStep = 1, kSquare = 2, kSqrt = 3 };

/** out = op(x) elementwise; kStep gives 1 for x > 0, `alpha` otherwise, NaN for NaN (as tfjs). */
void unary(UnaryOp op, const float* x, float* out, int64_t n, float alpha);

/** out[o, i] = Σ_r x[o, r, i] (divided by `reduce` when `mean`), accumulated in double. */
void sum_middle_axis(const float* x, int64_t outer, int64_t reduce, int64_t inner, float* out, bool mean);

/**
 * tfjs's FusedBatchNorm: out[i] = offset[i % Lo] + (x[i] − mean[i % Lm]) · scale[i % Ls] / √(var[i % Lv] + ε),
 * evaluated in double like the JavaScript kernel. Every length must be 1 or `channels`, which divides n.
 */
void batch_norm(const float* x, int64_t n, int64_t channels, const float* mean, int64_t lm, const float* var, int64_t lv,
                const float* scale, int64_t ls, const float* offset, int64_t lo, double eps, float* out);

}  // namespace seg
