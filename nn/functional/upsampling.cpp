// Resampling (F::interpolate) as a chain of 1-D resamplings, one per spatial dim, last dim first:
// along a dim every output position j reads a few input positions (its taps) and weighs them.
// Each step is index_select and multiply-add, so gradients (also second order) come from those
// ops. Applying the last dim first gives PyTorch's operation order: bilinear is
// h0·(w0·x00 + w1·x01) + h1·(w0·x10 + w1·x11), and so on. The taps follow PyTorch's index rules
// (aten/src/ATen/native/UpSample.h), computed in the input's precision as PyTorch does.
#include "nn/functional/upsampling.h"

#include <algorithm>
#include <cmath>

#include "autograd/ops/functions.h"
#include "autograd/ops/internal.h"
#include "autograd/tensor/tensor_data.h"
#include "nn/functional/pooling.h"

namespace tg {
namespace {

/// The sampling table of one spatial dim: for tap k and output position j, the input index
/// index[k][j] and its weight weight[k][j].
struct Taps {
  std::vector<std::vector<int64_t>> index;
  std::vector<std::vector<double>> weight; // empty for nearest (one tap of weight 1)
};

/// 1 / scale when the caller gave one (> 0: the sampling then follows scale_factor itself), else
/// in / out.
template <typename T> T scale_value(double scale, int64_t in, int64_t out) {
  return scale > 0 ? T(1.0 / scale) : T(in) / T(out);
}

/// With align_corners the first and last pixel centres of input and output coincide.
template <typename T>
T area_pixel_scale(int64_t in, int64_t out, bool align_corners, double scale) {
  if (align_corners) return out > 1 ? T(in - 1) / T(out - 1) : T(0);
  return scale_value<T>(scale, in, out);
}

/// The input coordinate of output pixel j's centre; negative ones clamp to 0 except for cubic,
/// whose taps are clamped one by one instead.
template <typename T> T source_index(T scale, int64_t j, bool align_corners, bool cubic) {
  if (align_corners) return scale * T(j);
  const T src = scale * (T(j) + T(0.5)) - T(0.5);
  return (!cubic && src < T(0)) ? T(0) : src;
}

Taps nearest_taps(int64_t in, int64_t out, double scale, bool exact) {
  // PyTorch computes nearest positions in float whatever the dtype.
  const float s = scale_value<float>(scale, in, out);
  Taps t{{std::vector<int64_t>(size_t(out))}, {}};
  for (int64_t j = 0; j < out; ++j) {
    int64_t src;
    if (!exact && out == in)
      src = j;
    else if (!exact && out == 2 * in)
      src = j >> 1;
    else
      src = int64_t(std::floor((exact ? float(j) + 0.5f : float(j)) * s));
    t.index[0][size_t(j)] = std::min(src, in - 1);
  }
  return t;
}

template <typename T> Taps linear_taps(int64_t in, int64_t out, bool align_corners, double scale) {
  const T s = area_pixel_scale<T>(in, out, align_corners, scale);
  Taps t{{std::vector<int64_t>(size_t(out)), std::vector<int64_t>(size_t(out))},
         {std::vector<double>(size_t(out)), std::vector<double>(size_t(out))}};
  for (int64_t j = 0; j < out; ++j) {
    const size_t u = size_t(j);
    if (in == out) { // same size: a copy
      t.index[0][u] = t.index[1][u] = j;
      t.weight[0][u] = 1;
      t.weight[1][u] = 0;
      continue;
    }
    const T real = source_index<T>(s, j, align_corners, /*cubic=*/false);
    const int64_t i0 = int64_t(real);
    const T lambda1 = std::min(std::max(real - T(i0), T(0)), T(1));
    t.index[0][u] = i0;
    t.index[1][u] = i0 + (i0 < in - 1 ? 1 : 0);
    t.weight[0][u] = double(T(1) - lambda1);
    t.weight[1][u] = double(lambda1);
  }
  return t;
}

template <typename T> Taps cubic_taps(int64_t in, int64_t out, bool align_corners, double scale) {
  // Keys' cubic convolution with A = -0.75: cc1 weighs the two inner taps (|x| <= 1), cc2 the
  // two outer ones (1 < |x| < 2).
  const T A = T(-0.75);
  auto cc1 = [A](T x) { return ((A + 2) * x - (A + 3)) * x * x + 1; };
  auto cc2 = [A](T x) { return ((A * x - 5 * A) * x + 8 * A) * x - 4 * A; };
  const T s = area_pixel_scale<T>(in, out, align_corners, scale);
  Taps t{std::vector<std::vector<int64_t>>(4, std::vector<int64_t>(size_t(out))),
         std::vector<std::vector<double>>(4, std::vector<double>(size_t(out)))};
  for (int64_t j = 0; j < out; ++j) {
    const size_t u = size_t(j);
    const T real = source_index<T>(s, j, align_corners, /*cubic=*/true);
    const int64_t i = std::min(int64_t(std::floor(real)), in - 1);
    const T x = std::min(std::max(real - T(i), T(0)), T(1));
    const T w[4] = {cc2(x + 1), cc1(x), cc1(1 - x), cc2(2 - x)};
    for (int k = 0; k < 4; ++k) {
      t.index[size_t(k)][u] = std::clamp<int64_t>(i - 1 + k, 0, in - 1);
      t.weight[size_t(k)][u] = double(w[k]);
    }
  }
  return t;
}

/// Resamples `x` along `dim` with the table: Σ_k index_select(x, dim, index_k) · weight_k.
Tensor resample_dim(const Tensor& x, int64_t dim, const Taps& taps) {
  const int64_t out = int64_t(taps.index[0].size());
  Tensor result;
  for (size_t k = 0; k < taps.index.size(); ++k) {
    Tensor picked = x.index_select(dim, tg::tensor(taps.index[k], kLong));
    if (taps.weight.empty()) return picked;
    std::vector<int64_t> weight_shape(size_t(x.dim() - dim), 1); // broadcasts along `dim`
    weight_shape[0] = out;
    Tensor w = tg::tensor(taps.weight[k], kDouble).to(x.scalar_type()).view(weight_shape);
    result = result.defined() ? result + picked * w : picked * w;
  }
  return result;
}

enum class Kind { Nearest, NearestExact, Linear, Cubic };

Tensor upsample(const char* op, Kind kind, const Tensor& input, IntArrayRef output_size,
                bool align_corners, const std::vector<std::optional<double>>& scales) {
  const int64_t spatial = int64_t(output_size.size());
  TG_CHECK(input.defined() && spatial >= 1 && spatial <= 3 && input.dim() == spatial + 2, op,
           ": expected an input of shape [N, C, ", spatial, " spatial dims] for an output_size of ",
           spatial, " elements, got input ", input.defined() ? ops::shape_str(input) : "undefined",
           " and output_size ", output_size);
  TG_CHECK(scales.empty() || int64_t(scales.size()) == spatial, op, ": expected ", spatial,
           " scales, got ", scales.size());
  TG_CHECK(input.is_floating_point() || kind == Kind::Nearest || kind == Kind::NearestExact, op,
           ": expected a floating point input (Float or Double), got ", input.scalar_type());
  bool positive = true;
  for (int64_t d = 0; d < spatial; ++d)
    positive = positive && input.size(2 + d) > 0 && output_size[size_t(d)] > 0;
  TG_CHECK(positive && input.size(1) > 0, op,
           ": Input and output sizes should be greater than 0, "
           "but got input of shape ",
           input.sizes(), " and output_size ", output_size);
  const bool is_double = input.scalar_type() == kDouble;
  Tensor x = input;
  for (int64_t d = spatial - 1; d >= 0; --d) { // the last dim first: PyTorch's operation order
    const int64_t in = input.size(2 + d), out = output_size[size_t(d)];
    const double scale = scales.empty() ? 0.0 : scales[size_t(d)].value_or(0.0); // 0: none
    Taps taps;
    switch (kind) {
    case Kind::Nearest:
      taps = nearest_taps(in, out, scale, false);
      break;
    case Kind::NearestExact:
      taps = nearest_taps(in, out, scale, true);
      break;
    case Kind::Linear:
      taps = is_double ? linear_taps<double>(in, out, align_corners, scale)
                       : linear_taps<float>(in, out, align_corners, scale);
      break;
    case Kind::Cubic:
      taps = is_double ? cubic_taps<double>(in, out, align_corners, scale)
                       : cubic_taps<float>(in, out, align_corners, scale);
      break;
    }
    x = resample_dim(x, 2 + d, taps);
  }
  return x;
}

} // namespace

Tensor upsample_nearest(const Tensor& input, IntArrayRef output_size,
                        const std::vector<std::optional<double>>& scales) {
  return upsample("upsample_nearest", Kind::Nearest, input, output_size, false, scales);
}
Tensor upsample_nearest_exact(const Tensor& input, IntArrayRef output_size,
                              const std::vector<std::optional<double>>& scales) {
  return upsample("upsample_nearest_exact", Kind::NearestExact, input, output_size, false, scales);
}
Tensor upsample_linear(const Tensor& input, IntArrayRef output_size, bool align_corners,
                       const std::vector<std::optional<double>>& scales) {
  return upsample("upsample_linear", Kind::Linear, input, output_size, align_corners, scales);
}
Tensor upsample_cubic(const Tensor& input, IntArrayRef output_size, bool align_corners,
                      const std::vector<std::optional<double>>& scales) {
  return upsample("upsample_cubic", Kind::Cubic, input, output_size, align_corners, scales);
}

Tensor upsample_nearest1d(const Tensor& input, IntArrayRef output_size,
                          std::optional<double> scales) {
  return upsample("upsample_nearest1d", Kind::Nearest, input, output_size, false, {scales});
}
Tensor upsample_nearest2d(const Tensor& input, IntArrayRef output_size,
                          std::optional<double> scales_h, std::optional<double> scales_w) {
  return upsample("upsample_nearest2d", Kind::Nearest, input, output_size, false,
                  {scales_h, scales_w});
}
Tensor upsample_nearest3d(const Tensor& input, IntArrayRef output_size,
                          std::optional<double> scales_d, std::optional<double> scales_h,
                          std::optional<double> scales_w) {
  return upsample("upsample_nearest3d", Kind::Nearest, input, output_size, false,
                  {scales_d, scales_h, scales_w});
}
Tensor upsample_linear1d(const Tensor& input, IntArrayRef output_size, bool align_corners,
                         std::optional<double> scales) {
  return upsample("upsample_linear1d", Kind::Linear, input, output_size, align_corners, {scales});
}
Tensor upsample_bilinear2d(const Tensor& input, IntArrayRef output_size, bool align_corners,
                           std::optional<double> scales_h, std::optional<double> scales_w) {
  return upsample("upsample_bilinear2d", Kind::Linear, input, output_size, align_corners,
                  {scales_h, scales_w});
}
Tensor upsample_trilinear3d(const Tensor& input, IntArrayRef output_size, bool align_corners,
                            std::optional<double> scales_d, std::optional<double> scales_h,
                            std::optional<double> scales_w) {
  return upsample("upsample_trilinear3d", Kind::Linear, input, output_size, align_corners,
                  {scales_d, scales_h, scales_w});
}
Tensor upsample_bicubic2d(const Tensor& input, IntArrayRef output_size, bool align_corners,
                          std::optional<double> scales_h, std::optional<double> scales_w) {
  return upsample("upsample_bicubic2d", Kind::Cubic, input, output_size, align_corners,
                  {scales_h, scales_w});
}

} // namespace tg

