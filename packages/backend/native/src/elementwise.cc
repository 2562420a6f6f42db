// Broadcast binary operations: dimensions are merged where both inputs stay contiguous (or both broadcast),
// the innermost merged dimension is a plain strided loop, rows are shared between OpenMP threads.
#include "elementwise.h"

#include <cstddef>
#include <omp.h>

#include <cmath>
#include <stdexcept>
#include <vector>

namespace seg {
namespace {

constexpr int kMaxRank = 8;
constexpr int64_t kParallelMin = 1 << 15;

struct Plan {
  int rank = 0;
  int64_t dims[kMaxRank];
  int64_t sa[kMaxRank], sb[kMaxRank];  // element strides of a and b per output dimension (0 = broadcast)
};

Plan plan(const int32_t* as, int ar, const int32_t* bs, int br, const int32_t* os, int orank) {
  if (orank > kMaxRank || ar > orank || br > orank) throw std::invalid_argument("seg_native: rank too large");
  int64_t dims[kMaxRank], sa[kMaxRank], sb[kMaxRank];
  int64_t ta = 1, tb = 1;
  for (int d = orank - 1; d >= 0; d--) {
    const int ia = d - (orank - ar), ib = d - (orank - br);
    const int64_t da = ia >= 0 ? as[ia] : 1, db = ib >= 0 ? bs[ib] : 1;
    dims[d] = os[d];
    if ((da != 1 && da != dims[d]) || (db != 1 && db != dims[d])) throw std::invalid_argument("seg_native: shapes do not broadcast");
    sa[d] = da == 1 ? 0 : ta;
    sb[d] = db == 1 ? 0 : tb;
    ta *= da;
    tb *= db;
  }
  Plan p;
  for (int d = 0; d < orank; d++) {
    if (dims[d] == 1) continue;  // size-1 dimensions carry no data
    p.dims[p.rank] = dims[d];
    p.sa[p.rank] = sa[d];
    p.sb[p.rank] = sb[d];
    p.rank++;
  }
  // Merge an outer dimension o with the next inner one i when s[o] == s[i] * dims[i] for both inputs.
  Plan m;
  for (int d = 0; d < p.rank; d++) {
    if (m.rank > 0) {
      const int o = m.rank - 1;
      const bool okA = m.sa[o] == p.sa[d] * p.dims[d];
      const bool okB = m.sb[o] == p.sb[d] * p.dims[d];
      if (okA && okB) {
        m.dims[o] *= p.dims[d];
        m.sa[o] = p.sa[d];
        m.sb[o] = p.sb[d];
        continue;
      }
    }
    m.dims[m.rank] = p.dims[d];
    m.sa[m.rank] = p.sa[d];
    m.sb[m.rank] = p.sb[d];
    m.rank++;
  }
  if (m.rank == 0) {
    m.rank = 1;
    m.dims[0] = 1;
    m.sa[0] = m.sb[0] = 0;
  }
  return m;
}

template <BinaryOp OP>
inline float apply(float x, float y) {
  if constexpr (OP == BinaryOp::kAdd) return x + y;
  if constexpr (OP == BinaryOp::kSub) return x - y;
  if constexpr (OP == BinaryOp::kMul) return x * y;
  return x / y;
}

template <BinaryOp OP>
void run(const Plan& p, const float* a, const float* b, float* out) {
  const int inner_dim = p.rank - 1;
  const int64_t n = p.dims[inner_dim], sa = p.sa[inner_dim], sb = p.sb[inner_dim];
  int64_t rows = 1;
  for (int d = 0; d < inner_dim; d++) rows *= p.dims[d];
#pragma omp parallel for schedule(static) if (rows * n >= kParallelMin)
  for (int64_t r = 0; r < rows; r++) {
    int64_t oa = 0, ob = 0, rem = r;
    for (int d = inner_dim - 1; d >= 0; d--) {
      const int64_t i = rem % p.dims[d];
      rem /= p.dims[d];
      oa += i * p.sa[d];
      ob += i * p.sb[d];
    }
    const float* pa = a + oa;
    const float* pb = b + ob;
    float* po = out + r * n;
    if (sa == 1 && sb == 1) {
      for (int64_t i = 0; i < n; i++) po[i] = apply<OP>(pa[i], pb[i]);
    } else if (sa == 1 && sb == 0) {
      const float y = *pb;
      for (int64_t i = 0; i < n; i++) po[i] = apply<OP>(pa[i], y);
    } else if (sa == 0 && sb == 1) {
      const float x = *pa;
      for (int64_t i = 0; i < n; i++) po[i] = apply<OP>(x, pb[i]);
    } else {
      for (int64_t i = 0; i < n; i++) po[i] = apply<OP>(pa[i * sa], pb[i * sb]);
    }
  }
}

}  // namespace

void broadcast_binary(BinaryOp op, const float* a, const int32_t* a_shape, int a_rank, const float* b,
                      const int32_t* b_shape, int b_rank, float* out, const int32_t* out_shape, int out_rank) {
  const Plan p = plan(a_shape, a_rank, b_shape, b_rank, out_shape, out_rank);
  switch (op) {
    case BinaryOp::kAdd: return run<BinaryOp::kAdd>(p, a, b, out);
    case BinaryOp::kSub: return run<BinaryOp::kSub>(p, a, b, out);
    case BinaryOp::kMul: return run<BinaryOp::kMul>(p, a, b, out);
    case BinaryOp::kDiv: return run<BinaryOp::kDiv>(p, a, b, out);
  }
  throw std::invalid_argument("seg_native: unknown binary op");
}

}  // namespace seg

