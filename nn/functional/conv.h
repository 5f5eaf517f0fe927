#pragma once
// F::conv2d(x, w, Conv2dFuncOptions().bias(b).stride(2).padding(1)) and F::conv_transpose2d.
#include "autograd/tensor/tensor.h"
#include "nn/options/conv.h"

namespace tg::nn::functional {

/// 2-D convolution (cross-correlation, as in LibTorch) of input [N, C_in, H, W] (or unbatched
/// [C_in, H, W]) with weight [C_out, C_in / groups, kH, kW], giving [N, C_out, H_out, W_out]; same
/// as torch::nn::functional::conv2d. Throws tg::Error on mismatched shapes or groups, and for
/// padding kSame with a stride other than 1.
Tensor conv2d(const Tensor& input, const Tensor& weight, const Conv2dFuncOptions& options = {});
/// The transposed convolution (conv2d's input gradient) with weight [in, out / groups, kH, kW].
Tensor conv_transpose2d(const Tensor& input, const Tensor& weight,
                        const ConvTranspose2dFuncOptions& options = {});

} // namespace tg::nn::functional
