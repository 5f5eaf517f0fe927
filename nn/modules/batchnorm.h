#pragma once
// BatchNorm1d ([N, C] or [N, C, L]), BatchNorm2d ([N, C, H, W]) and BatchNorm3d ([N, C, D, H, W]). Parameters weight (ones) and
// bias (zeros) when affine; buffers running_mean (zeros), running_var (ones) and
// num_batches_tracked (int64 0) when track_running_stats. Training normalises with the batch
// statistics (biased variance) and updates the running ones (unbiased variance); eval normalises
// with the running ones.
#include <type_traits>

#include "autograd/graph/grad_mode.h"
#include "autograd/ops/functions.h"
#include "nn/init.h"
#include "nn/options/batchnorm.h"
#include "nn/pimpl.h"

namespace tg::nn {

/// What BatchNorm and InstanceNorm share (LibTorch's NormImplBase): the options, the affine
/// parameters and the running-statistics buffers. D is the number of spatial dimensions, Derived
/// checks the input's rank, Options is BatchNormOptions or InstanceNormOptions.
template <size_t D, typename Derived, typename Options>
class NormImplBase : public Cloneable<Derived> {
public:
  /// Stores the options; the derived class's constructor calls reset().
  explicit NormImplBase(const Options& options_) : options(options_) {}

  /// Registers weight and bias (undefined unless affine) and the three buffers (undefined
  /// unless track_running_stats), then initialises them. Throws tg::Error if num_features <= 0.
  void reset() override;
  /// Sets running_mean to 0, running_var to 1 and num_batches_tracked to 0 (no-op without
  /// track_running_stats).
  void reset_running_stats();
  /// reset_running_stats(), then weight to 1 and bias to 0 (when affine).
  void reset_parameters();

  /// The options the module was built with.
  Options options;
  /// Learned per-channel scale [num_features], initialised to 1; undefined unless affine.
  Tensor weight;
  /// Learned per-channel shift [num_features], initialised to 0; undefined unless affine.
  Tensor bias;
  /// Buffer: running mean per channel [num_features]; undefined without track_running_stats.
  Tensor running_mean;
  /// Buffer: running unbiased variance per channel [num_features]; undefined without
  /// track_running_stats.
  Tensor running_var;
  /// Buffer: int64 scalar, training batches seen; undefined without track_running_stats.
  Tensor num_batches_tracked;

protected:
  /// Throws tg::Error unless `input` has the rank this layer accepts.
  virtual void _check_input_dim(const Tensor& input) = 0;
};

/// What BatchNorm1d, BatchNorm2d and BatchNorm3d share (LibTorch's BatchNormImplBase): forward.
template <size_t D, typename Derived>
class BatchNormImplBase : public NormImplBase<D, Derived, BatchNormOptions> {
public:
  using NormImplBase<D, Derived, BatchNormOptions>::NormImplBase;

  /// "tg::nn::BatchNorm2d(3, eps=1e-05, momentum=0.1, affine=true, track_running_stats=true)"
  void pretty_print(std::ostream& stream) const override;
  /// Normalises each channel (dim 1) of `input`. In training mode (or without
  /// track_running_stats) it uses the batch's mean and biased variance and, when tracking,
  /// updates the running statistics with `momentum` (a cumulative average if momentum is
  /// nullopt); in eval mode it uses the running statistics. Throws tg::Error on the wrong rank
  /// or a channel count other than num_features, leaving the module unchanged.
  Tensor forward(const Tensor& input);
};

namespace detail {
/// "BatchNorm" or "InstanceNorm", for error messages.
template <typename Options> constexpr const char* norm_name() {
  return std::is_same_v<Options, BatchNormOptions> ? "BatchNorm" : "InstanceNorm";
}
} // namespace detail

template <size_t D, typename Derived, typename Options>
void NormImplBase<D, Derived, Options>::reset() {
  TG_CHECK(options.num_features() > 0, detail::norm_name<Options>(), D, "d: num_features must be positive, got ",
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

template <size_t D, typename Derived, typename Options>
void NormImplBase<D, Derived, Options>::reset_running_stats() {
  if (!options.track_running_stats()) return;
  NoGradGuard no_grad;
  running_mean.zero_();
  running_var.fill_(1);
  num_batches_tracked.zero_();
}

template <size_t D, typename Derived, typename Options>
void NormImplBase<D, Derived, Options>::reset_parameters() {
  reset_running_stats();
  if (options.affine()) {
    init::ones_(weight);
    init::zeros_(bias);
  }
}

/// Batch normalisation over [N, C] or [N, C, L] input; same as torch::nn::BatchNorm1d.
class BatchNorm1dImpl : public BatchNormImplBase<1, BatchNorm1dImpl> {
public:
  /// A layer for `num_features` channels with the default options.
  explicit BatchNorm1dImpl(int64_t num_features) : BatchNorm1dImpl(BatchNormOptions(num_features)) {}
  /// A layer as described by the options; throws tg::Error if num_features <= 0.
  explicit BatchNorm1dImpl(const BatchNormOptions& options_);

protected:
  /// Throws tg::Error unless `input` is 2-D or 3-D.
  void _check_input_dim(const Tensor& input) override;
};
/// The holder of BatchNorm1dImpl (TORCH_MODULE(BatchNorm1d)); copies share one module.
TG_MODULE(BatchNorm1d);

/// Batch normalisation over [N, C, H, W] input; same as torch::nn::BatchNorm2d.
class BatchNorm2dImpl : public BatchNormImplBase<2, BatchNorm2dImpl> {
public:
  /// A layer for `num_features` channels with the default options.
  explicit BatchNorm2dImpl(int64_t num_features) : BatchNorm2dImpl(BatchNormOptions(num_features)) {}
  /// A layer as described by the options; throws tg::Error if num_features <= 0.
  explicit BatchNorm2dImpl(const BatchNormOptions& options_);

protected:
  /// Throws tg::Error unless `input` is 4-D.
  void _check_input_dim(const Tensor& input) override;
};
/// The holder of BatchNorm2dImpl (TORCH_MODULE(BatchNorm2d)); copies share one module.
TG_MODULE(BatchNorm2d);

/// Batch normalisation over [N, C, D, H, W] input; same as torch::nn::BatchNorm3d.
class BatchNorm3dImpl : public BatchNormImplBase<3, BatchNorm3dImpl> {
public:
  /// A layer for `num_features` channels with the default options.
  explicit BatchNorm3dImpl(int64_t num_features) : BatchNorm3dImpl(BatchNormOptions(num_features)) {}
  /// A layer as described by the options; throws tg::Error if num_features <= 0.
  explicit BatchNorm3dImpl(const BatchNormOptions& options_);

protected:
  /// Throws tg::Error unless `input` is 5-D.
  void _check_input_dim(const Tensor& input) override;
};
/// The holder of BatchNorm3dImpl (TORCH_MODULE(BatchNorm3d)); copies share one module.
TG_MODULE(BatchNorm3d);

extern template class NormImplBase<1, BatchNorm1dImpl, BatchNormOptions>;
extern template class NormImplBase<2, BatchNorm2dImpl, BatchNormOptions>;
extern template class NormImplBase<3, BatchNorm3dImpl, BatchNormOptions>;
extern template class BatchNormImplBase<1, BatchNorm1dImpl>;
extern template class BatchNormImplBase<2, BatchNorm2dImpl>;
extern template class BatchNormImplBase<3, BatchNorm3dImpl>;

} // namespace tg::nn
