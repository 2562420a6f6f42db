// Fused training kernels (fused.h). Per-channel sums: each OpenMP thread accumulates a fixed block of rows in double,
// the partials are added in thread order (deterministic for a given thread count).
#include "fused.h"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

namespace seg {
namespace {

constexpr int64_t kParallelMin = 1 << 15;

/** Per-channel sums of f(row, c) → out[k][c] for k < K, over all rows; f adds into acc[k*channels + c]. */
template <int K, typename F>
void channel_sums(int64_t rows, int64_t channels, std::vector<double>& out, F add_row) {
  const int threads = rows * channels >= kParallelMin ? omp_get_max_threads() : 1;
  std::vector<double> partial(static_cast<size_t>(threads) * K * channels, 0.0);
#pragma omp parallel num_threads(threads)
  {
    const int t = omp_get_thread_num();
    const int64_t lo = rows * t / threads, hi = rows * (t + 1) / threads;
    double* acc = partial.data() + static_cast<size_t>(t) * K * channels;
    for (int64_t r = lo; r < hi; r++) add_row(r, acc);
  }
  out.assign(static_cast<size_t>(K) * channels, 0.0);
  for (int t = 0; t < threads; t++)
    for (int64_t j = 0; j < K * channels; j++) out[j] += partial[static_cast<size_t>(t) * K * channels + j];
}

void check_bn(int64_t rows, int64_t channels) {
  if (rows < 1 || channels < 1) throw std::invalid_argument("seg_native: batch norm needs rows and channels");
}

}  // namespace

void batch_norm_training(const float* x, int64_t rows, int64_t channels, const float* scale, const float* offset,
                         double eps, float* y, float* mean, float* variance) {
  check_bn(rows, channels);
  // One pass: sums of (x − shift) and its square in double, shifted by each channel's first value (no cancellation).
  std::vector<double> sums;
  channel_sums<2>(rows, channels, sums, [&](int64_t r, double* acc) {
    const float* xr = x + r * channels;
    for (int64_t c = 0; c < channels; c++) {
      const double d = static_cast<double>(xr[c]) - x[c];
      acc[c] += d;
      acc[channels + c] += d * d;
    }
  });
  const double m = static_cast<double>(rows);
  std::vector<double> mu(channels), mul(channels), add(channels);
  for (int64_t c = 0; c < channels; c++) {
    const double s = sums[c] / m;
    mean[c] = static_cast<float>(x[c] + s);
    variance[c] = static_cast<float>(std::max(0.0, sums[channels + c] / m - s * s));
    // As tfjs's FusedBatchNorm: offset + (x − mean)·scale/√(var + ε), from the float32 mean and variance.
    mu[c] = mean[c];
    mul[c] = static_cast<double>(scale[c]) / std::sqrt(static_cast<double>(variance[c]) + eps);
    add[c] = offset[c];
  }
#pragma omp parallel for schedule(static) if (rows * channels >= kParallelMin)
  for (int64_t r = 0; r < rows; r++) {
    const float* xr = x + r * channels;
    float* yr = y + r * channels;
    for (int64_t c = 0; c < channels; c++) yr[c] = static_cast<float>(add[c] + (xr[c] - mu[c]) * mul[c]);
  }
}

void batch_norm_training_grad(const float* dy, const float* x, int64_t rows, int64_t channels, const float* scale,
                              const float* mean, const float* variance, const float* dmean, const float* dvar, double eps,
                              float* dx, float* dscale, float* doffset) {
  check_bn(rows, channels);
  std::vector<double> sums;  // Σ dy, Σ dy·(x − mean)
  channel_sums<2>(rows, channels, sums, [&](int64_t r, double* acc) {
    const float* xr = x + r * channels;
    const float* dr = dy + r * channels;
    for (int64_t c = 0; c < channels; c++) {
      const double g = dr[c];
      acc[c] += g;
      acc[channels + c] += g * (static_cast<double>(xr[c]) - mean[c]);
    }
  });
  const double m = static_cast<double>(rows);
  // dx = a·dy + b·(x − mean) + k per channel.
  std::vector<double> a(channels), b(channels), k(channels), mu(channels);
  for (int64_t c = 0; c < channels; c++) {
    const double inv = 1.0 / std::sqrt(static_cast<double>(variance[c]) + eps);
    const double sum_dy = sums[c], sum_dyx = sums[channels + c];
    doffset[c] = static_cast<float>(sum_dy);
    dscale[c] = static_cast<float>(sum_dyx * inv);
    a[c] = scale[c] * inv;
    b[c] = -scale[c] * inv * inv * inv * sum_dyx / m + 2.0 * dvar[c] / m;
    k[c] = -scale[c] * inv * sum_dy / m + dmean[c] / m;
    mu[c] = mean[c];
  }
#pragma omp parallel for schedule(static) if (rows * channels >= kParallelMin)
  for (int64_t r = 0; r < rows; r++) {
    const float* xr = x + r * channels;
    const float* dr = dy + r * channels;
    float* out = dx + r * channels;
    for (int64_t c = 0; c < channels; c++) out[c] = static_cast<float>(a[c] * dr[c] + b[c] * (xr[c] - mu[c]) + k[c]);
  }
}

void relu_grad(const float* dy, const float* x, float* dx, int64_t n) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
#pragma omp parallel for schedule(static) if (n >= kParallelMin)
  for (int64_t i = 0; i < n; i++) {
    const float v = x[i];
    dx[i] = dy[i] * (v > 0 ? 1.f : (v == v ? 0.f : nan));
  }
}

