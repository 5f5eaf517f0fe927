#pragma once
// BatchNorm1d ([N, C] or [N, C, L]) and BatchNorm2d ([N, C, H, W]). Parameters weight (ones) and
// bias (zeros) when affine; buffers running_mean (zeros), running_var (ones) and
// num_batches_tracked (int64 0) when track_running_stats. Training normalises with the batch
// statistics (biased variance) and updates the running ones (unbiased variance); eval normalises
// with the running ones.
#include "nn/options/batchnorm.h"
#include "nn/pimpl.h"

namespace tg::nn {

template <size_t D, typename Derived> class BatchNormImplBase : public Cloneable<Derived> {
public:
  explicit BatchNormImplBase(const BatchNormOptions& options_) : options(options_) {}

  void reset() override;
  void reset_running_stats();
  void reset_parameters();
  /// "tg::nn::BatchNorm2d(3, eps=1e-05, momentum=0.1, affine=true, track_running_stats=true)"
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(const Tensor& input);

  BatchNormOptions options;
  Tensor weight;
  Tensor bias;
  Tensor running_mean;
  Tensor running_var;
  Tensor num_batches_tracked;

protected:
  virtual void _check_input_dim(const Tensor& input) = 0;
};

class BatchNorm1dImpl : public BatchNormImplBase<1, BatchNorm1dImpl> {
public:
  explicit BatchNorm1dImpl(int64_t num_features) : BatchNorm1dImpl(BatchNormOptions(num_features)) {}
  explicit BatchNorm1dImpl(const BatchNormOptions& options_);

protected:
  void _check_input_dim(const Tensor& input) override;
};
TG_MODULE(BatchNorm1d);

class BatchNorm2dImpl : public BatchNormImplBase<2, BatchNorm2dImpl> {
public:
  explicit BatchNorm2dImpl(int64_t num_features) : BatchNorm2dImpl(BatchNormOptions(num_features)) {}
  explicit BatchNorm2dImpl(const BatchNormOptions& options_);

protected:
  void _check_input_dim(const Tensor& input) override;
};
TG_MODULE(BatchNorm2d);

extern template class BatchNormImplBase<1, BatchNorm1dImpl>;
extern template class BatchNormImplBase<2, BatchNorm2dImpl>;

} // namespace tg::nn
