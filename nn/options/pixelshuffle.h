#pragma once
// Options of PixelShuffle and PixelUnshuffle (torch/nn/options/pixelshuffle.h).
#include <cstdint>

#include "tapegrad/arg.h"

namespace tg::nn {

/// PixelShuffleOptions(2): [*, c·r², h, w] -> [*, c, h·r, w·r].
struct PixelShuffleOptions {
  /// Implicit, as in LibTorch, so that PixelShuffle(2) works.
  PixelShuffleOptions(int64_t upscale_factor) // NOLINT: implicit, as in LibTorch
      : upscale_factor_(upscale_factor) {}
  /// The factor r each spatial size grows by (required).
  TG_ARG(int64_t, upscale_factor);
};

/// PixelUnshuffleOptions(2): [*, c, h·r, w·r] -> [*, c·r², h, w].
struct PixelUnshuffleOptions {
  /// Implicit, as in LibTorch, so that PixelUnshuffle(2) works.
  PixelUnshuffleOptions(int64_t downscale_factor) // NOLINT: implicit, as in LibTorch
      : downscale_factor_(downscale_factor) {}
  /// The factor r each spatial size shrinks by (required).
  TG_ARG(int64_t, downscale_factor);
};

namespace functional {
/// Options of F::pixel_shuffle: the module's PixelShuffleOptions.
using PixelShuffleFuncOptions = PixelShuffleOptions;
/// Options of F::pixel_unshuffle: the module's PixelUnshuffleOptions.
using PixelUnshuffleFuncOptions = PixelUnshuffleOptions;
} // namespace functional

} // namespace tg::nn