namespace {

/** One output row (n, o) of max pooling: calls hit(out index, argmax input index) per (p, c) with a maximum. */
template <typename F>
void pool_row(const PoolGeometry& g, const float* x, int64_t n, int64_t o, std::vector<float>& best,
              std::vector<int64_t>& where, F hit) {
  const int64_t r0 = std::max<int64_t>(0, o * g.sh - g.pt), r1 = std::min<int64_t>(g.h, o * g.sh - g.pt + g.fh);
  for (int64_t p = 0; p < g.wo; p++) {
    const int64_t q0 = std::max<int64_t>(0, p * g.sw - g.pl), q1 = std::min<int64_t>(g.w, p * g.sw - g.pl + g.fw);
    std::fill(best.begin(), best.end(), -std::numeric_limits<float>::infinity());
    std::fill(where.begin(), where.end(), -1);
    for (int64_t r = r0; r < r1; r++)
      for (int64_t q = q0; q < q1; q++) {
        const int64_t base = ((n * g.h + r) * g.w + q) * g.c;
        for (int64_t c = 0; c < g.c; c++)
          if (x[base + c] > best[c]) {
            best[c] = x[base + c];
            where[c] = base + c;
          }
      }
    hit(((n * g.ho + o) * g.wo + p) * g.c, best, where);
  }
}

}  // namespace

void max_pool(const PoolGeometry& g, const float* x, float* y) {
  const int64_t rows = static_cast<int64_t>(g.n) * g.ho;
#pragma omp parallel for schedule(static) if (rows * g.wo * g.c >= kParallelMin)
  for (int64_t row = 0; row < rows; row++) {
    std::vector<float> best(g.c);
    std::vector<int64_t> where(g.c);
    pool_row(g, x, row / g.ho, row % g.ho, best, where, [&](int64_t out, const std::vector<float>& b, const std::vector<int64_t>&) {
      for (int64_t c = 0; c < g.c; c++) y[out + c] = b[c];
    });
  }
}

void max_pool_grad(const PoolGeometry& g, const float* x, const float* dy, float* dx) {
  const int64_t size = static_cast<int64_t>(g.n) * g.h * g.w * g.c;
  std::fill(dx, dx + size, 0.f);
  // Windows of different output rows share input rows when sh < fh: then threads split the batch only.
  const bool rows_apart = g.sh >= g.fh;
  const int64_t units = rows_apart ? static_cast<int64_t>(g.n) * g.ho : g.n;
#pragma omp parallel for schedule(static) if (size >= kParallelMin)
  for (int64_t u = 0; u < units; u++) {
    std::vector<float> best(g.c);
    std::vector<int64_t> where(g.c);
    const int64_t n = rows_apart ? u / g.ho : u;
    const int64_t o0 = rows_apart ? u % g.ho : 0, o1 = rows_apart ? o0 + 1 : g.ho;
    for (int64_t o = o0; o < o1; o++)
      pool_row(g, x, n, o, best, where, [&](int64_t out, const std::vector<float>&, const std::vector<int64_t>& w) {
        for (int64_t c = 0; c < g.c; c++)
          if (w[c] >= 0) dx[w[c]] += dy[out + c];
      });
  }
}

}  // namespace seg

namespace seg {
namespace {

template <bool kConcat>
void copy_rows(float* const* pieces, const int64_t* runs, int count, int64_t rows, float* whole) {
  std::vector<int64_t> offset(count + 1, 0);
  for (int i = 0; i < count; i++) offset[i + 1] = offset[i] + runs[i];
  const int64_t width = offset[count];
#pragma omp parallel for schedule(static) if (rows * width >= kParallelMin)
  for (int64_t r = 0; r < rows; r++)
    for (int i = 0; i < count; i++) {
      float* a = pieces[i] + r * runs[i];
      float* b = whole + r * width + offset[i];
      if (kConcat) std::copy(a, a + runs[i], b);
      else std::copy(b, b + runs[i], a);
    }
}

}  // namespace

void concat_rows(const float* const* pieces, const int64_t* runs, int count, int64_t rows, float* out) {
  copy_rows<true>(const_cast<float* const*>(pieces), runs, count, rows, out);
}

void split_rows(const float* x, const int64_t* runs, int count, int64_t rows, float* const* pieces) {
  copy_rows<false>(pieces, runs, count, rows, const_cast<float*>(x));
}

}  // namespace seg

namespace seg {

void adam_update(const float* value, const float* m, const float* v, const float* g, int64_t n, const AdamConstants& k,
                 float* new_value, float* new_m, float* new_v) {
#pragma omp parallel for schedule(static) if (n >= kParallelMin)
  for (int64_t i = 0; i < n; i++) {
    // One float32 operation per statement (no contraction: binding.gyp compiles with -ffp-contract=off).
    const float a = m[i] * k.beta1;
    const float b = g[i] * k.one_minus_beta1;
    const float m1 = a + b;
    const float gg = g[i] * g[i];
    const float c = v[i] * k.beta2;
    const float d = gg * k.one_minus_beta2;
    const float v1 = c + d;
    const float mc = m1 / k.one_minus_acc_beta1;
    const float vc = v1 / k.one_minus_acc_beta2;
    const float s = std::sqrt(vc);
    const float den = s + k.epsilon;
    const float q = mc / den;
    const float r = q * k.neg_lr;
    new_m[i] = m1;
    new_v[i] = v1;
    new_value[i] = r + value[i];
  }
}

}  // namespace seg
