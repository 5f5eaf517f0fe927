#pragma once
// F::linear: y = x·Wᵀ + b.
#include "autograd/tensor.h"

namespace tg::nn::functional {

Tensor linear(const Tensor& input, const Tensor& weight, const Tensor& bias = {});

} // namespace tg::nn::functional
