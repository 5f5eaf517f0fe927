// F::pixel_shuffle and F::pixel_unshuffle: the options unpacked onto the tensor ops
// (autograd/ops/pixel_shuffle.cpp).
#include "nn/functional/pixelshuffle.h"

#include "autograd/ops/functions.h"

namespace tg::nn::functional {

Tensor pixel_shuffle(const Tensor& input, const PixelShuffleFuncOptions& options) {
  return tg::pixel_shuffle(input, options.upscale_factor());
}

Tensor pixel_unshuffle(const Tensor& input, const PixelUnshuffleFuncOptions& options) {
  return tg::pixel_unshuffle(input, options.downscale_factor());
}

} // namespace tg::nn::functional
