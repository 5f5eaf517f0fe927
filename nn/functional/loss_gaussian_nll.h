#pragma once
// F::gaussian_nll_loss (torch.nn.functional.gaussian_nll_loss).
#include "autograd/tensor/tensor.h"
#include "nn/options/loss_gaussian_nll.h"

namespace tg::nn::functional {

/// 0.5·(log(max(var, eps)) + (input - target)² / max(var, eps)) (+ 0.5·log(2π) with full),
/// reduced; same as torch.nn.functional.gaussian_nll_loss. var has input's shape, or input's
/// shape without (or with 1 for) the last dim (one variance shared along it); any other shape,
/// a negative variance or a missing tensor throws tg::Error.
Tensor gaussian_nll_loss(const Tensor& input, const Tensor& target, const Tensor& var,
                         const GaussianNLLLossFuncOptions& options = {});

} // namespace tg::nn::functional
