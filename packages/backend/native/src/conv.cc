// oneDNN convolutions with a small per-thread LRU cache of primitives keyed by geometry (creating a primitive
// descriptor costs ~0.1-1 ms of dispatch and JIT; a U-Net step uses ~30 distinct shapes).
#include "conv.h"

#include <list>
#include <memory>
#include <oneapi/dnnl/dnnl.hpp>
#include <unordered_map>

namespace seg {
namespace {

using dnnl::memory;
using tag = memory::format_tag;
using dt = memory::data_type;

constexpr size_t kCacheCapacity = 96;

dnnl::engine& cpu_engine() {
  static dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  return engine;
}

struct Descs {
  memory::desc src, wei_user, wei_any, dst, bias;
  memory::dims strides, dilates, pad_l, pad_r;
};

Descs make_descs(const ConvGeometry& g) {
  Descs d;
  d.src = memory::desc({g.n, g.c, g.h, g.w}, dt::f32, tag::nhwc);
  d.dst = memory::desc({g.n, g.k, g.ho, g.wo}, dt::f32, tag::nhwc);
  d.wei_user = memory::desc({g.k, g.c, g.fh, g.fw}, dt::f32, tag::hwio);
  d.wei_any = memory::desc({g.k, g.c, g.fh, g.fw}, dt::f32, tag::any);
  d.bias = memory::desc({g.k}, dt::f32, tag::x);
  d.strides = {g.sh, g.sw};
  d.dilates = {g.dh - 1, g.dw - 1};  // oneDNN counts the gaps: 0 = dense
  d.pad_l = {g.pt, g.pl};
  d.pad_r = {g.pb, g.pr};
  return d;
}

dnnl::convolution_forward::primitive_desc forward_pd(const ConvGeometry& g, const Descs& d, bool training) {
  const bool bias = (g.flags & kFlagBias) != 0;
  dnnl::primitive_attr attr;
  if ((g.flags & kFlagRelu) != 0) {
    dnnl::post_ops ops;
    ops.append_eltwise(1.f, dnnl::algorithm::eltwise_relu, 0.f, 0.f);
    attr.set_post_ops(ops);
  }
  const auto prop = training ? dnnl::prop_kind::forward_training : dnnl::prop_kind::forward_inference;
  const auto algo = dnnl::algorithm::convolution_direct;
  auto desc = bias ? dnnl::convolution_forward::desc(prop, algo, d.src, d.wei_any, d.bias, d.dst, d.strides, d.dilates,
                                                     d.pad_l, d.pad_r)
                   : dnnl::convolution_forward::desc(prop, algo, d.src, d.wei_any, d.dst, d.strides, d.dilates, d.pad_l,
                                                     d.pad_r);
  return dnnl::convolution_forward::primitive_desc(desc, attr, cpu_engine());
}

/** One cached convolution: the primitive, and the reorder between tfjs's filter layout and oneDNN's. */
struct Entry {
  dnnl::primitive conv;
  memory::desc wei_user, wei_prim;
  bool reorder = false;
  dnnl::primitive wei_reorder;  // user -> prim (forward, backward data) or prim -> user (backward weights)
  std::unique_ptr<memory> wei_buffer;
  std::string impl;
};

Entry make_entry(const ConvGeometry& g, int kind) {
  const Descs d = make_descs(g);
  Entry e;
  e.wei_user = d.wei_user;
  const auto algo = dnnl::algorithm::convolution_direct;
  if (kind == 0) {
    auto pd = forward_pd(g, d, true);
    e.conv = dnnl::convolution_forward(pd);
    e.wei_prim = pd.weights_desc();
    e.impl = pd.impl_info_str();
  } else if (kind == 1) {
    auto hint = forward_pd(ConvGeometry{g.n, g.h, g.w, g.c, g.fh, g.fw, g.k, g.ho, g.wo, g.sh, g.sw, g.dh, g.dw, g.pt,
                                        g.pb, g.pl, g.pr, 0},
                           d, true);
    dnnl::convolution_backward_data::desc desc(algo, d.src, d.wei_any, d.dst, d.strides, d.dilates, d.pad_l, d.pad_r);
    dnnl::convolution_backward_data::primitive_desc pd(desc, cpu_engine(), hint);
    e.conv = dnnl::convolution_backward_data(pd);
    e.wei_prim = pd.weights_desc();
    e.impl = pd.impl_info_str();
  } else {
    auto hint = forward_pd(ConvGeometry{g.n, g.h, g.w, g.c, g.fh, g.fw, g.k, g.ho, g.wo, g.sh, g.sw, g.dh, g.dw, g.pt,
                                        g.pb, g.pl, g.pr, 0},
                           d, true);
    dnnl::convolution_backward_weights::desc desc(algo, d.src, d.wei_any, d.dst, d.strides, d.dilates, d.pad_l,
                                                  d.pad_r);
    dnnl::convolution_backward_weights::primitive_desc pd(desc, cpu_engine(), hint);
    e.conv = dnnl::convolution_backward_weights(pd);
    e.wei_prim = pd.diff_weights_desc();
    e.impl = pd.impl_info_str();
  }
  e.reorder = e.wei_prim != e.wei_user;
  if (e.reorder) {
    e.wei_buffer = std::make_unique<memory>(e.wei_prim, cpu_engine());
    const memory user(e.wei_user, cpu_engine(), DNNL_MEMORY_NONE);
    e.wei_reorder = kind == 2 ? dnnl::reorder(*e.wei_buffer, user) : dnnl::reorder(user, *e.wei_buffer);
  }
  return e;
}

/** Least-recently-used cache; per thread, since worker_threads may each load the addon. */
class Cache {
 public:
  Entry& get(const ConvGeometry& g, int kind) {
    std::string key(reinterpret_cast<const char*>(&g), sizeof g);
    key.push_back(static_cast<char>(kind));
    auto it = index_.find(key);
    if (it != index_.end()) {
      order_.splice(order_.begin(), order_, it->second);
      return it->second->second;
    }
    order_.emplace_front(key, make_entry(g, kind));
    index_[key] = order_.begin();
    if (order_.size() > kCacheCapacity) {
      index_.erase(order_.back().first);
      order_.pop_back();
    }
    return order_.front().second;
  }
  size_t size() const { return order_.size(); }

