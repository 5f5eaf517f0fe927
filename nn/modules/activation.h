#pragma once
// ReLU, LeakyReLU, ELU, GELU, SiLU, Mish, Softplus, Hardtanh, Sigmoid, Tanh, Softmax, LogSoftmax,
// PReLU, RReLU, CELU, SELU, GLU, Hardswish, Hardsigmoid, Softsign, Tanhshrink, Threshold,
// LogSigmoid, Softmin, Softmax2d, Hardshrink, Softshrink, ReLU6 as modules.
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

/// x for x > 0, a·x otherwise with learned slopes a; same as torch::nn::PReLU.
class PReLUImpl : public Cloneable<PReLUImpl> {
public:
  /// num_parameters slopes (1 by default, or the input's channel count), all set to init (0.25).
  explicit PReLUImpl(const PReLUOptions& options_ = {});
  /// Registers `weight` [num_parameters] filled with options.init().
  void reset() override;
  /// "tg::nn::PReLU(num_parameters=1)"
  void pretty_print(std::ostream& stream) const override;
  /// prelu(input, weight): the slopes line up with dim 1 of the input.
  Tensor forward(const Tensor& input);

  /// The options the module was built with.
  PReLUOptions options;
  /// The learned slopes, [num_parameters].
  Tensor weight;
};
/// The holder of PReLUImpl (TORCH_MODULE(PReLU)); copies share one module.
TG_MODULE(PReLU);

/// Randomized leaky relu; same as torch::nn::RReLU: random slopes in training, their mean in eval.
class RReLUImpl : public Cloneable<RReLUImpl> {
public:
  /// An RReLU; lower 1/8 and upper 1/3 by default.
  explicit RReLUImpl(const RReLUOptions& options_ = {}) : options(options_) {}
  void reset() override {}
  /// "tg::nn::RReLU(lower=0.125, upper=0.333333)", ", inplace=true" when set
  void pretty_print(std::ostream& stream) const override;
  /// rrelu(input) with training = is_training(); with inplace=true overwrites `input`.
  Tensor forward(Tensor input);

  /// The options the module was built with.
  RReLUOptions options;
};
/// The holder of RReLUImpl (TORCH_MODULE(RReLU)); copies share one module.
TG_MODULE(RReLU);

/// max(0, x) + min(0, alpha·(exp(x/alpha) - 1)); same as torch::nn::CELU.
class CELUImpl : public Cloneable<CELUImpl> {
public:
  /// A CELU; alpha defaults to 1.
  explicit CELUImpl(const CELUOptions& options_ = {}) : options(options_) {}
  void reset() override {}
  /// "tg::nn::CELU(alpha=1)", ", inplace=true" when set
  void pretty_print(std::ostream& stream) const override;
  /// celu(input), same shape; with inplace=true overwrites `input`.
  Tensor forward(Tensor input);

  /// The options the module was built with.
  CELUOptions options;
};
/// The holder of CELUImpl (TORCH_MODULE(CELU)); copies share one module.
TG_MODULE(CELU);

/// Self-normalising ELU, scale·elu(x, alpha); same as torch::nn::SELU.
class SELUImpl : public Cloneable<SELUImpl> {
public:
  /// A SELU; `SELU(true)` works in place.
  explicit SELUImpl(const SELUOptions& options_ = {}) : options(options_) {}
  void reset() override {}
  /// "tg::nn::SELU()" or "tg::nn::SELU(inplace=true)"
  void pretty_print(std::ostream& stream) const override;
  /// selu(input), same shape; with inplace=true overwrites `input`.
  Tensor forward(Tensor input);

  /// The options the module was built with.
  SELUOptions options;
};
/// The holder of SELUImpl (TORCH_MODULE(SELU)); copies share one module.
TG_MODULE(SELU);

