#pragma once
// LayerNorm: normalises each sample over its trailing normalized_shape dims; unlike BatchNorm it
// keeps no running statistics, so train and eval behave the same.
//   LayerNorm ln(LayerNormOptions({512}).eps(1e-6));
#include "nn/options/normalization.h"
#include "nn/pimpl.h"

namespace tg::nn {

/// With elementwise_affine: weight (ones) and bias (zeros) of normalized_shape; without, no
/// parameters at all, as LibTorch does.
class LayerNormImpl : public Cloneable<LayerNormImpl> {
public:
  LayerNormImpl(std::vector<int64_t> normalized_shape) // NOLINT: implicit, as in LibTorch
      : LayerNormImpl(LayerNormOptions(std::move(normalized_shape))) {}
  explicit LayerNormImpl(LayerNormOptions options_);

  void reset() override;
  void reset_parameters();
  /// "tg::nn::LayerNorm([4], eps=1e-05, elementwise_affine=true)"
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(const Tensor& input);

  LayerNormOptions options;
  Tensor weight;
  Tensor bias;
};
TG_MODULE(LayerNorm);

} // namespace tg::nn
