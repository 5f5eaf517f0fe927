#pragma once
// F::relu, F::leaky_relu, F::elu, F::gelu, F::silu, F::softplus, F::mish, F::hardtanh, F::softmax,
// F::log_softmax (torch/nn/functional/activation.h). There is no F::sigmoid or F::tanh in
// LibTorch: use tg::sigmoid and tg::tanh. The inplace options overwrite the input (a leaf that
// requires grad refuses, as in LibTorch).
#include "autograd/tensor.h"
#include "nn/options/activation.h"

namespace tg::nn::functional {

Tensor relu(Tensor input, const ReLUFuncOptions& options = {});
Tensor leaky_relu(Tensor input, const LeakyReLUFuncOptions& options = {});
Tensor elu(Tensor input, const ELUFuncOptions& options = {});
Tensor gelu(const Tensor& input, const GELUFuncOptions& options = {});
Tensor silu(const Tensor& input);
Tensor mish(const Tensor& input);
Tensor softplus(const Tensor& input, const SoftplusFuncOptions& options = {});
Tensor hardtanh(Tensor input, const HardtanhFuncOptions& options = {});
Tensor softmax(const Tensor& input, const SoftmaxFuncOptions& options);
Tensor log_softmax(const Tensor& input, const LogSoftmaxFuncOptions& options);

} // namespace tg::nn::functional