 private:
  std::list<std::pair<std::string, Entry>> order_;
  std::unordered_map<std::string, std::list<std::pair<std::string, Entry>>::iterator> index_;
};

Cache& cache() {
  static thread_local Cache c;
  return c;
}

memory wrap(const memory::desc& md, const float* p) { return memory(md, cpu_engine(), const_cast<float*>(p)); }

}  // namespace

void conv_forward(const ConvGeometry& g, const float* x, const float* w, const float* bias, float* y) {
  Entry& e = cache().get(g, 0);
  const Descs d = make_descs(g);
  dnnl::stream s(cpu_engine());
  memory wei = wrap(e.wei_user, w);
  if (e.reorder) {
    e.wei_reorder.execute(s, {{DNNL_ARG_FROM, wei}, {DNNL_ARG_TO, *e.wei_buffer}});
    wei = *e.wei_buffer;
  }
  std::unordered_map<int, memory> args{{DNNL_ARG_SRC, wrap(d.src, x)}, {DNNL_ARG_WEIGHTS, wei}, {DNNL_ARG_DST, wrap(d.dst, y)}};
  if ((g.flags & kFlagBias) != 0) args.emplace(DNNL_ARG_BIAS, wrap(d.bias, bias));
  e.conv.execute(s, args);
  s.wait();
}

void conv_backward_data(const ConvGeometry& g, const float* dy, const float* w, float* dx) {
  Entry& e = cache().get(g, 1);
  const Descs d = make_descs(g);
  dnnl::stream s(cpu_engine());
  memory wei = wrap(e.wei_user, w);
  if (e.reorder) {
    e.wei_reorder.execute(s, {{DNNL_ARG_FROM, wei}, {DNNL_ARG_TO, *e.wei_buffer}});
    wei = *e.wei_buffer;
  }
  e.conv.execute(s, {{DNNL_ARG_DIFF_DST, wrap(d.dst, dy)}, {DNNL_ARG_WEIGHTS, wei}, {DNNL_ARG_DIFF_SRC, wrap(d.src, dx)}});
  s.wait();
}

void conv_backward_weights(const ConvGeometry& g, const float* x, const float* dy, float* dw) {
  Entry& e = cache().get(g, 2);
  const Descs d = make_descs(g);
  dnnl::stream s(cpu_engine());
  const memory user = wrap(e.wei_user, dw);
  const memory target = e.reorder ? *e.wei_buffer : user;
  e.conv.execute(s, {{DNNL_ARG_SRC, wrap(d.src, x)}, {DNNL_ARG_DIFF_DST, wrap(d.dst, dy)}, {DNNL_ARG_DIFF_WEIGHTS, target}});
  if (e.reorder) e.wei_reorder.execute(s, {{DNNL_ARG_FROM, *e.wei_buffer}, {DNNL_ARG_TO, user}});
  s.wait();
}

std::string conv_impl_name(const ConvGeometry& g, int kind) { return cache().get(g, kind).impl; }

size_t conv_cache_size() { return cache().size(); }

}  // namespace seg
