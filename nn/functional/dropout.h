#pragma once
// F::dropout(x, DropoutFuncOptions().p(0.5).training(is_training())) and F::dropout2d. Note that training defaults
// to true here, as in LibTorch: pass the module's mode.
#include "autograd/tensor/tensor.h"
#include "nn/options/dropout.h"

namespace tg::nn::functional {

/// When options.training(), zeroes each element with probability p and scales the survivors by
/// 1 / (1 - p), so the expectation is unchanged; otherwise returns the input. Same as
/// torch::nn::functional::dropout; throws tg::Error unless 0 <= p <= 1.
Tensor dropout(Tensor input, const DropoutFuncOptions& options = {});
/// Zeroes whole channels: input [N, C, H, W] (or an unbatched [C, H, W]) keeps each channel of each
/// sample with probability 1 - p, scaled by 1 / (1 - p).
Tensor dropout2d(Tensor input, const Dropout2dFuncOptions& options = {});

} // namespace tg::nn::functional
