#pragma once
// F::relu, F::leaky_relu, F::elu, F::gelu, F::silu, F::softplus, F::mish, F::hardtanh, F::softmax,
// F::log_softmax, F::prelu, F::rrelu, F::celu, F::selu, F::glu, F::hardswish, F::hardsigmoid,
// F::softsign, F::tanhshrink, F::threshold, F::logsigmoid, F::softmin, F::hardshrink,
// F::softshrink, F::relu6 (torch/nn/functional/activation.h; hardswish and hardsigmoid as
// torch.nn.functional spells them, LibTorch 1.13 has only the at:: ops). There is no F::sigmoid or
// F::tanh in LibTorch: use tg::sigmoid and tg::tanh. The inplace options overwrite the input (a
// leaf that requires grad refuses, as in LibTorch).
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

/// x for x > 0, weight·x otherwise, weight [1] or [channels] lined up with dim 1; same as
/// torch::nn::functional::prelu. A weight of another size throws tg::Error naming both.
Tensor prelu(const Tensor& input, const Tensor& weight);
/// Randomized leaky relu: with training(true) each x <= 0 gets its own slope from
/// U(lower, upper); otherwise the mean slope (lower + upper)/2. Same as F::rrelu.
Tensor rrelu(Tensor input, const RReLUFuncOptions& options = {});
/// max(0, x) + min(0, alpha·(exp(x/alpha) - 1)); same as torch::nn::functional::celu.
Tensor celu(Tensor input, const CELUFuncOptions& options = {});
/// scale·elu(x, alpha) with LibTorch's constants (1.0507..., 1.6732...); same as F::selu.
Tensor selu(Tensor input, const SELUFuncOptions& options = {});
/// a·σ(b) for the halves of the input along options.dim(); same as F::glu. An odd size throws.
Tensor glu(const Tensor& input, const GLUFuncOptions& options = {});
/// x·relu6(x + 3)/6; same as torch.nn.functional.hardswish.
Tensor hardswish(const Tensor& input);
/// relu6(x + 3)/6; same as torch.nn.functional.hardsigmoid.
Tensor hardsigmoid(const Tensor& input);
/// x / (1 + |x|); same as torch::nn::functional::softsign.
Tensor softsign(const Tensor& input);
/// x - tanh(x); same as torch::nn::functional::tanhshrink.
Tensor tanhshrink(const Tensor& input);
/// x where x > threshold, else value; same as torch::nn::functional::threshold.
Tensor threshold(Tensor input, const ThresholdFuncOptions& options);
/// log(σ(x)), stable for large |x|; same as torch::nn::functional::logsigmoid.
Tensor logsigmoid(const Tensor& input);
/// softmax(-x) along options.dim(); same as torch::nn::functional::softmin.
Tensor softmin(const Tensor& input, const SoftminFuncOptions& options);
/// x where |x| > lambda, else 0; same as torch::nn::functional::hardshrink.
Tensor hardshrink(const Tensor& input, const HardshrinkFuncOptions& options = {});
/// x ∓ lambda outside [-lambda, lambda], 0 inside; same as torch::nn::functional::softshrink.
Tensor softshrink(const Tensor& input, const SoftshrinkFuncOptions& options = {});
/// min(max(0, x), 6); same as torch::nn::functional::relu6.
Tensor relu6(Tensor input, const ReLU6FuncOptions& options = {});

} // namespace tg::nn::functional
