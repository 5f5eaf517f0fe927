// instance_norm as LibTorch computes it: a batch norm over [1, N·C, *], in which every (sample,
// channel) is a channel of its own; the running statistics, repeated N times for it, are then
// averaged back over the samples.
#include "nn/functional/instancenorm.h"

#include "autograd/graph/grad_mode.h"
#include "autograd/ops/functions.h"
#include "autograd/ops/internal.h"
#include "nn/functional/batchnorm.h"

namespace tg {

Tensor instance_norm(const Tensor& input, const Tensor& weight, const Tensor& bias,
                     const Tensor& running_mean, const Tensor& running_var, bool use_input_stats,
                     double momentum, double eps, bool) {
  TG_CHECK(input.defined() && input.dim() >= 2,
           "instance_norm: expected an input of shape [N, "
           "C, *] with at least 2 dims, got ",
           input.defined() ? ops::shape_str(input) : "undefined");
  TG_CHECK(use_input_stats || (running_mean.defined() && running_var.defined()),
           "instance_norm: Expected running_mean and running_var to be defined when "
           "use_input_stats is false");
  const int64_t N = input.size(0), C = input.size(1);
  auto check_per_channel = [C, &input](const Tensor& t, const char* what) {
    TG_CHECK(!t.defined() || t.numel() == C, "instance_norm: ", what, " should contain ", C,
             " elements (one per channel of the input of shape ", input.sizes(), "), not ",
             t.numel());
  };
  check_per_channel(weight, "weight");
  check_per_channel(bias, "bias");
  check_per_channel(running_mean, "running_mean");
  check_per_channel(running_var, "running_var");

  std::vector<int64_t> folded_shape = input.sizes().vec();
  folded_shape[0] = 1;
  folded_shape[1] = N * C;
  auto repeated = [N](const Tensor& t) { return t.defined() ? t.repeat({N}) : Tensor(); };
  Tensor folded_mean = repeated(running_mean), folded_var = repeated(running_var);
  Tensor out = nn::functional::batch_norm(input.reshape(folded_shape), folded_mean, folded_var,
                                          nn::functional::BatchNormFuncOptions()
                                              .weight(repeated(weight))
                                              .bias(repeated(bias))
                                              .training(use_input_stats)
                                              .momentum(momentum)
                                              .eps(eps));
  // batch_norm updated the N copies of each channel's statistics: their average is the update.
  if (use_input_stats && (running_mean.defined() || running_var.defined())) {
    NoGradGuard no_grad;
    if (running_mean.defined()) running_mean.copy_(folded_mean.view({N, C}).mean(0));
    if (running_var.defined()) running_var.copy_(folded_var.view({N, C}).mean(0));
  }
  return out.view(input.sizes());
}

} // namespace tg

namespace tg::nn::functional {

Tensor instance_norm(const Tensor& input, const InstanceNormFuncOptions& options) {
  return tg::instance_norm(input, options.weight(), options.bias(), options.running_mean(),
                           options.running_var(), options.use_input_stats(), options.momentum(),
                           options.eps());
}

} // namespace tg::nn::functional
