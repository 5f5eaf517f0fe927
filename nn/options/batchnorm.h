#pragma once
// Options of BatchNorm1d/2d (torch/nn/options/batchnorm.h).
#include <cstdint>
#include <optional>

#include "autograd/tensor/tensor.h"
#include "tapegrad/arg.h"

namespace tg::nn {

/// BatchNormOptions(num_features).eps(1e-3).momentum(0.01).affine(false)
struct BatchNormOptions {
  /// Implicit, so that BatchNorm2d(64) works as in LibTorch.
  BatchNormOptions(int64_t num_features) : num_features_(num_features) {} // NOLINT
  /// C, the size of dim 1 of the input ([N, C] or [N, C, L] for 1d, [N, C, H, W] for 2d).
  TG_ARG(int64_t, num_features);
  /// Added to the variance before its square root.
  TG_ARG(double, eps) = 1e-5;
  /// Weight of the newest batch in the running averages; nullopt means a cumulative average.
  TG_ARG(std::optional<double>, momentum) = 0.1;
  /// Whether the layer learns a per-channel scale (weight) and shift (bias).
  TG_ARG(bool, affine) = true;
  /// Whether running_mean/running_var are kept and used in eval mode.
  TG_ARG(bool, track_running_stats) = true;
};
/// Options of BatchNorm1d: the shared BatchNormOptions.
using BatchNorm1dOptions = BatchNormOptions;
/// Options of BatchNorm2d: the shared BatchNormOptions.
using BatchNorm2dOptions = BatchNormOptions;

namespace functional {
/// F::batch_norm(x, running_mean, running_var, BatchNormFuncOptions().weight(w).training(true))
struct BatchNormFuncOptions {
  /// Per-channel scale [C]; undefined (default) means no scaling.
  TG_ARG(Tensor, weight) = Tensor();
  /// Per-channel shift [C]; undefined (default) means no shift.
  TG_ARG(Tensor, bias) = Tensor();
  /// Normalise with the batch statistics (and update the running ones) instead of the running ones.
  TG_ARG(bool, training) = false;
  /// Weight of this batch in the running-statistics update when training (default 0.1, as in
  /// LibTorch); nullopt throws tg::Error if running statistics are given to update.
  TG_ARG(std::optional<double>, momentum) = 0.1;
  /// Added to the variance before its square root (default 1e-5).
  TG_ARG(double, eps) = 1e-5;
};
} // namespace functional

} // namespace tg::nn
