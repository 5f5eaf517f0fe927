#pragma once
// F::relu, F::leaky_relu, F::softmax, F::log_softmax (torch/nn/functional/activation.h). There is no
// F::sigmoid or F::tanh in LibTorch: use tg::sigmoid and tg::tanh.
#include "autograd/tensor.h"
#include "nn/options/activation.h"

namespace tg::nn::functional {

Tensor relu(Tensor input, const ReLUFuncOptions& options = {});
Tensor leaky_relu(Tensor input, const LeakyReLUFuncOptions& options = {});
Tensor softmax(const Tensor& input, const SoftmaxFuncOptions& options);
Tensor log_softmax(const Tensor& input, const LogSoftmaxFuncOptions& options);

} // namespace tg::nn::functional
