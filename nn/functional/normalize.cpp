// F::normalize and F::local_response_norm, composed of differentiable tensor ops (norm, clamp,
// pad, sum, pow), so their gradients and double backward need nothing of their own.
#include "nn/functional/normalize.h"

#include "autograd/ops/functions.h"

namespace tg::nn::functional {

Tensor normalize(const Tensor& input, NormalizeFuncOptions options) {
  TG_CHECK(input.defined(), "normalize: the input is undefined");
  Tensor denom = input.norm(options.p(), {options.dim()}, true).clamp_min(options.eps());
  Tensor result = input / denom.expand_as(input);
  if (options.out()) {
    options.out()->copy_(result);
    return *options.out();
  }
  return result;
}

Tensor local_response_norm(const Tensor& input, const LocalResponseNormFuncOptions& options) {
  TG_CHECK(input.defined() && input.dim() >= 3,
           "local_response_norm: Expected 3D or higher "
           "dimensionality input (got ",
           input.defined() ? input.dim() : 0, " dimensions)");
  const int64_t size = options.size();
  TG_CHECK(size > 0, "local_response_norm: size must be positive, got ", size);
  TG_CHECK(input.size(0) > 0 && input.numel() > 0,
           "local_response_norm: input tensor should not be empty, got ", input.sizes());
  // LibTorch averages the squares over a window of `size` channels with zero padding
  // (size/2 before, (size-1)/2 after) through avg_pool; the same sum, by shifted slices:
  const int64_t c = input.size(1);
  Tensor sq = input * input;
  std::vector<int64_t> pad(static_cast<size_t>(2 * (input.dim() - 1)), 0);
  // constant_pad_nd counts from the last dim: dim 1 is the last pair
  pad[pad.size() - 2] = size / 2;
  pad[pad.size() - 1] = (size - 1) / 2;
  Tensor padded = tg::constant_pad_nd(sq, pad);
  Tensor window = padded.narrow(1, 0, c);
  for (int64_t j = 1; j < size; ++j) window = window + padded.narrow(1, j, c);
  Tensor div =
      (window / static_cast<double>(size) * options.alpha() + options.k()).pow(options.beta());
  return input / div;
}

} // namespace tg::nn::functional