/// Gated linear unit a·σ(b) over the halves a, b of dim; same as torch::nn::GLU.
class GLUImpl : public Cloneable<GLUImpl> {
public:
  /// A GLU over dim -1 by default; `GLU(0)` halves dim 0.
  explicit GLUImpl(const GLUOptions& options_ = {}) : options(options_) {}
  void reset() override {}
  /// "tg::nn::GLU(dim=-1)"
  void pretty_print(std::ostream& stream) const override;
  /// glu(input, dim): the size of dim is halved; an odd size throws tg::Error.
  Tensor forward(const Tensor& input);

  /// The options the module was built with.
  GLUOptions options;
};
/// The holder of GLUImpl (TORCH_MODULE(GLU)); copies share one module.
TG_MODULE(GLU);

/// x·relu6(x + 3)/6; same as torch.nn.Hardswish (not in LibTorch 1.13's C++ API).
class HardswishImpl : public Cloneable<HardswishImpl> {
public:
  void reset() override {}
  /// "tg::nn::Hardswish()"
  void pretty_print(std::ostream& stream) const override;
  /// hardswish(input), same shape.
  Tensor forward(const Tensor& input);
};
/// The holder of HardswishImpl (TORCH_MODULE(Hardswish)); copies share one module.
TG_MODULE(Hardswish);

/// relu6(x + 3)/6; same as torch.nn.Hardsigmoid (not in LibTorch 1.13's C++ API).
class HardsigmoidImpl : public Cloneable<HardsigmoidImpl> {
public:
  void reset() override {}
  /// "tg::nn::Hardsigmoid()"
  void pretty_print(std::ostream& stream) const override;
  /// hardsigmoid(input), same shape.
  Tensor forward(const Tensor& input);
};
/// The holder of HardsigmoidImpl (TORCH_MODULE(Hardsigmoid)); copies share one module.
TG_MODULE(Hardsigmoid);

/// x / (1 + |x|); same as torch::nn::Softsign.
class SoftsignImpl : public Cloneable<SoftsignImpl> {
public:
  void reset() override {}
  /// "tg::nn::Softsign()"
  void pretty_print(std::ostream& stream) const override;
  /// softsign(input), same shape.
  Tensor forward(const Tensor& input);
};
/// The holder of SoftsignImpl (TORCH_MODULE(Softsign)); copies share one module.
TG_MODULE(Softsign);

/// x - tanh(x); same as torch::nn::Tanhshrink.
class TanhshrinkImpl : public Cloneable<TanhshrinkImpl> {
public:
  void reset() override {}
  /// "tg::nn::Tanhshrink()"
  void pretty_print(std::ostream& stream) const override;
  /// tanhshrink(input), same shape.
  Tensor forward(const Tensor& input);
};
/// The holder of TanhshrinkImpl (TORCH_MODULE(Tanhshrink)); copies share one module.
TG_MODULE(Tanhshrink);

/// x where x > threshold, else value; same as torch::nn::Threshold.
class ThresholdImpl : public Cloneable<ThresholdImpl> {
public:
  /// A Threshold; `Threshold(0.1, 20)` as in LibTorch.
  ThresholdImpl(double threshold, double value)
      : ThresholdImpl(ThresholdOptions(threshold, value)) {}
  /// Same as above, from options.
  explicit ThresholdImpl(const ThresholdOptions& options_) : options(options_) {}
  void reset() override {}
  /// "tg::nn::Threshold(threshold=0.1, value=20)", ", inplace=true" when set
  void pretty_print(std::ostream& stream) const override;
  /// threshold(input), same shape; with inplace=true overwrites `input`.
  Tensor forward(Tensor input);

  /// The options the module was built with.
  ThresholdOptions options;
};
/// The holder of ThresholdImpl (TORCH_MODULE(Threshold)); copies share one module.
TG_MODULE(Threshold);

/// log(σ(x)), stable for large |x|; same as torch::nn::LogSigmoid.
class LogSigmoidImpl : public Cloneable<LogSigmoidImpl> {
public:
  void reset() override {}
  /// "tg::nn::LogSigmoid()"
  void pretty_print(std::ostream& stream) const override;
  /// logsigmoid(input), same shape.
  Tensor forward(const Tensor& input);
};
/// The holder of LogSigmoidImpl (TORCH_MODULE(LogSigmoid)); copies share one module.
TG_MODULE(LogSigmoid);

