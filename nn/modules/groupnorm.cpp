#include "nn/modules/groupnorm.h"

#include <ostream>

#include "autograd/ops/functions.h"
#include "nn/functional/groupnorm.h"
#include "nn/init.h"

namespace tg::nn {

GroupNormImpl::GroupNormImpl(const GroupNormOptions& options_) : options(options_) { reset(); }

void GroupNormImpl::reset() {
  TG_CHECK(options.num_groups() > 0 && options.num_channels() > 0,
           "GroupNorm: num_groups and "
           "num_channels must be positive, got num_groups=",
           options.num_groups(), " and num_channels=", options.num_channels());
  TG_CHECK(options.num_channels() % options.num_groups() == 0,
           "GroupNorm: num_channels must be "
           "divisible by num_groups, got num_channels=",
           options.num_channels(), " and num_groups=", options.num_groups());
  if (options.affine()) {
    weight = register_parameter("weight", tg::empty({options.num_channels()}));
    bias = register_parameter("bias", tg::empty({options.num_channels()}));
    reset_parameters();
  }
}

void GroupNormImpl::reset_parameters() {
  if (!options.affine()) return;
  init::ones_(weight);
  init::zeros_(bias);
}

void GroupNormImpl::pretty_print(std::ostream& stream) const {
  stream << std::boolalpha << "tg::nn::GroupNorm(" << options.num_groups() << ", "
         << options.num_channels() << ", eps=" << options.eps() << ", affine=" << options.affine()
         << ")";
}

Tensor GroupNormImpl::forward(const Tensor& input) {
  TG_CHECK(input.defined() && input.dim() >= 2 && input.size(1) == options.num_channels(),
           "GroupNorm: expected an input of shape [N, ", options.num_channels(), ", *], got ",
           input.defined() ? str(input.sizes()) : "undefined");
  return functional::group_norm(input, functional::GroupNormFuncOptions(options.num_groups())
                                           .weight(weight)
                                           .bias(bias)
                                           .eps(options.eps()));
}

} // namespace tg::nn
