#pragma once
// F::pixel_shuffle and F::pixel_unshuffle (torch/nn/functional/pixelshuffle.h).
#include "autograd/tensor/tensor.h"
#include "nn/options/pixelshuffle.h"

namespace tg::nn::functional {

/// [*, c·r², h, w] -> [*, c, h·r, w·r]; same as torch::nn::functional::pixel_shuffle. A channel
/// count not divisible by r² throws tg::Error naming it.
Tensor pixel_shuffle(const Tensor& input, const PixelShuffleFuncOptions& options);
/// [*, c, h·r, w·r] -> [*, c·r², h, w]; same as torch::nn::functional::pixel_unshuffle.
Tensor pixel_unshuffle(const Tensor& input, const PixelUnshuffleFuncOptions& options);

} // namespace tg::nn::functional
