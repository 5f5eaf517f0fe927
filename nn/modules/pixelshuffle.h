#pragma once
// PixelShuffle and PixelUnshuffle as modules (torch/nn/modules/pixelshuffle.h).
#include "nn/options/pixelshuffle.h"
#include "nn/pimpl.h"

namespace tg::nn {

/// Rearranges [*, c·r², h, w] into [*, c, h·r, w·r]; same as torch::nn::PixelShuffle.
class PixelShuffleImpl : public Cloneable<PixelShuffleImpl> {
public:
  /// `PixelShuffle(2)` as in LibTorch.
  explicit PixelShuffleImpl(const PixelShuffleOptions& options_) : options(options_) {}
  void reset() override {}
  /// "tg::nn::PixelShuffle(upscale_factor=2)"
  void pretty_print(std::ostream& stream) const override;
  /// pixel_shuffle(input, upscale_factor).
  Tensor forward(const Tensor& input);

  /// The options the module was built with.
  PixelShuffleOptions options;
};
/// The holder of PixelShuffleImpl (TORCH_MODULE(PixelShuffle)); copies share one module.
TG_MODULE(PixelShuffle);

/// Rearranges [*, c, h·r, w·r] into [*, c·r², h, w]; same as torch::nn::PixelUnshuffle.
class PixelUnshuffleImpl : public Cloneable<PixelUnshuffleImpl> {
public:
  /// `PixelUnshuffle(2)` as in LibTorch.
  explicit PixelUnshuffleImpl(const PixelUnshuffleOptions& options_) : options(options_) {}
  void reset() override {}
  /// "tg::nn::PixelUnshuffle(downscale_factor=2)"
  void pretty_print(std::ostream& stream) const override;
  /// pixel_unshuffle(input, downscale_factor).
  Tensor forward(const Tensor& input);

  /// The options the module was built with.
  PixelUnshuffleOptions options;
};
/// The holder of PixelUnshuffleImpl (TORCH_MODULE(PixelUnshuffle)); copies share one module.
TG_MODULE(PixelUnshuffle);

} // namespace tg::nn
