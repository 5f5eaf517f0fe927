#pragma once
// F::normalize and F::local_response_norm (torch/nn/functional/normalization.h).
#include "autograd/tensor/tensor.h"
#include "nn/options/normalize.h"

namespace tg::nn::functional {

/// input / max(‖input‖_p, eps) along options.dim(), same shape; same as
/// torch::nn::functional::normalize. With options.out() set the result is copied into it.
Tensor normalize(const Tensor& input, NormalizeFuncOptions options = {});
/// x / (k + alpha/size · Σ x²)^beta, the sum over `size` neighbouring channels (dim 1, zero
/// padded); same as torch::nn::functional::local_response_norm. Needs a 3-D or larger input.
Tensor local_response_norm(const Tensor& input, const LocalResponseNormFuncOptions& options);

} // namespace tg::nn::functional
