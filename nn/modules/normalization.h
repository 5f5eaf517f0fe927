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
  /// Normalises over the trailing dims `normalized_shape`, with eps 1e-5 and affine parameters.
  LayerNormImpl(std::vector<int64_t> normalized_shape) // NOLINT: implicit, as in LibTorch
      : LayerNormImpl(LayerNormOptions(std::move(normalized_shape))) {}
  /// A layer as described by the options; throws tg::Error if normalized_shape is empty or
  /// holds a negative size.
  explicit LayerNormImpl(LayerNormOptions options_);

  void reset() override;
  /// Sets weight to 1 and bias to 0 (no-op without elementwise_affine).
  void reset_parameters();
  /// "tg::nn::LayerNorm([4], eps=1e-05, elementwise_affine=true)"
  void pretty_print(std::ostream& stream) const override;
  /// (input - mean) / sqrt(var + eps) over the trailing normalized_shape dims (biased variance),
  /// then · weight + bias when affine. Same shape as `input`; throws tg::Error if its trailing
  /// dims are not normalized_shape.
  Tensor forward(const Tensor& input);

  /// The options the module was built with.
  LayerNormOptions options;
  /// Scale of shape normalized_shape; undefined (and not registered) without
  /// elementwise_affine.
  Tensor weight;
  /// Shift of shape normalized_shape; undefined (and not registered) without
  /// elementwise_affine.
  Tensor bias;
};
/// The holder of LayerNormImpl (TORCH_MODULE(LayerNorm)); copies share one module.
TG_MODULE(LayerNorm);

} // namespace tg::nn
