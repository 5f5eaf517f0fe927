#pragma once
// Linear (y = x·Wᵀ + b), Flatten and Identity.
#include "nn/options/linear.h"
#include "nn/pimpl.h"

namespace tg::nn {

/// Weight [out_features, in_features] and bias [out_features], both drawn from
/// U(-1/sqrt(in_features), 1/sqrt(in_features)), as LibTorch does.
class LinearImpl : public Cloneable<LinearImpl> {
public:
  LinearImpl(int64_t in_features, int64_t out_features)
      : LinearImpl(LinearOptions(in_features, out_features)) {}
  explicit LinearImpl(const LinearOptions& options_);

  void reset() override;
  void reset_parameters();
  /// "tg::nn::Linear(in_features=784, out_features=10, bias=true)"
  void pretty_print(std::ostream& stream) const override;
  /// [*, in_features] -> [*, out_features]
  Tensor forward(const Tensor& input);

  LinearOptions options;
  Tensor weight;
  /// Undefined when options.bias() is false.
  Tensor bias;
};
TG_MODULE(Linear);

/// Flattens dims start_dim..end_dim (by default all but the batch dim).
class FlattenImpl : public Cloneable<FlattenImpl> {
public:
  explicit FlattenImpl(const FlattenOptions& options_ = {});
  void reset() override {}
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(const Tensor& input);

  FlattenOptions options;
};
TG_MODULE(Flatten);

/// Returns its input unchanged: a placeholder for a removed layer or an empty skip branch.
class IdentityImpl : public Cloneable<IdentityImpl> {
public:
  void reset() override {}
  /// "tg::nn::Identity()"
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(const Tensor& input);
};
TG_MODULE(Identity);

} // namespace tg::nn
