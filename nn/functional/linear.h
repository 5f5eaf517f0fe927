#pragma once
// F::linear: y = x·Wᵀ + b; F::bilinear: y = x1ᵀ·W·x2 + b.
#include "autograd/tensor/tensor.h"

namespace tg::nn::functional {

/// x·Wᵀ + b for input [..., in_features], weight [out_features, in_features] and an optional
/// bias [out_features]; same as torch::nn::functional::linear. Throws tg::Error on mismatched
/// shapes.
Tensor linear(const Tensor& input, const Tensor& weight, const Tensor& bias = {});
/// y_k = x1ᵀ·weight[k]·x2 + bias[k] for input1 [*, in1], input2 [*, in2], weight
/// [out, in1, in2] and an optional bias [out]; same as torch::nn::functional::bilinear.
Tensor bilinear(const Tensor& input1, const Tensor& input2, const Tensor& weight,
                const Tensor& bias = {});

} // namespace tg::nn::functional
