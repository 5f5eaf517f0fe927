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

} // namespace tg::nn
