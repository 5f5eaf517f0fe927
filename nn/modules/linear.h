#pragma once
// Linear (y = x·Wᵀ + b), Flatten, Unflatten, Identity and Bilinear (y = x1ᵀ·W·x2 + b).
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

/// Splits one dim into several: [2, 12] -> [2, 3, 4] with Unflatten(1, {3, 4}); same as
/// torch::nn::Unflatten (the named-dims form of LibTorch is not supported: tg has no names).
class UnflattenImpl : public Cloneable<UnflattenImpl> {
public:
  /// `Unflatten(1, {3, 4})` as in LibTorch.
  UnflattenImpl(int64_t dim, std::vector<int64_t> sizes)
      : UnflattenImpl(UnflattenOptions(dim, std::move(sizes))) {}
  /// Same as above, from options.
  explicit UnflattenImpl(UnflattenOptions options_) : options(std::move(options_)) {}
  void reset() override {}
  /// "tg::nn::Unflatten(dim=1, unflattened_size={3, 4})"
  void pretty_print(std::ostream& stream) const override;
  /// input.unflatten(dim, sizes); sizes that do not multiply to the dim's size throw tg::Error.
  Tensor forward(const Tensor& input);

  /// The options the module was built with.
  UnflattenOptions options;
};
/// The holder of UnflattenImpl (TORCH_MODULE(Unflatten)); copies share one module.
TG_MODULE(Unflatten);

/// y_k = x1ᵀ·W_k·x2 + b_k with weight [out, in1, in2] and bias [out], both drawn from
/// U(-1/sqrt(in1_features), 1/sqrt(in1_features)) as LibTorch does; same as torch::nn::Bilinear.
class BilinearImpl : public Cloneable<BilinearImpl> {
public:
  /// With bias; same as BilinearImpl(BilinearOptions(in1, in2, out)).
  BilinearImpl(int64_t in1_features, int64_t in2_features, int64_t out_features)
      : BilinearImpl(BilinearOptions(in1_features, in2_features, out_features)) {}
  /// A layer as described by the options; throws tg::Error on negative sizes.
  explicit BilinearImpl(const BilinearOptions& options_);

  void reset() override;
  /// Re-draws weight and bias from U(-1/sqrt(in1_features), 1/sqrt(in1_features)).
  void reset_parameters();
  /// "tg::nn::Bilinear(in1_features=2, in2_features=3, out_features=4, bias=true)"
  void pretty_print(std::ostream& stream) const override;
  /// [*, in1_features] and [*, in2_features] -> [*, out_features]
  Tensor forward(const Tensor& input1, const Tensor& input2);

  /// The options the module was built with.
  BilinearOptions options;
  /// [out_features, in1_features, in2_features].
  Tensor weight;
  /// [out_features]; undefined when options.bias() is false.
  Tensor bias;
};
/// The holder of BilinearImpl (TORCH_MODULE(Bilinear)); copies share one module.
TG_MODULE(Bilinear);

} // namespace tg::nn
