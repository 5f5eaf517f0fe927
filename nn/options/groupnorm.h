#pragma once
// Options of GroupNorm and F::group_norm (LibTorch keeps them in torch/nn/options/normalization.h).
#include <cstdint>

#include "autograd/tensor/tensor.h"
#include "tapegrad/arg.h"

namespace tg::nn {

/// GroupNormOptions(num_groups, num_channels).eps(1e-6).affine(false)
struct GroupNormOptions {
  /// Implicit, as in LibTorch.
  GroupNormOptions(int64_t num_groups, int64_t num_channels) // NOLINT
      : num_groups_(num_groups), num_channels_(num_channels) {}
  /// How many groups the channels are split into; must divide num_channels.
  TG_ARG(int64_t, num_groups);
  /// C, the size of dim 1 of the input.
  TG_ARG(int64_t, num_channels);
  /// Added to the variance before its square root.
  TG_ARG(double, eps) = 1e-5;
  /// Whether the layer learns a per-channel scale (weight, ones) and shift (bias, zeros).
  TG_ARG(bool, affine) = true;
};

namespace functional {
/// F::group_norm(x, GroupNormFuncOptions(2).weight(w).bias(b).eps(1e-5))
struct GroupNormFuncOptions {
  /// Implicit, as in LibTorch.
  GroupNormFuncOptions(int64_t num_groups) : num_groups_(num_groups) {} // NOLINT
  /// How many groups the channels are split into; must divide C.
  TG_ARG(int64_t, num_groups);
  /// Per-channel scale [C]; undefined (default) means none.
  TG_ARG(Tensor, weight) = {};
  /// Per-channel shift [C]; undefined (default) means none.
  TG_ARG(Tensor, bias) = {};
  /// Added to the variance before its square root (default 1e-5).
  TG_ARG(double, eps) = 1e-5;
};
} // namespace functional

} // namespace tg::nn
