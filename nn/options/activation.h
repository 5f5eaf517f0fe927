#pragma once
// Options of the activations (torch/nn/options/activation.h).
#include <cstdint>
#include <optional>
#include <string>

#include "autograd/dtype.h"
#include "nn/arg.h"

namespace tg::nn {

/// ReLUOptions(true) or ReLUOptions().inplace(true): overwrite the input.
struct ReLUOptions {
  ReLUOptions(bool inplace = false) : inplace_(inplace) {} // NOLINT: implicit, as in LibTorch
  TG_ARG(bool, inplace);
};

/// LeakyReLUOptions().negative_slope(0.2)
struct LeakyReLUOptions {
  TG_ARG(double, negative_slope) = 1e-2;
  TG_ARG(bool, inplace) = false;
};

/// ELUOptions().alpha(0.5).inplace(true)
struct ELUOptions {
  TG_ARG(double, alpha) = 1.0;
  TG_ARG(bool, inplace) = false;
};

/// GELUOptions().approximate("tanh"): "none" (the exact x·Φ(x)) or "tanh".
struct GELUOptions {
  TG_ARG(std::string, approximate) = "none";
};

/// SoftplusOptions().beta(2).threshold(10): log(1 + exp(beta·x)) / beta, linear where
/// beta·x > threshold.
struct SoftplusOptions {
  TG_ARG(double, beta) = 1.0;
  TG_ARG(double, threshold) = 20.0;
};

/// HardtanhOptions().min_val(-2).max_val(2)
struct HardtanhOptions {
  TG_ARG(double, min_val) = -1.0;
  TG_ARG(double, max_val) = 1.0;
  TG_ARG(bool, inplace) = false;
};

struct SoftmaxOptions {
  SoftmaxOptions(int64_t dim) : dim_(dim) {} // NOLINT
  TG_ARG(int64_t, dim);
};

struct LogSoftmaxOptions {
  LogSoftmaxOptions(int64_t dim) : dim_(dim) {} // NOLINT
  TG_ARG(int64_t, dim);
};

namespace functional {

using ReLUFuncOptions = ReLUOptions;
using LeakyReLUFuncOptions = LeakyReLUOptions;
using ELUFuncOptions = ELUOptions;
using GELUFuncOptions = GELUOptions;
using SoftplusFuncOptions = SoftplusOptions;
using HardtanhFuncOptions = HardtanhOptions;

/// SoftmaxFuncOptions(1).dtype(kDouble): the dim, and optionally the dtype to compute in.
struct SoftmaxFuncOptions {
  SoftmaxFuncOptions(int64_t dim) : dim_(dim) {} // NOLINT
  TG_ARG(int64_t, dim);
  TG_ARG(std::optional<ScalarType>, dtype) = std::nullopt;
};

struct LogSoftmaxFuncOptions {
  LogSoftmaxFuncOptions(int64_t dim) : dim_(dim) {} // NOLINT
  TG_ARG(int64_t, dim);
  TG_ARG(std::optional<ScalarType>, dtype) = std::nullopt;
};

} // namespace functional
} // namespace tg::nn
