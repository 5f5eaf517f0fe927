#pragma once
// F::conv2d(x, w, Conv2dFuncOptions().bias(b).stride(2).padding(1)) and F::conv_transpose2d.
#include "autograd/tensor.h"
#include "nn/options/conv.h"

namespace tg::nn::functional {

Tensor conv2d(const Tensor& input, const Tensor& weight, const Conv2dFuncOptions& options = {});
/// The transposed convolution (conv2d's input gradient) with weight [in, out / groups, kH, kW].
Tensor conv_transpose2d(const Tensor& input, const Tensor& weight,
                        const ConvTranspose2dFuncOptions& options = {});

} // namespace tg::nn::functional
