#include "nn/modules/instancenorm.h"

namespace tg::nn {

template class NormImplBase<1, InstanceNorm1dImpl, InstanceNormOptions>;
template class NormImplBase<2, InstanceNorm2dImpl, InstanceNormOptions>;
template class NormImplBase<3, InstanceNorm3dImpl, InstanceNormOptions>;

InstanceNorm1dImpl::InstanceNorm1dImpl(const InstanceNormOptions& options_)
    : InstanceNormImpl(options_) {
  reset();
}
void InstanceNorm1dImpl::_check_input_dim(const Tensor& input) {
  TG_CHECK(input.dim() == 2 || input.dim() == 3, "InstanceNorm1d: expected 2D or 3D input (got ",
           input.dim(), "D input)");
}

InstanceNorm2dImpl::InstanceNorm2dImpl(const InstanceNormOptions& options_)
    : InstanceNormImpl(options_) {
  reset();
}
void InstanceNorm2dImpl::_check_input_dim(const Tensor& input) {
  TG_CHECK(input.dim() == 3 || input.dim() == 4, "InstanceNorm2d: expected 3D or 4D input (got ",
           input.dim(), "D input)");
}

InstanceNorm3dImpl::InstanceNorm3dImpl(const InstanceNormOptions& options_)
    : InstanceNormImpl(options_) {
  reset();
}
void InstanceNorm3dImpl::_check_input_dim(const Tensor& input) {
  TG_CHECK(input.dim() == 4 || input.dim() == 5, "InstanceNorm3d: expected 4D or 5D input (got ",
           input.dim(), "D input)");
}

} // namespace tg::nn
