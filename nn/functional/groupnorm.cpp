// group_norm, composed of differentiable tensor ops (as layer_norm is), so double backward works.
#include "nn/functional/groupnorm.h"

#include "autograd/ops/functions.h"
#include "autograd/ops/internal.h"

namespace tg {

Tensor group_norm(const Tensor& input, int64_t num_groups, const Tensor& weight, const Tensor& bias,
                  double eps, bool) {
  TG_CHECK(input.defined() && input.dim() >= 2,
           "group_norm: expected an input of shape [N, C, "
           "*] with at least 2 dims, got ",
           input.defined() ? ops::shape_str(input) : "undefined");
  TG_CHECK(input.is_floating_point(),
           "group_norm: expected a floating point input (Float or "
           "Double), got ",
           input.scalar_type());
  const int64_t N = input.size(0), C = input.size(1);
  TG_CHECK(num_groups > 0 && C % num_groups == 0,
           "group_norm: Expected number of channels in "
           "input to be divisible by num_groups, but got input of shape ",
           input.sizes(), " and num_groups=", num_groups);
  auto check_per_channel = [&](const Tensor& t, const char* what) {
    TG_CHECK(!t.defined() || (t.dim() == 1 && t.numel() == C), "group_norm: Expected ", what,
             " to be a vector of size equal to the number of channels in input, but got ", what,
             " of shape ", t.sizes(), " and input of shape ", input.sizes());
  };
  check_per_channel(weight, "weight");
  check_per_channel(bias, "bias");

  // Each (sample, group) is one row of [N, G, C/G · spatial]: normalise along that row.
  Tensor grouped = input.reshape({N, num_groups, -1});
  Tensor centered = grouped - grouped.mean({2}, /*keepdim=*/true);
  Tensor var = centered.square().mean({2}, /*keepdim=*/true);
  Tensor out = (centered * (var + eps).rsqrt()).reshape(input.sizes());
  std::vector<int64_t> channel_shape(size_t(input.dim()), 1); // broadcasts a [C] over the input
  channel_shape[1] = C;
  if (weight.defined()) out = out * weight.view(channel_shape);
  if (bias.defined()) out = out + bias.view(channel_shape);
  return out;
}

} // namespace tg

namespace tg::nn::functional {

Tensor group_norm(const Tensor& input, const GroupNormFuncOptions& options) {
  return tg::group_norm(input, options.num_groups(), options.weight(), options.bias(),
                        options.eps());
}

} // namespace tg::nn::functional
