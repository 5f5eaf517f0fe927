#pragma once
// ReLU, LeakyReLU, ELU, GELU, SiLU, Mish, Softplus, Hardtanh, Sigmoid, Tanh, Softmax, LogSoftmax
// as modules.
#include "nn/options/activation.h"
#include "nn/pimpl.h"

namespace tg::nn {

/// Applies max(0, x) element-wise; same as torch::nn::ReLU. Any shape.
class ReLUImpl : public Cloneable<ReLUImpl> {
public:
  /// A ReLU; `ReLU(true)` or `ReLU(ReLUOptions().inplace(true))` works in place.
  explicit ReLUImpl(const ReLUOptions& options_ = {}) : options(options_) {}
  void reset() override {}
  /// "tg::nn::ReLU()" or "tg::nn::ReLU(inplace=true)"
  void pretty_print(std::ostream& stream) const override;
  /// Returns relu(input), same shape; with inplace=true overwrites `input` and returns it.
  Tensor forward(Tensor input);

  /// The options the module was built with.
  ReLUOptions options;
};
/// The holder of ReLUImpl (TORCH_MODULE(ReLU)); copies share one module.
TG_MODULE(ReLU);

/// Applies x for x >= 0, negative_slope·x otherwise; same as torch::nn::LeakyReLU.
class LeakyReLUImpl : public Cloneable<LeakyReLUImpl> {
public:
  /// A LeakyReLU; negative_slope defaults to 0.01.
  explicit LeakyReLUImpl(const LeakyReLUOptions& options_ = {}) : options(options_) {}
  void reset() override {}
  void pretty_print(std::ostream& stream) const override;
  /// Returns leaky_relu(input), same shape; with inplace=true overwrites `input`.
  Tensor forward(Tensor input);

  /// The options the module was built with.
  LeakyReLUOptions options;
};
/// The holder of LeakyReLUImpl (TORCH_MODULE(LeakyReLU)); copies share one module.
TG_MODULE(LeakyReLU);

/// Applies x for x > 0, alpha·(exp(x) - 1) otherwise; same as torch::nn::ELU.
class ELUImpl : public Cloneable<ELUImpl> {
public:
  /// An ELU; alpha defaults to 1.
  explicit ELUImpl(const ELUOptions& options_ = {}) : options(options_) {}
  void reset() override {}
  /// "tg::nn::ELU(alpha=1)", ", inplace=true" when set
  void pretty_print(std::ostream& stream) const override;
  /// Returns elu(input), same shape; with inplace=true overwrites `input`.
  Tensor forward(Tensor input);

  /// The options the module was built with.
  ELUOptions options;
};
/// The holder of ELUImpl (TORCH_MODULE(ELU)); copies share one module.
TG_MODULE(ELU);

/// Applies x·Φ(x) (Φ the standard normal CDF), exactly or by the tanh approximation; same
/// as torch::nn::GELU.
class GELUImpl : public Cloneable<GELUImpl> {
public:
  /// A GELU. Throws tg::Error unless approximate is "none" (the default) or "tanh".
  explicit GELUImpl(GELUOptions options_ = {});
  void reset() override;
  /// "tg::nn::GELU()" whatever the approximation, as LibTorch prints it
  void pretty_print(std::ostream& stream) const override;
  /// Returns gelu(input), same shape.
  Tensor forward(const Tensor& input);

  /// The options the module was built with.
  GELUOptions options;
};
/// The holder of GELUImpl (TORCH_MODULE(GELU)); copies share one module.
TG_MODULE(GELU);

/// Applies x·sigmoid(x) element-wise; same as torch::nn::SiLU. Takes no options.
class SiLUImpl : public Cloneable<SiLUImpl> {
public:
  void reset() override {}
  void pretty_print(std::ostream& stream) const override;
  /// Returns silu(input), same shape.
  Tensor forward(const Tensor& input);
};
/// The holder of SiLUImpl (TORCH_MODULE(SiLU)); copies share one module.
TG_MODULE(SiLU);

/// Applies x·tanh(softplus(x)) element-wise; same as torch::nn::Mish. Takes no options.
class MishImpl : public Cloneable<MishImpl> {
public:
  void reset() override {}
  void pretty_print(std::ostream& stream) const override;
  /// Returns mish(input), same shape.
  Tensor forward(const Tensor& input);
};
/// The holder of MishImpl (TORCH_MODULE(Mish)); copies share one module.
TG_MODULE(Mish);

/// Applies log(1 + exp(beta·x)) / beta, and x itself where beta·x > threshold; same as
/// torch::nn::Softplus.
class SoftplusImpl : public Cloneable<SoftplusImpl> {
public:
  /// A Softplus; beta defaults to 1, threshold to 20.
  explicit SoftplusImpl(const SoftplusOptions& options_ = {}) : options(options_) {}
  void reset() override {}
  /// "tg::nn::Softplus(beta=1, threshold=20)"
  void pretty_print(std::ostream& stream) const override;
  /// Returns softplus(input), same shape.
  Tensor forward(const Tensor& input);

