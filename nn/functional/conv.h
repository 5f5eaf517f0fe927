#pragma once
// F::conv2d(x, w, Conv2dFuncOptions().bias(b).stride(2).padding(1)).
#include "autograd/tensor.h"
#include "nn/options/conv.h"

namespace tg::nn::functional {

Tensor conv2d(const Tensor& input, const Tensor& weight, const Conv2dFuncOptions& options = {});

} // namespace tg::nn::functional