namespace tg::nn::functional {
namespace {

/// The output sizes: options.size(), or floor(size · scale_factor) per spatial dim.
std::vector<int64_t> output_size(const Tensor& input, const InterpolateFuncOptions& options) {
  const int64_t spatial = input.dim() - 2;
  TG_CHECK(options.size() || options.scale_factor(),
           "interpolate: either size or scale_factor should be defined");
  TG_CHECK(!(options.size() && options.scale_factor()),
           "interpolate: only one of size or scale_factor should be defined");
  if (options.size()) {
    TG_CHECK(int64_t(options.size()->size()) == spatial,
             "interpolate: size shape must match "
             "input shape. Input is ",
             spatial, "D, size is ", IntArrayRef(*options.size()));
    return *options.size();
  }
  const std::vector<double>& factors = *options.scale_factor();
  TG_CHECK(int64_t(factors.size()) == spatial,
           "interpolate: scale_factor shape must match input "
           "shape. Input is ",
           spatial, "D, scale_factor size is ", factors.size());
  std::vector<int64_t> sizes;
  for (int64_t d = 0; d < spatial; ++d)
    sizes.push_back(int64_t(std::floor(double(input.size(2 + d)) * factors[size_t(d)])));
  return sizes;
}

} // namespace

Tensor interpolate(const Tensor& input, const InterpolateFuncOptions& options) {
  TG_CHECK(input.defined() && input.dim() >= 3 && input.dim() <= 5,
           "interpolate: Input Error: "
           "Only 3D, 4D and 5D input Tensors supported (got ",
           input.defined() ? str(input.dim()) : "an undefined ",
           "D) for the modes: nearest | "
           "linear | bilinear | bicubic | trilinear | area | nearest-exact");
  const auto& mode = options.mode();
  // LibTorch 1.13 accepts (and ignores) align_corners with nearest-exact; so does tapegrad.
  const bool interpolating = !std::holds_alternative<enumtype::kNearest>(mode) &&
                             !std::holds_alternative<enumtype::kArea>(mode);
  TG_CHECK(interpolating || !options.align_corners(),
           "interpolate: align_corners option can "
           "only be set with the interpolating modes: linear | bilinear | bicubic | trilinear");
  TG_CHECK(!options.antialias(), "interpolate: antialias is not supported by tapegrad");
  const int64_t spatial = input.dim() - 2;
  auto needs = [&](int64_t rank, const char* name) {
    TG_CHECK(input.dim() == rank, "interpolate: Got ", input.dim(), "D input, but ", name,
             " mode needs ", rank, "D input");
  };
  if (std::holds_alternative<enumtype::kLinear>(mode)) needs(3, "linear");
  if (std::holds_alternative<enumtype::kBilinear>(mode)) needs(4, "bilinear");
  if (std::holds_alternative<enumtype::kBicubic>(mode)) needs(4, "bicubic");
  if (std::holds_alternative<enumtype::kTrilinear>(mode)) needs(5, "trilinear");

  const std::vector<int64_t> size = output_size(input, options);
  // The kernels follow scale_factor itself unless recompute_scale_factor asks for out / in.
  std::vector<std::optional<double>> scales(size_t(spatial), std::nullopt);
  if (options.scale_factor() && !options.recompute_scale_factor().value_or(false))
    for (int64_t d = 0; d < spatial; ++d) scales[size_t(d)] = (*options.scale_factor())[size_t(d)];
  const bool align_corners = options.align_corners().value_or(false);

  if (std::holds_alternative<enumtype::kNearest>(mode))
    return upsample_nearest(input, size, scales);
  if (std::holds_alternative<enumtype::kNearestExact>(mode))
    return upsample_nearest_exact(input, size, scales);
  if (std::holds_alternative<enumtype::kBicubic>(mode))
    return upsample_cubic(input, size, align_corners, scales);
  if (std::holds_alternative<enumtype::kArea>(mode)) {
    // Area: every output cell averages the input cells it covers, i.e. adaptive average pooling.
    if (spatial == 1) return tg::adaptive_avg_pool1d(input, size);
    if (spatial == 2) return tg::adaptive_avg_pool2d(input, size);
    return tg::adaptive_avg_pool3d(input, size);
  }
  return upsample_linear(input, size, align_corners, scales);
}

} // namespace tg::nn::functional
