// N-API glue: synchronous calls from tfjs kernels, typed arrays in and out (no copies). Any oneDNN error is turned
// into a JavaScript exception, which the TypeScript side answers by running the stock tfjs kernel instead.
#include <node_api.h>
#include <omp.h>

#include <cstring>
#include <exception>
#include <oneapi/dnnl/dnnl.hpp>
#include <string>

#include "conv.h"
#include "elementwise.h"

namespace {

struct Failure : std::exception {
  explicit Failure(std::string m) : message(std::move(m)) {}
  const char* what() const noexcept override { return message.c_str(); }
  std::string message;
};

void check(napi_status status, const char* what) {
  if (status != napi_ok) throw Failure(std::string("seg_native: ") + what);
}

/** The data of a typed array (its byte offset applied) and its element count. */
template <typename T>
T* typed(napi_env env, napi_value value, napi_typedarray_type expected, size_t* length, const char* name) {
  bool is_typed = false;
  check(napi_is_typedarray(env, value, &is_typed), name);
  if (!is_typed) throw Failure(std::string("seg_native: ") + name + " must be a typed array");
  napi_typedarray_type type;
  void* data = nullptr;
  check(napi_get_typedarray_info(env, value, &type, length, &data, nullptr, nullptr), name);
  if (type != expected) throw Failure(std::string("seg_native: ") + name + " has the wrong element type");
  return static_cast<T*>(data);
}

const float* floats(napi_env env, napi_value v, size_t need, const char* name) {
  size_t n = 0;
  const float* p = typed<float>(env, v, napi_float32_array, &n, name);
  if (n < need) throw Failure(std::string("seg_native: ") + name + " is too short");
  return p;
}

seg::ConvGeometry geometry(napi_env env, napi_value v) {
  size_t n = 0;
  const int32_t* p = typed<int32_t>(env, v, napi_int32_array, &n, "geometry");
  if (n != static_cast<size_t>(seg::kGeometryFields)) throw Failure("seg_native: geometry must hold 18 int32 values");
  seg::ConvGeometry g;
  static_assert(sizeof g == sizeof(int32_t) * seg::kGeometryFields, "ConvGeometry must be packed int32 fields");
  std::memcpy(&g, p, sizeof g);
  return g;
}

size_t sz(int64_t a, int64_t b, int64_t c, int64_t d) { return static_cast<size_t>(a * b * c * d); }

/** Runs `body` with `argc` arguments, converting C++ exceptions to JavaScript errors. */
template <typename F>
napi_value guarded(napi_env env, napi_callback_info info, size_t argc, F body) {
  napi_value argv[8];
  size_t got = 8;
  try {
    check(napi_get_cb_info(env, info, &got, argv, nullptr, nullptr), "arguments");
    if (got < argc) throw Failure("seg_native: expected " + std::to_string(argc) + " arguments");
    return body(argv);
  } catch (const dnnl::error& e) {
    napi_throw_error(env, "SEG_NATIVE_DNNL", (std::string("oneDNN: ") + e.what()).c_str());
  } catch (const std::exception& e) {
    napi_throw_error(env, "SEG_NATIVE", e.what());
  }
  return nullptr;
}

napi_value undefined(napi_env env) {
  napi_value u;
  napi_get_undefined(env, &u);
  return u;
}

// conv2d(geometry, x, w, bias | null, y)
napi_value Conv2d(napi_env env, napi_callback_info info) {
  return guarded(env, info, 5, [&](napi_value* a) {
    const seg::ConvGeometry g = geometry(env, a[0]);
    const float* x = floats(env, a[1], sz(g.n, g.h, g.w, g.c), "x");
    const float* w = floats(env, a[2], sz(g.fh, g.fw, g.c, g.k), "w");
    const float* b = (g.flags & seg::kFlagBias) != 0 ? floats(env, a[3], g.k, "bias") : nullptr;
    float* y = const_cast<float*>(floats(env, a[4], sz(g.n, g.ho, g.wo, g.k), "y"));
    seg::conv_forward(g, x, w, b, y);
    return undefined(env);
  });
}

// conv2dBackpropInput(geometry, dy, w, dx)
napi_value Conv2dBackpropInput(napi_env env, napi_callback_info info) {
  return guarded(env, info, 4, [&](napi_value* a) {
    const seg::ConvGeometry g = geometry(env, a[0]);
    const float* dy = floats(env, a[1], sz(g.n, g.ho, g.wo, g.k), "dy");
    const float* w = floats(env, a[2], sz(g.fh, g.fw, g.c, g.k), "w");
    float* dx = const_cast<float*>(floats(env, a[3], sz(g.n, g.h, g.w, g.c), "dx"));
    seg::conv_backward_data(g, dy, w, dx);
    return undefined(env);
  });
}

// conv2dBackpropFilter(geometry, x, dy, dw)
napi_value Conv2dBackpropFilter(napi_env env, napi_callback_info info) {
  return guarded(env, info, 4, [&](napi_value* a) {
    const seg::ConvGeometry g = geometry(env, a[0]);
    const float* x = floats(env, a[1], sz(g.n, g.h, g.w, g.c), "x");
    const float* dy = floats(env, a[2], sz(g.n, g.ho, g.wo, g.k), "dy");
    float* dw = const_cast<float*>(floats(env, a[3], sz(g.fh, g.fw, g.c, g.k), "dw"));
    seg::conv_backward_weights(g, x, dy, dw);
    return undefined(env);
  });
}

const int32_t* shape(napi_env env, napi_value v, int* rank, const char* name) {
  size_t n = 0;
  const int32_t* p = typed<int32_t>(env, v, napi_int32_array, &n, name);
  *rank = static_cast<int>(n);
  return p;
}

size_t elements(const int32_t* shape, int rank) {
  size_t n = 1;
  for (int i = 0; i < rank; i++) n *= static_cast<size_t>(shape[i]);
  return n;
}

// binary(op 0 add | 1 sub | 2 mul | 3 div, a, aShape, b, bShape, out, outShape), NumPy broadcasting
napi_value Binary(napi_env env, napi_callback_info info) {
  return guarded(env, info, 7, [&](napi_value* a) {
    int32_t op = 0;
    check(napi_get_value_int32(env, a[0], &op), "op");
    if (op < 0 || op > 3) throw Failure("seg_native: op must be 0..3");
    int ar = 0, br = 0, orank = 0;
    const int32_t* as = shape(env, a[2], &ar, "aShape");
    const int32_t* bs = shape(env, a[4], &br, "bShape");
    const int32_t* os = shape(env, a[6], &orank, "outShape");
    const float* x = floats(env, a[1], elements(as, ar), "a");
    const float* y = floats(env, a[3], elements(bs, br), "b");
    float* out = const_cast<float*>(floats(env, a[5], elements(os, orank), "out"));
    seg::broadcast_binary(static_cast<seg::BinaryOp>(op), x, as, ar, y, bs, br, out, os, orank);
    return undefined(env);
  });
}

// unary(op 0 relu | 1 step | 2 square | 3 sqrt, x, out, alpha)
napi_value Unary(napi_env env, napi_callback_info info) {
  return guarded(env, info, 4, [&](napi_value* a) {
    int32_t op = 0;
    double alpha = 0;
    check(napi_get_value_int32(env, a[0], &op), "op");
    check(napi_get_value_double(env, a[3], &alpha), "alpha");
    if (op < 0 || op > 3) throw Failure("seg_native: op must be 0..3");
    size_t n = 0;
    const float* x = typed<float>(env, a[1], napi_float32_array, &n, "x");
    float* out = const_cast<float*>(floats(env, a[2], n, "out"));
    seg::unary(static_cast<seg::UnaryOp>(op), x, out, static_cast<int64_t>(n), static_cast<float>(alpha));
    return undefined(env);
  });
}

// sumMiddleAxis(x, outer, reduce, inner, out, mean)
napi_value SumMiddleAxis(napi_env env, napi_callback_info info) {
  return guarded(env, info, 6, [&](napi_value* a) {
    int64_t outer = 0, reduce = 0, inner = 0;
    bool mean = false;
    check(napi_get_value_int64(env, a[1], &outer), "outer");
    check(napi_get_value_int64(env, a[2], &reduce), "reduce");
    check(napi_get_value_int64(env, a[3], &inner), "inner");
    check(napi_get_value_bool(env, a[5], &mean), "mean");
    if (outer < 0 || reduce < 1 || inner < 0) throw Failure("seg_native: bad reduction blocks");
    const float* x = floats(env, a[0], static_cast<size_t>(outer * reduce * inner), "x");
    float* out = const_cast<float*>(floats(env, a[4], static_cast<size_t>(outer * inner), "out"));
    seg::sum_middle_axis(x, outer, reduce, inner, out, mean);
    return undefined(env);
  });
}

// batchNorm(x, channels, mean, variance, scale, offset, epsilon, out): parameters of length 1 or `channels`
napi_value BatchNorm(napi_env env, napi_callback_info info) {
  return guarded(env, info, 8, [&](napi_value* a) {
    size_t n = 0, lm = 0, lv = 0, ls = 0, lo = 0;
    int64_t channels = 0;
    double eps = 0;
    const float* x = typed<float>(env, a[0], napi_float32_array, &n, "x");
    check(napi_get_value_int64(env, a[1], &channels), "channels");
    const float* mean = typed<float>(env, a[2], napi_float32_array, &lm, "mean");
    const float* var = typed<float>(env, a[3], napi_float32_array, &lv, "variance");
    const float* scale = typed<float>(env, a[4], napi_float32_array, &ls, "scale");
    const float* offset = typed<float>(env, a[5], napi_float32_array, &lo, "offset");
    check(napi_get_value_double(env, a[6], &eps), "epsilon");
    float* out = const_cast<float*>(floats(env, a[7], n, "out"));
    seg::batch_norm(x, static_cast<int64_t>(n), channels, mean, static_cast<int64_t>(lm), var, static_cast<int64_t>(lv),
                    scale, static_cast<int64_t>(ls), offset, static_cast<int64_t>(lo), eps, out);
    return undefined(env);
  });
}

// implName(geometry, kind 0 forward | 1 backward data | 2 backward weights) -> string
napi_value ImplName(napi_env env, napi_callback_info info) {
  return guarded(env, info, 2, [&](napi_value* a) {
    const seg::ConvGeometry g = geometry(env, a[0]);
    int32_t kind = 0;
    check(napi_get_value_int32(env, a[1], &kind), "kind");
    napi_value s;
    const std::string name = seg::conv_impl_name(g, kind);
    check(napi_create_string_utf8(env, name.c_str(), name.size(), &s), "implName");
    return s;
  });
}

// setNumThreads(n) -> threads now used by oneDNN (OpenMP) on this thread
napi_value SetNumThreads(napi_env env, napi_callback_info info) {
  return guarded(env, info, 1, [&](napi_value* a) {
    int32_t n = 0;
    check(napi_get_value_int32(env, a[0], &n), "n");
    if (n > 0) omp_set_num_threads(n);
    napi_value out;
    check(napi_create_int32(env, omp_get_max_threads(), &out), "threads");
    return out;
  });
}

// info() -> "oneDNN 2.6.3 (OpenMP, N threads), cache M"
napi_value Info(napi_env env, napi_callback_info info) {
  return guarded(env, info, 0, [&](napi_value*) {
    const dnnl_version_t* v = dnnl_version();
    const std::string s = "oneDNN " + std::to_string(v->major) + "." + std::to_string(v->minor) + "." +
                          std::to_string(v->patch) + " (OpenMP, " + std::to_string(omp_get_max_threads()) +
                          " threads), " + std::to_string(seg::conv_cache_size()) + " cached primitives";
    napi_value out;
    check(napi_create_string_utf8(env, s.c_str(), s.size(), &out), "info");
    return out;
  });
}

napi_value Init(napi_env env, napi_value exports) {
  const napi_property_descriptor props[] = {
      {"conv2d", nullptr, Conv2d, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"conv2dBackpropInput", nullptr, Conv2dBackpropInput, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"conv2dBackpropFilter", nullptr, Conv2dBackpropFilter, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"binary", nullptr, Binary, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"unary", nullptr, Unary, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"sumMiddleAxis", nullptr, SumMiddleAxis, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"batchNorm", nullptr, BatchNorm, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"implName", nullptr, ImplName, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"setNumThreads", nullptr, SetNumThreads, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"info", nullptr, Info, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
  };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
  return exports;
}

}  // namespace

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
