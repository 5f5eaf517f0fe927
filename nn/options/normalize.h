#pragma once
// Options of F::normalize and LocalResponseNorm (torch/nn/options/normalization.h).
#include <cstdint>
#include <optional>

#include "autograd/tensor/tensor.h"
#include "tapegrad/arg.h"

namespace tg::nn {

/// LocalResponseNormOptions(5).alpha(1e-3).beta(0.5).k(2)
struct LocalResponseNormOptions {
  /// Implicit, as in LibTorch, so that LocalResponseNorm(2) works.
  LocalResponseNormOptions(int64_t size) : size_(size) {} // NOLINT: implicit, as in LibTorch
  /// How many neighbouring channels the sum of squares spans (required).
  TG_ARG(int64_t, size);
  /// The multiplier of the averaged squares (default 1e-4).
  TG_ARG(double, alpha) = 1e-4;
  /// The exponent of the divisor (default 0.75).
  TG_ARG(double, beta) = 0.75;
  /// The additive constant of the divisor (default 1).
  TG_ARG(double, k) = 1.0;
};

namespace functional {

/// NormalizeFuncOptions().p(1).dim(-1).eps(1e-6)
struct NormalizeFuncOptions {
  /// The order of the norm (default 2).
  TG_ARG(double, p) = 2.0;
  /// The dim the vectors lie along (default 1).
  TG_ARG(int64_t, dim) = 1;
  /// The norm is clamped to at least eps, so a zero vector stays zero (default 1e-12).
  TG_ARG(double, eps) = 1e-12;
  /// If set, the result is also written into this tensor (LibTorch's out=).
  TG_ARG(std::optional<Tensor>, out) = std::nullopt;
};

/// Options of F::local_response_norm: the module's LocalResponseNormOptions.
using LocalResponseNormFuncOptions = LocalResponseNormOptions;

} // namespace functional

} // namespace tg::nn