namespace seg {
namespace {

template <UnaryOp OP>
void run_unary(const float* x, float* out, int64_t n, float alpha) {
#pragma omp parallel for schedule(static) if (n >= kParallelMin)
  for (int64_t i = 0; i < n; i++) {
    const float v = x[i];
    if constexpr (OP == UnaryOp::kRelu) out[i] = v > 0 ? v : (v == v ? 0.f : v);  // Math.max(0, v): NaN stays
    if constexpr (OP == UnaryOp::kStep) out[i] = v > 0 ? 1.f : (v == v ? alpha : v);
    if constexpr (OP == UnaryOp::kSquare) out[i] = v * v;
    if constexpr (OP == UnaryOp::kSqrt) out[i] = std::sqrt(v);
  }
}

}  // namespace

void unary(UnaryOp op, const float* x, float* out, int64_t n, float alpha) {
  switch (op) {
    case UnaryOp::kRelu: return run_unary<UnaryOp::kRelu>(x, out, n, alpha);
    case UnaryOp::kStep: return run_unary<UnaryOp::kStep>(x, out, n, alpha);
    case UnaryOp::kSquare: return run_unary<UnaryOp::kSquare>(x, out, n, alpha);
    case UnaryOp::kSqrt: return run_unary<UnaryOp::kSqrt>(x, out, n, alpha);
  }
  throw std::invalid_argument("seg_native: unknown unary op");
}

void sum_middle_axis(const float* x, int64_t outer, int64_t reduce, int64_t inner, float* out, bool mean) {
  const double scale = mean ? 1.0 / static_cast<double>(reduce) : 1.0;
  if (outer * inner >= 64 || outer * reduce * inner < kParallelMin) {
    // Enough independent outputs: each (o, i) sums its own column.
#pragma omp parallel for schedule(static) if (outer * reduce * inner >= kParallelMin)
    for (int64_t o = 0; o < outer; o++) {
      std::vector<double> acc(inner, 0.0);
      const float* base = x + o * reduce * inner;
      for (int64_t r = 0; r < reduce; r++)
        for (int64_t i = 0; i < inner; i++) acc[i] += base[r * inner + i];
      for (int64_t i = 0; i < inner; i++) out[o * inner + i] = static_cast<float>(acc[i] * scale);
    }
    return;
  }
  // Few outputs over a long axis (batch-norm statistics): each thread sums a fixed chunk of r, partials are
  // added in thread order, so the result does not depend on scheduling.
  const int threads = omp_get_max_threads();
  std::vector<double> partial(static_cast<size_t>(threads) * outer * inner, 0.0);
#pragma omp parallel num_threads(threads)
  {
    const int t = omp_get_thread_num();
    const int64_t lo = reduce * t / threads, hi = reduce * (t + 1) / threads;
    double* acc = partial.data() + static_cast<size_t>(t) * outer * inner;
    for (int64_t o = 0; o < outer; o++)
      for (int64_t r = lo; r < hi; r++) {
        const float* row = x + (o * reduce + r) * inner;
        for (int64_t i = 0; i < inner; i++) acc[o * inner + i] += row[i];
      }
  }
  for (int64_t j = 0; j < outer * inner; j++) {
    double s = 0;
    for (int t = 0; t < threads; t++) s += partial[static_cast<size_t>(t) * outer * inner + j];
    out[j] = static_cast<float>(s * scale);
  }
}

}  // namespace seg

namespace seg {

void batch_norm(const float* x, int64_t n, int64_t channels, const float* mean, int64_t lm, const float* var, int64_t lv,
                const float* scale, int64_t ls, const float* offset, int64_t lo, double eps, float* out) {
  for (const int64_t l : {lm, lv, ls, lo})
    if (l != 1 && l != channels) throw std::invalid_argument("seg_native: batch-norm parameter length");
  if (channels < 1 || n % channels != 0) throw std::invalid_argument("seg_native: batch-norm channels");
  std::vector<double> m(channels), root(channels), s(channels), o(channels);
  for (int64_t c = 0; c < channels; c++) {
    m[c] = mean[lm == 1 ? 0 : c];
    root[c] = std::sqrt(static_cast<double>(var[lv == 1 ? 0 : c]) + eps);  // Math.sqrt(var + ε) in the JS kernel
    s[c] = scale[ls == 1 ? 0 : c];
    o[c] = offset[lo == 1 ? 0 : c];
  }
  const int64_t rows = n / channels;
#pragma omp parallel for schedule(static) if (n >= kParallelMin)
  for (int64_t r = 0; r < rows; r++) {
    const float* xr = x + r * channels;
    float* yr = out + r * channels;
    for (int64_t c = 0; c < channels; c++) yr[c] = static_cast<float>(o[c] + (xr[c] - m[c]) * s[c] / root[c]);
  }
}

}  // namespace seg
