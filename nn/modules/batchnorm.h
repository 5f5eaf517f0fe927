#pragma once
// BatchNorm1d ([N, C] or [N, C, L]) and BatchNorm2d ([N, C, H, W]). Parameters weight (ones) and
// bias (zeros) when affine; buffers running_mean (zeros), running_var (ones) and
// num_batches_tracked (int64 0) when track_running_stats. Training normalises with the batch
// statistics (biased variance) and updates the running ones (unbiased variance); eval normalises
// with the running ones.
#include "nn/options/batchnorm.h"
#include "nn/pimpl.h"

namespace tg::nn {

/// What BatchNorm1d and BatchNorm2d share (LibTorch's BatchNormImplBase): parameters, buffers,
/// forward; D is the number of spatial dimensions, Derived checks the input's rank.
template <size_t D, typename Derived> class BatchNormImplBase : public Cloneable<Derived> {
public:
  /// Stores the options; the derived class's constructor calls reset().
  explicit BatchNormImplBase(const BatchNormOptions& options_) : options(options_) {}

  /// Registers weight and bias (undefined unless affine) and the three buffers (undefined
  /// unless track_running_stats), then initialises them. Throws tg::Error if num_features <= 0.
  void reset() override;
  /// Sets running_mean to 0, running_var to 1 and num_batches_tracked to 0 (no-op without
  /// track_running_stats).
  void reset_running_stats();
  /// reset_running_stats(), then weight to 1 and bias to 0 (when affine).
  void reset_parameters();
  /// "tg::nn::BatchNorm2d(3, eps=1e-05, momentum=0.1, affine=true, track_running_stats=true)"
  void pretty_print(std::ostream& stream) const override;
  /// Normalises each channel (dim 1) of `input`. In training mode (or without
  /// track_running_stats) it uses the batch's mean and biased variance and, when tracking,
  /// updates the running statistics with `momentum` (a cumulative average if momentum is
  /// nullopt); in eval mode it uses the running statistics. Throws tg::Error on the wrong rank
  /// or a channel count other than num_features, leaving the module unchanged.
  Tensor forward(const Tensor& input);

  /// The options the module was built with.
  BatchNormOptions options;
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

extern template class BatchNormImplBase<1, BatchNorm1dImpl>;
extern template class BatchNormImplBase<2, BatchNorm2dImpl>;

} // namespace tg::nn
