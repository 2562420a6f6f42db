// oneDNN convolutions on NHWC float32 arrays in tfjs's layouts (filter [fh, fw, C_in, C_out] = oneDNN "hwio").
#pragma once
#include <cstdint>
#include <string>

namespace seg {

/** One 2-D convolution's geometry, exactly as tfjs's computeConv2DInfo describes it. */
struct ConvGeometry {
  int32_t n, h, w, c;        // input  [N, H, W, C_in]
  int32_t fh, fw, k;         // filter [fh, fw, C_in, C_out = k]
  int32_t ho, wo;            // output [N, Ho, Wo, C_out]
  int32_t sh, sw, dh, dw;    // strides, dilations (tfjs convention: 1 = no dilation)
  int32_t pt, pb, pl, pr;    // padding top, bottom, left, right
  int32_t flags;             // forward only: bit 0 bias, bit 1 relu
};

constexpr int32_t kGeometryFields = 18;
constexpr int32_t kFlagBias = 1;
constexpr int32_t kFlagRelu = 2;

/** y = conv(x, w) [+ bias] [relu]; bias may be null when the flag is unset. */
void conv_forward(const ConvGeometry& g, const float* x, const float* w, const float* bias, float* y);
/** dx = ∂L/∂x given dy and w. */
void conv_backward_data(const ConvGeometry& g, const float* dy, const float* w, float* dx);
/** dw = ∂L/∂w given x and dy. */
void conv_backward_weights(const ConvGeometry& g, const float* x, const float* dy, float* dw);
/** oneDNN's name of the implementation it picked ("brgconv:avx512_core", "gemm:jit", ...) for kind 0/1/2. */
std::string conv_impl_name(const ConvGeometry& g, int kind);
/** Number of cached primitives (all kinds). */
size_t conv_cache_size();

}  // namespace seg
