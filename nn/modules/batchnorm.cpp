#include "nn/modules/batchnorm.h"

#include <ostream>

#include "autograd/ops/functions.h"
#include "autograd/graph/grad_mode.h"
#include "nn/functional/batchnorm.h"
#include "nn/init.h"

namespace tg::nn {

template <size_t D, typename Derived> void BatchNormImplBase<D, Derived>::reset() {
  TG_CHECK(options.num_features() > 0, "BatchNorm", D, "d: num_features must be positive, got ",
           options.num_features());
  const int64_t C = options.num_features();
  if (options.affine()) {
    weight = this->register_parameter("weight", tg::empty({C}));
    bias = this->register_parameter("bias", tg::empty({C}));
  } else {
    weight = this->register_parameter("weight", Tensor(), /*requires_grad=*/false);
    bias = this->register_parameter("bias", Tensor(), /*requires_grad=*/false);
  }
  if (options.track_running_stats()) {
    running_mean = this->register_buffer("running_mean", tg::zeros({C}));
    running_var = this->register_buffer("running_var", tg::ones({C}));
    num_batches_tracked = this->register_buffer("num_batches_tracked", tg::zeros({}, kLong));
  } else {
    running_mean = this->register_buffer("running_mean", Tensor());
    running_var = this->register_buffer("running_var", Tensor());
    num_batches_tracked = this->register_buffer("num_batches_tracked", Tensor());
  }
  reset_parameters();
}

template <size_t D, typename Derived> void BatchNormImplBase<D, Derived>::reset_running_stats() {
  if (!options.track_running_stats()) return;
  NoGradGuard no_grad;
  running_mean.zero_();
  running_var.fill_(1);
  num_batches_tracked.zero_();
}

template <size_t D, typename Derived> void BatchNormImplBase<D, Derived>::reset_parameters() {
  reset_running_stats();
  if (options.affine()) {
    init::ones_(weight);
    init::zeros_(bias);
  }
}

template <size_t D, typename Derived>
void BatchNormImplBase<D, Derived>::pretty_print(std::ostream& stream) const {
  stream << std::boolalpha << "tg::nn::BatchNorm" << D << "d(" << options.num_features()
         << ", eps=" << options.eps() << ", momentum=";
  if (options.momentum()) stream << *options.momentum();
  else stream << "None";
  stream << ", affine=" << options.affine()
         << ", track_running_stats=" << options.track_running_stats() << ")";
}

template <size_t D, typename Derived>
Tensor BatchNormImplBase<D, Derived>::forward(const Tensor& input) {
  _check_input_dim(input);
  TG_CHECK(input.size(1) == options.num_features(), "BatchNorm", D, "d: expected ",
           options.num_features(), " channels (input dim 1), got input of shape ", input.sizes());
  // momentum = nullopt: a cumulative average, the newest batch weighing 1 / batches seen.
  double factor = options.momentum().value_or(0.0);
  const bool training = this->is_training();
  bool counted = false;
  if (training && options.track_running_stats() && num_batches_tracked.defined()) {
    {
      NoGradGuard no_grad;
      num_batches_tracked.add_(1);
      counted = true;
    }
    if (!options.momentum()) factor = 1.0 / num_batches_tracked.template item<double>();
  }
  try {
    return functional::batch_norm(input, running_mean, running_var,
                                  functional::BatchNormFuncOptions()
                                      .weight(weight)
                                      .bias(bias)
                                      .training(training || !options.track_running_stats())
                                      .momentum(factor)
                                      .eps(options.eps()));
  } catch (const Error&) {
    // A rejected batch was not seen: the module stays as it was.
    if (counted) {
      NoGradGuard no_grad;
      num_batches_tracked.sub_(1);
    }
    throw;
  }
}

template class BatchNormImplBase<1, BatchNorm1dImpl>;
template class BatchNormImplBase<2, BatchNorm2dImpl>;

BatchNorm1dImpl::BatchNorm1dImpl(const BatchNormOptions& options_)
    : BatchNormImplBase(options_) {
  reset();
}
void BatchNorm1dImpl::_check_input_dim(const Tensor& input) {
  TG_CHECK(input.dim() == 2 || input.dim() == 3, "BatchNorm1d: expected 2D or 3D input (got ",
           input.dim(), "D input)");
}

BatchNorm2dImpl::BatchNorm2dImpl(const BatchNormOptions& options_)
    : BatchNormImplBase(options_) {
  reset();
}
void BatchNorm2dImpl::_check_input_dim(const Tensor& input) {
  TG_CHECK(input.dim() == 4, "BatchNorm2d: expected 4D input (got ", input.dim(), "D input)");
}

} // namespace tg::nn
