#pragma once
// Upsample: F::interpolate as a layer (no parameters).
//   Upsample up(UpsampleOptions().scale_factor(std::vector<double>{2, 2}).mode(tg::kBilinear)
//                   .align_corners(false));
#include "nn/options/upsampling.h"
#include "nn/pimpl.h"

namespace tg::nn {

/// Resamples the spatial dims of [N, C, L], [N, C, H, W] or [N, C, D, H, W] input; same as
/// torch::nn::Upsample.
class UpsampleImpl : public Cloneable<UpsampleImpl> {
public:
  /// A layer as described by the options (checked on the first forward, as LibTorch does).
  explicit UpsampleImpl(const UpsampleOptions& options_ = {});

  void reset() override {}
  /// "tg::nn::Upsample(scale_factor=[2, 2], mode=kBilinear)"
  void pretty_print(std::ostream& stream) const override;
  /// F::interpolate(input) with this layer's size or scale_factor, mode and align_corners.
  Tensor forward(const Tensor& input);

  /// The options the module was built with.
  UpsampleOptions options;
};
/// The holder of UpsampleImpl (TORCH_MODULE(Upsample)); copies share one module.
TG_MODULE(Upsample);

} // namespace tg::nn