/// softmax(-x) along one dim; same as torch::nn::Softmin.
class SoftminImpl : public Cloneable<SoftminImpl> {
public:
  /// A softmin over dimension `dim` (negative counts from the end).
  explicit SoftminImpl(int64_t dim) : SoftminImpl(SoftminOptions(dim)) {}
  /// Same as above, from options.
  explicit SoftminImpl(const SoftminOptions& options_) : options(options_) {}
  void reset() override {}
  /// "tg::nn::Softmin(dim=1)"
  void pretty_print(std::ostream& stream) const override;
  /// softmin(input, dim), same shape; throws tg::Error if dim is out of range.
  Tensor forward(const Tensor& input);

  /// The options the module was built with.
  SoftminOptions options;
};
/// The holder of SoftminImpl (TORCH_MODULE(Softmin)); copies share one module.
TG_MODULE(Softmin);

/// Softmax over the channels at every location of a [C, H, W] or [N, C, H, W] input; same as
/// torch::nn::Softmax2d.
class Softmax2dImpl : public Cloneable<Softmax2dImpl> {
public:
  void reset() override {}
  /// "tg::nn::Softmax2d()"
  void pretty_print(std::ostream& stream) const override;
  /// softmax(input, -3); any other rank throws tg::Error.
  Tensor forward(const Tensor& input);
};
/// The holder of Softmax2dImpl (TORCH_MODULE(Softmax2d)); copies share one module.
TG_MODULE(Softmax2d);

/// x where |x| > lambda, else 0; same as torch::nn::Hardshrink.
class HardshrinkImpl : public Cloneable<HardshrinkImpl> {
public:
  /// A Hardshrink, lambda 0.5 by default.
  explicit HardshrinkImpl(const HardshrinkOptions& options_ = {}) : options(options_) {}
  void reset() override {}
  /// "tg::nn::Hardshrink(0.5)"
  void pretty_print(std::ostream& stream) const override;
  /// hardshrink(input, lambda), same shape.
  Tensor forward(const Tensor& input);

  /// The options the module was built with.
  HardshrinkOptions options;
};
/// The holder of HardshrinkImpl (TORCH_MODULE(Hardshrink)); copies share one module.
TG_MODULE(Hardshrink);

/// x ∓ lambda outside [-lambda, lambda], 0 inside; same as torch::nn::Softshrink.
class SoftshrinkImpl : public Cloneable<SoftshrinkImpl> {
public:
  /// A Softshrink, lambda 0.5 by default.
  explicit SoftshrinkImpl(const SoftshrinkOptions& options_ = {}) : options(options_) {}
  void reset() override {}
  /// "tg::nn::Softshrink(0.5)"
  void pretty_print(std::ostream& stream) const override;
  /// softshrink(input, lambda), same shape; a negative lambda throws tg::Error.
  Tensor forward(const Tensor& input);

  /// The options the module was built with.
  SoftshrinkOptions options;
};
/// The holder of SoftshrinkImpl (TORCH_MODULE(Softshrink)); copies share one module.
TG_MODULE(Softshrink);

/// min(max(0, x), 6); same as torch::nn::ReLU6.
class ReLU6Impl : public Cloneable<ReLU6Impl> {
public:
  /// A ReLU6; `ReLU6(true)` works in place.
  explicit ReLU6Impl(const ReLU6Options& options_ = {}) : options(options_) {}
  void reset() override {}
  /// "tg::nn::ReLU6()" or "tg::nn::ReLU6(inplace=true)"
  void pretty_print(std::ostream& stream) const override;
  /// relu6(input), same shape; with inplace=true overwrites `input`.
  Tensor forward(Tensor input);

  /// The options the module was built with.
  ReLU6Options options;
};
/// The holder of ReLU6Impl (TORCH_MODULE(ReLU6)); copies share one module.
TG_MODULE(ReLU6);

} // namespace tg::nn
