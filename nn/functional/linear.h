#pragma once
// F::linear: y = x·Wᵀ + b.
#include "autograd/tensor/tensor.h"

namespace tg::nn::functional {

/// x·Wᵀ + b for input [..., in_features], weight [out_features, in_features] and an optional
/// bias [out_features]; same as torch::nn::functional::linear. Throws tg::Error on mismatched
/// shapes.
Tensor linear(const Tensor& input, const Tensor& weight, const Tensor& bias = {});

} // namespace tg::nn::functional