  /// The options the module was built with.
  SoftplusOptions options;
};
/// The holder of SoftplusImpl (TORCH_MODULE(Softplus)); copies share one module.
TG_MODULE(Softplus);

/// Clamps each element to [min_val, max_val]; same as torch::nn::Hardtanh.
class HardtanhImpl : public Cloneable<HardtanhImpl> {
public:
  /// A Hardtanh, [-1, 1] by default. Throws tg::Error unless max_val > min_val.
  explicit HardtanhImpl(const HardtanhOptions& options_ = {});
  void reset() override;
  /// "tg::nn::Hardtanh(min_val=-1, max_val=1)", ", inplace=true" when set
  void pretty_print(std::ostream& stream) const override;
  /// Returns input clamped to [min_val, max_val]; with inplace=true overwrites `input`.
  Tensor forward(Tensor input);

  /// The options the module was built with.
  HardtanhOptions options;
};
/// The holder of HardtanhImpl (TORCH_MODULE(Hardtanh)); copies share one module.
TG_MODULE(Hardtanh);

/// Applies 1 / (1 + exp(-x)) element-wise; same as torch::nn::Sigmoid.
class SigmoidImpl : public Cloneable<SigmoidImpl> {
public:
  void reset() override {}
  void pretty_print(std::ostream& stream) const override;
  /// Returns sigmoid(input), same shape.
  Tensor forward(const Tensor& input);
};
/// The holder of SigmoidImpl (TORCH_MODULE(Sigmoid)); copies share one module.
TG_MODULE(Sigmoid);

/// Applies tanh element-wise; same as torch::nn::Tanh.
class TanhImpl : public Cloneable<TanhImpl> {
public:
  void reset() override {}
  void pretty_print(std::ostream& stream) const override;
  /// Returns tanh(input), same shape.
  Tensor forward(const Tensor& input);
};
/// The holder of TanhImpl (TORCH_MODULE(Tanh)); copies share one module.
TG_MODULE(Tanh);

/// Softmax along one dimension (the entries along `dim` sum to 1); same as
/// torch::nn::Softmax.
class SoftmaxImpl : public Cloneable<SoftmaxImpl> {
public:
  /// A softmax over dimension `dim` (negative counts from the end).
  explicit SoftmaxImpl(int64_t dim) : SoftmaxImpl(SoftmaxOptions(dim)) {}
  /// Same as above, from options.
  explicit SoftmaxImpl(const SoftmaxOptions& options_) : options(options_) {}
  void reset() override {}
  void pretty_print(std::ostream& stream) const override;
  /// Returns softmax(input, dim), same shape; throws tg::Error if dim is out of range.
  Tensor forward(const Tensor& input);

  /// The options the module was built with.
  SoftmaxOptions options;
};
/// The holder of SoftmaxImpl (TORCH_MODULE(Softmax)); copies share one module.
TG_MODULE(Softmax);

/// log(softmax(x)) along one dimension, computed stably (x - logsumexp(x)); same as
/// torch::nn::LogSoftmax. Pair it with NLLLoss.
class LogSoftmaxImpl : public Cloneable<LogSoftmaxImpl> {
public:
  /// A log-softmax over dimension `dim` (negative counts from the end).
  explicit LogSoftmaxImpl(int64_t dim) : LogSoftmaxImpl(LogSoftmaxOptions(dim)) {}
  /// Same as above, from options.
  explicit LogSoftmaxImpl(const LogSoftmaxOptions& options_) : options(options_) {}
  void reset() override {}
  void pretty_print(std::ostream& stream) const override;
  /// Returns log_softmax(input, dim), same shape; throws tg::Error if dim is out of range.
  Tensor forward(const Tensor& input);

  /// The options the module was built with.
  LogSoftmaxOptions options;
};
/// The holder of LogSoftmaxImpl (TORCH_MODULE(LogSoftmax)); copies share one module.
TG_MODULE(LogSoftmax);

} // namespace tg::nn
