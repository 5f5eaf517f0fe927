#pragma once
// F::conv1d/2d/3d(x, w, Conv2dFuncOptions().bias(b).stride(2).padding(1)) and
// F::conv_transpose1d/2d/3d.
#include "autograd/tensor/tensor.h"
#include "nn/options/conv.h"

namespace tg::nn::functional {

/// 1-D convolution of input [N, C_in, L] (or unbatched [C_in, L]) with weight [C_out, C_in /
/// groups, kW]; same as torch::nn::functional::conv1d, with conv2d's checks.
Tensor conv1d(const Tensor& input, const Tensor& weight, const Conv1dFuncOptions& options = {});
/// 2-D convolution (cross-correlation, as in LibTorch) of input [N, C_in, H, W] (or unbatched
/// [C_in, H, W]) with weight [C_out, C_in / groups, kH, kW], giving [N, C_out, H_out, W_out]; same
/// as torch::nn::functional::conv2d. Throws tg::Error on mismatched shapes or groups, and for
/// padding kSame with a stride other than 1.
Tensor conv2d(const Tensor& input, const Tensor& weight, const Conv2dFuncOptions& options = {});
/// 3-D convolution of input [N, C_in, D, H, W] (or unbatched [C_in, D, H, W]) with weight [C_out,
/// C_in / groups, kD, kH, kW]; same as torch::nn::functional::conv3d, with conv2d's checks.
Tensor conv3d(const Tensor& input, const Tensor& weight, const Conv3dFuncOptions& options = {});
/// The transposed convolution (conv1d's input gradient) with weight [in, out / groups, kW].
Tensor conv_transpose1d(const Tensor& input, const Tensor& weight,
                        const ConvTranspose1dFuncOptions& options = {});
/// The transposed convolution (conv2d's input gradient) with weight [in, out / groups, kH, kW].
Tensor conv_transpose2d(const Tensor& input, const Tensor& weight,
                        const ConvTranspose2dFuncOptions& options = {});
/// The transposed convolution (conv3d's input gradient) with weight [in, out / groups, kD, kH,
/// kW].
Tensor conv_transpose3d(const Tensor& input, const Tensor& weight,
                        const ConvTranspose3dFuncOptions& options = {});

} // namespace tg::nn::functional
