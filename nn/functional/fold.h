#pragma once
// F::fold and F::unfold: columns to images and back, on the im2col/col2im kernels the
// convolutions use.
#include "autograd/tensor/tensor.h"
#include "nn/options/fold.h"

namespace tg::nn::functional {

/// Sums columns [N, C·kH·kW, L] (or unbatched [C·kH·kW, L]) back into images [N, C, *output_size]
/// (overlapping blocks add up); same as torch::nn::functional::fold. Other ranks throw tg::Error.
Tensor fold(const Tensor& input, const FoldFuncOptions& options);
/// Cuts images [N, C, H, W] into the columns [N, C·kH·kW, L] of their sliding blocks; same as
/// torch::nn::functional::unfold (4-D input only, as in LibTorch 1.13's C++ API).
Tensor unfold(const Tensor& input, const UnfoldFuncOptions& options);

} // namespace tg::nn::functional
