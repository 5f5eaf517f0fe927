#pragma once
// Options of InstanceNorm1d/2d/3d and F::instance_norm (torch/nn/options/instancenorm.h).
#include <cstdint>

#include "autograd/tensor/tensor.h"
#include "tapegrad/arg.h"

namespace tg::nn {

/// InstanceNormOptions(num_features).affine(true).track_running_stats(true): unlike
/// BatchNormOptions, no affine parameters and no running statistics by default, and momentum is a
/// plain double (no cumulative average).
struct InstanceNormOptions {
  /// Implicit, so that InstanceNorm2d(64) works as in LibTorch.
  InstanceNormOptions(int64_t num_features) : num_features_(num_features) {} // NOLINT
  /// C, the size of dim 1 of a batched input (dim 0 of an unbatched one).
  TG_ARG(int64_t, num_features);
  /// Added to the variance before its square root.
  TG_ARG(double, eps) = 1e-5;
  /// Weight of the newest batch in the running averages (used with track_running_stats).
  TG_ARG(double, momentum) = 0.1;
  /// Whether the layer learns a per-channel scale (weight) and shift (bias).
  TG_ARG(bool, affine) = false;
  /// Whether running_mean/running_var are kept (averaged over the samples of each batch) and used
  /// in eval mode.
  TG_ARG(bool, track_running_stats) = false;
};
/// Options of InstanceNorm1d: the shared InstanceNormOptions.
using InstanceNorm1dOptions = InstanceNormOptions;
/// Options of InstanceNorm2d: the shared InstanceNormOptions.
using InstanceNorm2dOptions = InstanceNormOptions;
/// Options of InstanceNorm3d: the shared InstanceNormOptions.
using InstanceNorm3dOptions = InstanceNormOptions;

namespace functional {
/// F::instance_norm(x, InstanceNormFuncOptions().running_mean(m).running_var(v).weight(w))
struct InstanceNormFuncOptions {
  /// Per-channel running mean [C] to update (use_input_stats) or to normalise with (otherwise).
  TG_ARG(Tensor, running_mean) = Tensor();
  /// Per-channel running variance [C], as running_mean.
  TG_ARG(Tensor, running_var) = Tensor();
  /// Per-channel scale [C]; undefined (default) means no scaling.
  TG_ARG(Tensor, weight) = Tensor();
  /// Per-channel shift [C]; undefined (default) means no shift.
  TG_ARG(Tensor, bias) = Tensor();
  /// Normalise each sample's channel with its own statistics (default) instead of the running
  /// ones.
  TG_ARG(bool, use_input_stats) = true;
  /// Weight of this batch in the running-statistics update (default 0.1).
  TG_ARG(double, momentum) = 0.1;
  /// Added to the variance before its square root (default 1e-5).
  TG_ARG(double, eps) = 1e-5;
};
} // namespace functional

} // namespace tg::nn
