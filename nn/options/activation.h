#pragma once
// Options of the activations (torch/nn/options/activation.h).
#include <cstdint>
#include <optional>

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
