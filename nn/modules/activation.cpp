#include "nn/modules/activation.h"

#include <ostream>

#include "autograd/functions.h"
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
