#pragma once
// Options of the activations (torch/nn/options/activation.h).
#include <cstdint>
#include <optional>
#include <string>

#include "autograd/tensor/dtype.h"
#include "tapegrad/arg.h"

namespace tg::nn {

/// ReLUOptions(true) or ReLUOptions().inplace(true): overwrite the input.
struct ReLUOptions {
  /// Implicit, as in LibTorch, so that ReLU(true) reads as ReLU(ReLUOptions(true)).
  ReLUOptions(bool inplace = false) : inplace_(inplace) {} // NOLINT: implicit, as in LibTorch
  /// Overwrite the input instead of allocating the output (default false, as in LibTorch).
  TG_ARG(bool, inplace);
};

/// LeakyReLUOptions().negative_slope(0.2)
struct LeakyReLUOptions {
  /// The slope for x < 0: y = negative_slope·x there (default 1e-2, as in LibTorch).
  TG_ARG(double, negative_slope) = 1e-2;
  /// Overwrite the input instead of allocating the output (default false).
  TG_ARG(bool, inplace) = false;
};

/// ELUOptions().alpha(0.5).inplace(true)
struct ELUOptions {
  /// The α of α·(exp(x) - 1) for x <= 0, so the output saturates at -α (default 1).
  TG_ARG(double, alpha) = 1.0;
  /// Overwrite the input instead of allocating the output (default false).
  TG_ARG(bool, inplace) = false;
};

/// GELUOptions().approximate("tanh"): "none" (the exact x·Φ(x)) or "tanh".
struct GELUOptions {
  /// "none" (default) for the exact erf form, "tanh" for the tanh approximation; the GELU module
  /// throws tg::Error on any other string.
  TG_ARG(std::string, approximate) = "none";
};

/// SoftplusOptions().beta(2).threshold(10): log(1 + exp(beta·x)) / beta, linear where
/// beta·x > threshold.
struct SoftplusOptions {
  /// The β of log(1 + exp(β·x)) / β; larger values approach relu (default 1, as in LibTorch).
  TG_ARG(double, beta) = 1.0;
  /// Above this value of β·x the result is x itself, which avoids overflow in exp (default 20).
  TG_ARG(double, threshold) = 20.0;
};

/// HardtanhOptions().min_val(-2).max_val(2)
struct HardtanhOptions {
  /// The lower clamp bound (default -1, as in LibTorch).
  TG_ARG(double, min_val) = -1.0;
  /// The upper clamp bound (default 1).
  TG_ARG(double, max_val) = 1.0;
  /// Overwrite the input instead of allocating the output (default false).
  TG_ARG(bool, inplace) = false;
};

/// SoftmaxOptions(1): options of the Softmax module; the dim has no default, as in LibTorch.
struct SoftmaxOptions {
  /// Implicit, so that Softmax(1) works as in LibTorch.
  SoftmaxOptions(int64_t dim) : dim_(dim) {} // NOLINT
  /// The dim along which the outputs sum to 1 (negative counts from the end; required).
  TG_ARG(int64_t, dim);
};

/// LogSoftmaxOptions(1): options of the LogSoftmax module; the dim is required, as in LibTorch.
struct LogSoftmaxOptions {
  /// Implicit, so that LogSoftmax(1) works as in LibTorch.
  LogSoftmaxOptions(int64_t dim) : dim_(dim) {} // NOLINT
  /// The dim along which the exponentials of the outputs sum to 1 (negative counts from the end).
  TG_ARG(int64_t, dim);
};

namespace functional {

/// Options of F::relu: the module's ReLUOptions (F::relu(x, true) works in place).
using ReLUFuncOptions = ReLUOptions;
/// Options of F::leaky_relu: the module's LeakyReLUOptions.
using LeakyReLUFuncOptions = LeakyReLUOptions;
/// Options of F::elu: the module's ELUOptions.
using ELUFuncOptions = ELUOptions;
/// Options of F::gelu: the module's GELUOptions.
using GELUFuncOptions = GELUOptions;
/// Options of F::softplus: the module's SoftplusOptions.
using SoftplusFuncOptions = SoftplusOptions;
/// Options of F::hardtanh: the module's HardtanhOptions.
using HardtanhFuncOptions = HardtanhOptions;

/// SoftmaxFuncOptions(1).dtype(kDouble): the dim, and optionally the dtype to compute in.
struct SoftmaxFuncOptions {
  /// Implicit, so that F::softmax(x, 1) works as in LibTorch.
  SoftmaxFuncOptions(int64_t dim) : dim_(dim) {} // NOLINT
  /// The dim along which the outputs sum to 1 (negative counts from the end; required).
  TG_ARG(int64_t, dim);
  /// If set, the input is cast to this floating dtype first (differentiably) and the result has
  /// it; nullopt (default) computes in the input's dtype.
  TG_ARG(std::optional<ScalarType>, dtype) = std::nullopt;
};

/// LogSoftmaxFuncOptions(1).dtype(kDouble): the dim, and optionally the dtype to compute in.
struct LogSoftmaxFuncOptions {
  /// Implicit, so that F::log_softmax(x, 1) works as in LibTorch.
  LogSoftmaxFuncOptions(int64_t dim) : dim_(dim) {} // NOLINT
  /// The dim along which the exponentials of the outputs sum to 1 (negative counts from the end).
  TG_ARG(int64_t, dim);
  /// If set, the input is cast to this floating dtype first (differentiably) and the result has
  /// it; nullopt (default) computes in the input's dtype.
  TG_ARG(std::optional<ScalarType>, dtype) = std::nullopt;
};

} // namespace functional
} // namespace tg::nn
