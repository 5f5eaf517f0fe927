// layer_norm, composed of differentiable tensor ops (as batch_norm is), so double backward works.
#include "nn/functional/normalization.h"

#include "autograd/ops/functions.h"
#include "autograd/ops/internal.h"

namespace tg {

Tensor layer_norm(const Tensor& input, IntArrayRef normalized_shape, const Tensor& weight,
                  const Tensor& bias, double eps, bool) {
  TG_CHECK(input.defined(), "layer_norm: the input is undefined");
  const int64_t k = int64_t(normalized_shape.size());
  TG_CHECK(k >= 1, "layer_norm: Expected normalized_shape to be at least 1-dimensional, i.e., "
           "containing at least one element, but got normalized_shape = ", normalized_shape);
  TG_CHECK(!weight.defined() || weight.sizes().equals(normalized_shape), "layer_norm: Expected "
           "weight to be of same shape as normalized_shape, but got weight of shape ",
           weight.sizes(), " and normalized_shape = ", normalized_shape);
  TG_CHECK(!bias.defined() || bias.sizes().equals(normalized_shape), "layer_norm: Expected bias "
           "to be of same shape as normalized_shape, but got bias of shape ", bias.sizes(),
           " and normalized_shape = ", normalized_shape);
  TG_CHECK(input.dim() >= k && input.sizes().slice(size_t(input.dim() - k)).equals(normalized_shape),
           "layer_norm: Given normalized_shape=", normalized_shape, ", expected input with shape "
           "[*, ", str(normalized_shape).substr(1),
           ", but got input of size ", input.sizes());
  TG_CHECK(input.is_floating_point(), "layer_norm: expected a floating point input (Float or "
           "Double), got ", input.scalar_type());
  std::vector<int64_t> dims;
  for (int64_t d = input.dim() - k; d < input.dim(); ++d) dims.push_back(d);
  Tensor centered = input - input.mean(dims, /*keepdim=*/true);
  Tensor var = centered.square().mean(dims, /*keepdim=*/true);
  Tensor out = centered * (var + eps).rsqrt();
  if (weight.defined()) out = out * weight;
  if (bias.defined()) out = out + bias;
  return out;
}

} // namespace tg

namespace tg::nn::functional {

Tensor layer_norm(const Tensor& input, const LayerNormFuncOptions& options) {
  return tg::layer_norm(input, options.normalized_shape(), options.weight(), options.bias(),
                        options.eps());
}

} // namespace tg::nn::functional
