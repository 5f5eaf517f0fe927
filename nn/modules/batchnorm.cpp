#include "nn/modules/batchnorm.h"

#include <ostream>

#include "autograd/ops/functions.h"
#include "autograd/graph/grad_mode.h"
#include "nn/functional/batchnorm.h"
#include "nn/init.h"

namespace tg::nn {

template <size_t D, typename Derived>
void BatchNormImplBase<D, Derived>::pretty_print(std::ostream& stream) const {
  stream << std::boolalpha << "tg::nn::BatchNorm" << D << "d(" << this->options.num_features()
         << ", eps=" << this->options.eps() << ", momentum=";
  if (this->options.momentum()) stream << *this->options.momentum();
  else stream << "None";
  stream << ", affine=" << this->options.affine()
         << ", track_running_stats=" << this->options.track_running_stats() << ")";
}

template <size_t D, typename Derived>
Tensor BatchNormImplBase<D, Derived>::forward(const Tensor& input) {
  this->_check_input_dim(input);
  TG_CHECK(input.size(1) == this->options.num_features(), "BatchNorm", D, "d: expected ",
           this->options.num_features(), " channels (input dim 1), got input of shape ", input.sizes());
  // momentum = nullopt: a cumulative average, the newest batch weighing 1 / batches seen.
  double factor = this->options.momentum().value_or(0.0);
  const bool training = this->is_training();
  bool counted = false;
  if (training && this->options.track_running_stats() && this->num_batches_tracked.defined()) {
    {
      NoGradGuard no_grad;
      this->num_batches_tracked.add_(1);
      counted = true;
    }
    if (!this->options.momentum()) factor = 1.0 / this->num_batches_tracked.template item<double>();
  }
  try {
    return functional::batch_norm(input, this->running_mean, this->running_var,
                                  functional::BatchNormFuncOptions()
                                      .weight(this->weight)
                                      .bias(this->bias)
                                      .training(training || !this->options.track_running_stats())
                                      .momentum(factor)
                                      .eps(this->options.eps()));
  } catch (const Error&) {
    // A rejected batch was not seen: the module stays as it was.
    if (counted) {
      NoGradGuard no_grad;
      this->num_batches_tracked.sub_(1);
    }
    throw;
  }
}

template class NormImplBase<1, BatchNorm1dImpl, BatchNormOptions>;
template class NormImplBase<2, BatchNorm2dImpl, BatchNormOptions>;
template class NormImplBase<3, BatchNorm3dImpl, BatchNormOptions>;
template class BatchNormImplBase<1, BatchNorm1dImpl>;
template class BatchNormImplBase<2, BatchNorm2dImpl>;
template class BatchNormImplBase<3, BatchNorm3dImpl>;

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

BatchNorm3dImpl::BatchNorm3dImpl(const BatchNormOptions& options_)
    : BatchNormImplBase(options_) {
  reset();
}
void BatchNorm3dImpl::_check_input_dim(const Tensor& input) {
  TG_CHECK(input.dim() == 5, "BatchNorm3d: expected 5D input (got ", input.dim(), "D input)");
}

} // namespace tg::nn
