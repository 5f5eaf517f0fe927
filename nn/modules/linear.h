#pragma once
// Linear (y = x·Wᵀ + b), Flatten and Identity.
#include "nn/options/linear.h"
#include "nn/pimpl.h"

namespace tg::nn {

/// Weight [out_features, in_features] and bias [out_features], both drawn from
/// U(-1/sqrt(in_features), 1/sqrt(in_features)), as LibTorch does.
class LinearImpl : public Cloneable<LinearImpl> {
public:
  /// With bias; same as LinearImpl(LinearOptions(in_features, out_features)).
  LinearImpl(int64_t in_features, int64_t out_features)
      : LinearImpl(LinearOptions(in_features, out_features)) {}
  /// A layer as described by the options; throws tg::Error on negative sizes.
  explicit LinearImpl(const LinearOptions& options_);

  void reset() override;
  /// Re-draws weight and bias from U(-1/sqrt(in_features), 1/sqrt(in_features)).
  void reset_parameters();
  /// "tg::nn::Linear(in_features=784, out_features=10, bias=true)"
  void pretty_print(std::ostream& stream) const override;
  /// [*, in_features] -> [*, out_features]
  Tensor forward(const Tensor& input);

  /// The options the module was built with.
  LinearOptions options;
  /// [out_features, in_features].
  Tensor weight;
  /// Undefined when options.bias() is false.
  Tensor bias;
};
/// The holder of LinearImpl (TORCH_MODULE(Linear)); copies share one module.
TG_MODULE(Linear);

/// Flattens dims start_dim..end_dim (by default all but the batch dim).
class FlattenImpl : public Cloneable<FlattenImpl> {
public:
  /// Flattens dims start_dim (1 by default) to end_dim (-1 by default).
  explicit FlattenImpl(const FlattenOptions& options_ = {});
  void reset() override {}
  void pretty_print(std::ostream& stream) const override;
  /// input.flatten(start_dim, end_dim): [2, 3, 4, 5] -> [2, 60] with the defaults. Throws
  /// tg::Error if a dim is out of range or start_dim comes after end_dim.
  Tensor forward(const Tensor& input);

  /// The options the module was built with.
  FlattenOptions options;
};
/// The holder of FlattenImpl (TORCH_MODULE(Flatten)); copies share one module.
TG_MODULE(Flatten);

/// Returns its input unchanged: a placeholder for a removed layer or an empty skip branch.
class IdentityImpl : public Cloneable<IdentityImpl> {
public:
  void reset() override {}
  /// "tg::nn::Identity()"
  void pretty_print(std::ostream& stream) const override;
  /// Returns `input` itself (the same tensor, not a copy).
  Tensor forward(const Tensor& input);
};
/// The holder of IdentityImpl (TORCH_MODULE(Identity)); copies share one module.
TG_MODULE(Identity);

} // namespace tg::nn
