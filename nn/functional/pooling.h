#pragma once
// F::max_pool2d, F::avg_pool2d, F::adaptive_avg_pool2d.
#include "autograd/tensor.h"
#include "nn/options/pooling.h"

namespace tg::nn::functional {

Tensor max_pool2d(const Tensor& input, const MaxPool2dFuncOptions& options);
Tensor avg_pool2d(const Tensor& input, const AvgPool2dFuncOptions& options);
Tensor adaptive_avg_pool2d(const Tensor& input, const AdaptiveAvgPool2dFuncOptions& options);

} // namespace tg::nn::functional
