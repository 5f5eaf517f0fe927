#pragma once
// F::relu, F::leaky_relu, F::elu, F::gelu, F::silu, F::softplus, F::mish, F::hardtanh, F::softmax,
// F::log_softmax (torch/nn/functional/activation.h). There is no F::sigmoid or F::tanh in
// LibTorch: use tg::sigmoid and tg::tanh. The inplace options overwrite the input (a leaf that
// requires grad refuses, as in LibTorch).
#include "autograd/tensor/tensor.h"
#include "nn/options/activation.h"

namespace tg::nn::functional {

/// max(0, x) element-wise, any shape; same as torch::nn::functional::relu. F::relu(x, true)
/// overwrites `input` and returns it.
Tensor relu(Tensor input, const ReLUFuncOptions& options = {});
/// x for x >= 0, negative_slope·x otherwise (slope 0.01 by default); same as
/// torch::nn::functional::leaky_relu. With inplace the result is written into `input`.
Tensor leaky_relu(Tensor input, const LeakyReLUFuncOptions& options = {});
/// x for x > 0, alpha·(exp(x) - 1) otherwise (alpha 1 by default); same as
/// torch::nn::functional::elu. With inplace the result is written into `input`.
Tensor elu(Tensor input, const ELUFuncOptions& options = {});
/// x·Φ(x) with Φ the standard normal CDF (approximate "none", the default) or its tanh
/// approximation ("tanh"); same as torch::nn::functional::gelu. Any other string throws tg::Error.
Tensor gelu(const Tensor& input, const GELUFuncOptions& options = {});
/// x·σ(x) (a.k.a. swish) element-wise; same as torch::nn::functional::silu.
Tensor silu(const Tensor& input);
/// x·tanh(softplus(x)) element-wise; same as torch::nn::functional::mish.
Tensor mish(const Tensor& input);
/// log(1 + exp(beta·x)) / beta, and x itself where beta·x > threshold (so exp never
/// overflows); same as torch::nn::functional::softplus.
Tensor softplus(const Tensor& input, const SoftplusFuncOptions& options = {});
/// x clamped to [min_val, max_val] ([-1, 1] by default); the gradient is 1 strictly inside and 0
/// elsewhere. Same as torch::nn::functional::hardtanh; with inplace it writes into `input`.
Tensor hardtanh(Tensor input, const HardtanhFuncOptions& options = {});
/// exp(x) / Σ exp(x) along options.dim(), so each slice sums to 1; F::softmax(x, 1) works as
/// in LibTorch. Computes in options.dtype() if set (the input is cast to it first), else in the
/// input's dtype (integers in the default float dtype). Throws tg::Error for a dim out of range
/// or a non-floating options.dtype().
Tensor softmax(const Tensor& input, const SoftmaxFuncOptions& options);
/// log(softmax(x)) along options.dim(), computed as x - logsumexp(x) so it stays finite where
/// softmax underflows to 0; feed it to F::nll_loss. Same dtype and error rules as F::softmax.
Tensor log_softmax(const Tensor& input, const LogSoftmaxFuncOptions& options);

} // namespace tg::nn::functional
