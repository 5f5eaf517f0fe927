#pragma once
// InstanceNorm1d ([N, C, L], or unbatched [C, L]), InstanceNorm2d ([N, C, H, W] or [C, H, W]) and
// InstanceNorm3d ([N, C, D, H, W] or [C, D, H, W]): each sample's channel is normalised with its
// own mean and biased variance. No parameters and no running statistics by default (affine and
// track_running_stats are off); with track_running_stats, eval mode uses the running ones.
#include "nn/functional/instancenorm.h"
#include "nn/modules/batchnorm.h"
#include "nn/options/instancenorm.h"

namespace tg::nn {

/// What InstanceNorm1d/2d/3d share (LibTorch's InstanceNormImpl): forward and printing.
template <size_t D, typename Derived>
class InstanceNormImpl : public NormImplBase<D, Derived, InstanceNormOptions> {
public:
  using NormImplBase<D, Derived, InstanceNormOptions>::NormImplBase;

  /// Normalises every (sample, channel) of `input`; an input of rank D + 1 is one unbatched
  /// sample. In training mode (or without track_running_stats) with the input's statistics,
  /// updating the running ones when tracked; in eval mode with the running ones. Throws tg::Error
  /// on the wrong rank or a channel count that does not match the per-channel tensors.
  Tensor forward(const Tensor& input) {
    this->_check_input_dim(input);
    if (input.dim() == int64_t(D) + 1) return apply_instance_norm(input.unsqueeze(0)).squeeze(0);
    return apply_instance_norm(input);
  }
  /// "tg::nn::InstanceNorm2d(4, eps=1e-05, momentum=0.1, affine=false,
  /// track_running_stats=false)"
  void pretty_print(std::ostream& stream) const override {
    stream << std::boolalpha << "tg::nn::InstanceNorm" << D << "d(" << this->options.num_features()
           << ", eps=" << this->options.eps() << ", momentum=" << this->options.momentum()
           << ", affine=" << this->options.affine()
           << ", track_running_stats=" << this->options.track_running_stats() << ")";
  }

private:
  Tensor apply_instance_norm(const Tensor& input) {
    return tg::instance_norm(input, this->weight, this->bias, this->running_mean, this->running_var,
                             this->is_training() || !this->options.track_running_stats(),
                             this->options.momentum(), this->options.eps());
  }
};

/// Instance normalisation over [N, C, L] (or [C, L]); same as torch::nn::InstanceNorm1d.
class InstanceNorm1dImpl : public InstanceNormImpl<1, InstanceNorm1dImpl> {
public:
  /// A layer for `num_features` channels with the default options.
  explicit InstanceNorm1dImpl(int64_t num_features)
      : InstanceNorm1dImpl(InstanceNormOptions(num_features)) {}
  /// A layer as described by the options; throws tg::Error if num_features <= 0.
  explicit InstanceNorm1dImpl(const InstanceNormOptions& options_);

protected:
  /// Throws tg::Error unless `input` is 2-D or 3-D.
  void _check_input_dim(const Tensor& input) override;
};
/// The holder of InstanceNorm1dImpl (TORCH_MODULE(InstanceNorm1d)); copies share one module.
TG_MODULE(InstanceNorm1d);

/// Instance normalisation over [N, C, H, W] (or [C, H, W]); same as torch::nn::InstanceNorm2d.
class InstanceNorm2dImpl : public InstanceNormImpl<2, InstanceNorm2dImpl> {
public:
  /// A layer for `num_features` channels with the default options.
  explicit InstanceNorm2dImpl(int64_t num_features)
      : InstanceNorm2dImpl(InstanceNormOptions(num_features)) {}
  /// A layer as described by the options; throws tg::Error if num_features <= 0.
  explicit InstanceNorm2dImpl(const InstanceNormOptions& options_);

protected:
  /// Throws tg::Error unless `input` is 3-D or 4-D.
  void _check_input_dim(const Tensor& input) override;
};
/// The holder of InstanceNorm2dImpl (TORCH_MODULE(InstanceNorm2d)); copies share one module.
TG_MODULE(InstanceNorm2d);

/// Instance normalisation over [N, C, D, H, W] (or [C, D, H, W]); same as
/// torch::nn::InstanceNorm3d.
class InstanceNorm3dImpl : public InstanceNormImpl<3, InstanceNorm3dImpl> {
public:
  /// A layer for `num_features` channels with the default options.
  explicit InstanceNorm3dImpl(int64_t num_features)
      : InstanceNorm3dImpl(InstanceNormOptions(num_features)) {}
  /// A layer as described by the options; throws tg::Error if num_features <= 0.
  explicit InstanceNorm3dImpl(const InstanceNormOptions& options_);

protected:
  /// Throws tg::Error unless `input` is 4-D or 5-D.
  void _check_input_dim(const Tensor& input) override;
};
/// The holder of InstanceNorm3dImpl (TORCH_MODULE(InstanceNorm3d)); copies share one module.
TG_MODULE(InstanceNorm3d);

extern template class NormImplBase<1, InstanceNorm1dImpl, InstanceNormOptions>;
extern template class NormImplBase<2, InstanceNorm2dImpl, InstanceNormOptions>;
extern template class NormImplBase<3, InstanceNorm3dImpl, InstanceNormOptions>;

} // namespace tg::nn
