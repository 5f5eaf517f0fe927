#pragma once
// Options of LayerNorm (torch/nn/options/normalization.h).
#include <cstdint>
#include <vector>

#include "autograd/tensor/tensor.h"
#include "tapegrad/arg.h"

namespace tg::nn {

/// LayerNormOptions({64}).eps(1e-6).elementwise_affine(false): normalise over the trailing dims
/// given by normalized_shape.
struct LayerNormOptions {
  /// Implicit, as in LibTorch, so that LayerNorm(std::vector<int64_t>{64}) works.
  LayerNormOptions(std::vector<int64_t> normalized_shape) // NOLINT: implicit, as in LibTorch
      : normalized_shape_(std::move(normalized_shape)) {}
  /// The trailing sizes of the input to normalise over, e.g. {C} or {C, H, W} (required).
  TG_ARG(std::vector<int64_t>, normalized_shape);
  /// Added to the variance before its square root.
  TG_ARG(double, eps) = 1e-5;
  /// Whether the layer learns a per-element scale (weight, ones) and shift (bias, zeros) of
  /// normalized_shape.
  TG_ARG(bool, elementwise_affine) = true;
};

namespace functional {
/// F::layer_norm(x, LayerNormFuncOptions({4}).weight(w).bias(b).eps(1e-5))
struct LayerNormFuncOptions {
  /// Implicit, as in LibTorch.
  LayerNormFuncOptions(std::vector<int64_t> normalized_shape) // NOLINT
      : normalized_shape_(std::move(normalized_shape)) {}
  /// The trailing sizes of the input to normalise over; a mismatch throws tg::Error (required).
  TG_ARG(std::vector<int64_t>, normalized_shape);
  /// Elementwise scale of shape normalized_shape; undefined (default) means none.
  TG_ARG(Tensor, weight) = {};
  /// Elementwise shift of shape normalized_shape; undefined (default) means none.
  TG_ARG(Tensor, bias) = {};
  /// Added to the variance before its square root (default 1e-5).
  TG_ARG(double, eps) = 1e-5;
};
} // namespace functional

} // namespace tg::nn
