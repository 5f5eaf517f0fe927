#include "nn/modules/activation.h"

#include <ostream>

#include "autograd/ops/functions.h"
#include "nn/functional/activation.h"

namespace tg::nn {

void ReLUImpl::pretty_print(std::ostream& stream) const {
  stream << "tg::nn::ReLU(";
  if (options.inplace()) stream << "inplace=true";
  stream << ")";
}
Tensor ReLUImpl::forward(Tensor input) { return functional::relu(std::move(input), options); }

void LeakyReLUImpl::pretty_print(std::ostream& stream) const {
  stream << "tg::nn::LeakyReLU(negative_slope=" << options.negative_slope();
  if (options.inplace()) stream << ", inplace=true";
  stream << ")";
}
Tensor LeakyReLUImpl::forward(Tensor input) {
  return functional::leaky_relu(std::move(input), options);
}

void ELUImpl::pretty_print(std::ostream& stream) const {
  stream << "tg::nn::ELU(alpha=" << options.alpha();
  if (options.inplace()) stream << ", inplace=true";
  stream << ")";
}
Tensor ELUImpl::forward(Tensor input) { return functional::elu(std::move(input), options); }

GELUImpl::GELUImpl(GELUOptions options_) : options(std::move(options_)) { reset(); }
void GELUImpl::reset() {
  TG_CHECK(options.approximate() == "none" || options.approximate() == "tanh",
           "GELU: approximate must be \"none\" or \"tanh\", got \"", options.approximate(), "\"");
}
void GELUImpl::pretty_print(std::ostream& stream) const { stream << "tg::nn::GELU()"; }
Tensor GELUImpl::forward(const Tensor& input) { return functional::gelu(input, options); }

void SiLUImpl::pretty_print(std::ostream& stream) const { stream << "tg::nn::SiLU()"; }
Tensor SiLUImpl::forward(const Tensor& input) { return tg::silu(input); }

void MishImpl::pretty_print(std::ostream& stream) const { stream << "tg::nn::Mish()"; }
Tensor MishImpl::forward(const Tensor& input) { return tg::mish(input); }

void SoftplusImpl::pretty_print(std::ostream& stream) const {
  stream << "tg::nn::Softplus(beta=" << options.beta() << ", threshold=" << options.threshold()
         << ")";
}
Tensor SoftplusImpl::forward(const Tensor& input) { return functional::softplus(input, options); }

HardtanhImpl::HardtanhImpl(const HardtanhOptions& options_) : options(options_) { reset(); }
void HardtanhImpl::reset() {
  TG_CHECK(options.max_val() > options.min_val(), "Hardtanh: max_val must be greater than "
           "min_val, got min_val=", options.min_val(), " and max_val=", options.max_val());
}
void HardtanhImpl::pretty_print(std::ostream& stream) const {
  stream << "tg::nn::Hardtanh(min_val=" << options.min_val() << ", max_val=" << options.max_val();
  if (options.inplace()) stream << ", inplace=true";
  stream << ")";
}
Tensor HardtanhImpl::forward(Tensor input) {
  return functional::hardtanh(std::move(input), options);
}

void SigmoidImpl::pretty_print(std::ostream& stream) const { stream << "tg::nn::Sigmoid()"; }
Tensor SigmoidImpl::forward(const Tensor& input) { return tg::sigmoid(input); }

void TanhImpl::pretty_print(std::ostream& stream) const { stream << "tg::nn::Tanh()"; }
Tensor TanhImpl::forward(const Tensor& input) { return tg::tanh(input); }

void SoftmaxImpl::pretty_print(std::ostream& stream) const {
  stream << "tg::nn::Softmax(dim=" << options.dim() << ")";
}
Tensor SoftmaxImpl::forward(const Tensor& input) { return tg::softmax(input, options.dim()); }

void LogSoftmaxImpl::pretty_print(std::ostream& stream) const {
  stream << "tg::nn::LogSoftmax(dim=" << options.dim() << ")";
}
Tensor LogSoftmaxImpl::forward(const Tensor& input) {
  return tg::log_softmax(input, options.dim());
}

PReLUImpl::PReLUImpl(const PReLUOptions& options_) : options(options_) { reset(); }
void PReLUImpl::reset() {
  TG_CHECK(options.num_parameters() > 0, "PReLU: num_parameters must be positive, got ",
           options.num_parameters());
  weight = register_parameter("weight", tg::full({options.num_parameters()}, options.init()));
}
void PReLUImpl::pretty_print(std::ostream& stream) const {
  stream << "tg::nn::PReLU(num_parameters=" << options.num_parameters() << ")";
}
Tensor PReLUImpl::forward(const Tensor& input) { return functional::prelu(input, weight); }

void RReLUImpl::pretty_print(std::ostream& stream) const {
  stream << "tg::nn::RReLU(lower=" << options.lower() << ", upper=" << options.upper();
  if (options.inplace()) stream << ", inplace=true";
  stream << ")";
}
Tensor RReLUImpl::forward(Tensor input) {
  return functional::rrelu(std::move(input), functional::RReLUFuncOptions()
                                                 .lower(options.lower())
                                                 .upper(options.upper())
                                                 .training(is_training())
                                                 .inplace(options.inplace()));
}

void CELUImpl::pretty_print(std::ostream& stream) const {
  stream << "tg::nn::CELU(alpha=" << options.alpha();
  if (options.inplace()) stream << ", inplace=true";
  stream << ")";
}
Tensor CELUImpl::forward(Tensor input) { return functional::celu(std::move(input), options); }

void SELUImpl::pretty_print(std::ostream& stream) const {
  stream << "tg::nn::SELU(";
  if (options.inplace()) stream << "inplace=true";
  stream << ")";
}
Tensor SELUImpl::forward(Tensor input) { return functional::selu(std::move(input), options); }

void GLUImpl::pretty_print(std::ostream& stream) const {
  stream << "tg::nn::GLU(dim=" << options.dim() << ")";
}
Tensor GLUImpl::forward(const Tensor& input) { return functional::glu(input, options); }

void HardswishImpl::pretty_print(std::ostream& stream) const { stream << "tg::nn::Hardswish()"; }
Tensor HardswishImpl::forward(const Tensor& input) { return tg::hardswish(input); }

void HardsigmoidImpl::pretty_print(std::ostream& stream) const {
  stream << "tg::nn::Hardsigmoid()";
}
Tensor HardsigmoidImpl::forward(const Tensor& input) { return tg::hardsigmoid(input); }

void SoftsignImpl::pretty_print(std::ostream& stream) const { stream << "tg::nn::Softsign()"; }
Tensor SoftsignImpl::forward(const Tensor& input) { return functional::softsign(input); }

void TanhshrinkImpl::pretty_print(std::ostream& stream) const { stream << "tg::nn::Tanhshrink()"; }
Tensor TanhshrinkImpl::forward(const Tensor& input) { return functional::tanhshrink(input); }

void ThresholdImpl::pretty_print(std::ostream& stream) const {
  stream << "tg::nn::Threshold(threshold=" << options.threshold() << ", value=" << options.value();
  if (options.inplace()) stream << ", inplace=true";
  stream << ")";
}
Tensor ThresholdImpl::forward(Tensor input) {
  return functional::threshold(std::move(input), options);
}

void LogSigmoidImpl::pretty_print(std::ostream& stream) const { stream << "tg::nn::LogSigmoid()"; }
Tensor LogSigmoidImpl::forward(const Tensor& input) { return functional::logsigmoid(input); }

void SoftminImpl::pretty_print(std::ostream& stream) const {
  stream << "tg::nn::Softmin(dim=" << options.dim() << ")";
}
Tensor SoftminImpl::forward(const Tensor& input) {
  return functional::softmin(input, options.dim());
}

void Softmax2dImpl::pretty_print(std::ostream& stream) const { stream << "tg::nn::Softmax2d()"; }
Tensor Softmax2dImpl::forward(const Tensor& input) {
  TG_CHECK(input.dim() == 3 || input.dim() == 4, "Softmax2d: expected input to be 3D or 4D, got ",
           input.dim(), "D instead (shape ", input.sizes(), ")");
  return tg::softmax(input, -3);
}

void HardshrinkImpl::pretty_print(std::ostream& stream) const {
  stream << "tg::nn::Hardshrink(" << options.lambda() << ")";
}
Tensor HardshrinkImpl::forward(const Tensor& input) {
  return functional::hardshrink(input, options);
}

void SoftshrinkImpl::pretty_print(std::ostream& stream) const {
  stream << "tg::nn::Softshrink(" << options.lambda() << ")";
}
Tensor SoftshrinkImpl::forward(const Tensor& input) {
  return functional::softshrink(input, options);
}

void ReLU6Impl::pretty_print(std::ostream& stream) const {
  stream << "tg::nn::ReLU6(";
  if (options.inplace()) stream << "inplace=true";
  stream << ")";
}
Tensor ReLU6Impl::forward(Tensor input) { return functional::relu6(std::move(input), options); }

} // namespace tg::nn
