#pragma once
// Options of Upsample and F::interpolate (torch/nn/options/upsampling.h).
#include <cstdint>
#include <optional>
#include <variant>
#include <vector>

#include "nn/enum.h"
#include "tapegrad/arg.h"

namespace tg::nn {

/// UpsampleOptions().scale_factor(std::vector<double>{2, 2}).mode(tg::kBilinear)
///   .align_corners(false): exactly one of size and scale_factor must be given.
struct UpsampleOptions {
  /// The output's spatial sizes, one per spatial dim.
  TG_ARG(std::optional<std::vector<int64_t>>, size) = std::nullopt;
  /// Multipliers of the spatial sizes, one per spatial dim (output size = floor(size · factor)).
  TG_ARG(std::optional<std::vector<double>>, scale_factor) = std::nullopt;
  /// How output values are taken from the input.
  typedef std::variant<enumtype::kNearest, enumtype::kLinear, enumtype::kBilinear,
                       enumtype::kBicubic, enumtype::kTrilinear>
      mode_t;
  /// kNearest (default), kLinear (3-D input), kBilinear / kBicubic (4-D), kTrilinear (5-D).
  TG_ARG(mode_t, mode) = tg::kNearest;
  /// For the interpolating modes: whether the corner pixels' centres of input and output align
  /// (true) or their outer edges do (false, the default when not given).
  TG_ARG(std::optional<bool>, align_corners) = std::nullopt;
};

namespace functional {
/// F::interpolate(x, InterpolateFuncOptions().size(std::vector<int64_t>{8, 8}).mode(kBilinear)
///   .align_corners(false))
struct InterpolateFuncOptions {
  /// How output values are taken from the input.
  typedef std::variant<enumtype::kNearest, enumtype::kLinear, enumtype::kBilinear,
                       enumtype::kBicubic, enumtype::kTrilinear, enumtype::kArea,
                       enumtype::kNearestExact>
      mode_t;
  /// The output's spatial sizes, one per spatial dim.
  TG_ARG(std::optional<std::vector<int64_t>>, size) = std::nullopt;
  /// Multipliers of the spatial sizes, one per spatial dim (output size = floor(size · factor)).
  TG_ARG(std::optional<std::vector<double>>, scale_factor) = std::nullopt;
  /// kNearest (default), kNearestExact, kArea (adaptive average pooling), kLinear (3-D input),
  /// kBilinear / kBicubic (4-D), kTrilinear (5-D).
  TG_ARG(mode_t, mode) = tg::kNearest;
  /// As UpsampleOptions::align_corners; an error with kNearest, kNearestExact and kArea.
  TG_ARG(std::optional<bool>, align_corners) = std::nullopt;
  /// With scale_factor: true computes the sampling positions from the rounded output size
  /// instead of from scale_factor itself (the behaviour before PyTorch 1.6).
  TG_ARG(std::optional<bool>, recompute_scale_factor) = std::nullopt;
  /// Anti-aliased downsampling (bilinear/bicubic); not supported by tapegrad: true throws.
  TG_ARG(bool, antialias) = false;
};
} // namespace functional

} // namespace tg::nn
