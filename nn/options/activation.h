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

/// PReLUOptions().num_parameters(3).init(0.1): one learned slope for x < 0, or one per channel.
struct PReLUOptions {
  /// How many slopes: 1 (shared by all channels, the default) or the input's channel count.
  TG_ARG(int64_t, num_parameters) = 1;
  /// The initial value of every slope (default 0.25, as in LibTorch).
  TG_ARG(double, init) = 0.25;
};

/// RReLUOptions().lower(0.1).upper(0.3): random slopes for x < 0 in training, their mean in eval.
struct RReLUOptions {
  /// The lower bound of the uniform slope distribution (default 1/8).
  TG_ARG(double, lower) = 1.0 / 8.0;
  /// The upper bound of the uniform slope distribution (default 1/3).
  TG_ARG(double, upper) = 1.0 / 3.0;
  /// Overwrite the input instead of allocating the output (default false).
  TG_ARG(bool, inplace) = false;
};

/// CELUOptions().alpha(2): max(0, x) + min(0, alpha·(exp(x/alpha) - 1)).
struct CELUOptions {
  /// The α of the formula; 0 throws tg::Error in forward (default 1).
  TG_ARG(double, alpha) = 1.0;
  /// Overwrite the input instead of allocating the output (default false).
  TG_ARG(bool, inplace) = false;
};

/// SELUOptions(true) or SELUOptions().inplace(true).
struct SELUOptions {
  /// Implicit, as in LibTorch, so that SELU(true) works.
  SELUOptions(bool inplace = false) : inplace_(inplace) {} // NOLINT: implicit, as in LibTorch
  /// Overwrite the input instead of allocating the output (default false).
  TG_ARG(bool, inplace);
};

/// GLUOptions(0): the dim that is halved (default -1).
struct GLUOptions {
  /// Implicit, as in LibTorch, so that GLU(0) works.
  GLUOptions(int64_t dim = -1) : dim_(dim) {} // NOLINT: implicit, as in LibTorch
  /// The dim split into the halves a and b of a·σ(b); its size must be even.
  TG_ARG(int64_t, dim);
};

/// ThresholdOptions(0.1, 20): y = x where x > threshold, else value.
struct ThresholdOptions {
  /// Both values are required, as in LibTorch.
  ThresholdOptions(double threshold, double value) : threshold_(threshold), value_(value) {}
  /// The value x must exceed to pass through.
  TG_ARG(double, threshold);
  /// What replaces x <= threshold.
  TG_ARG(double, value);
  /// Overwrite the input instead of allocating the output (default false).
  TG_ARG(bool, inplace) = false;
};

/// SoftminOptions(1): softmax(-x) along dim; the dim is required, as in LibTorch.
struct SoftminOptions {
  /// Implicit, so that Softmin(1) works as in LibTorch.
  SoftminOptions(int64_t dim) : dim_(dim) {} // NOLINT
  /// The dim along which the outputs sum to 1 (negative counts from the end).
  TG_ARG(int64_t, dim);
};

/// HardshrinkOptions(0.3) or HardshrinkOptions().lambda(0.3).
struct HardshrinkOptions {
  /// Implicit, as in LibTorch.
  HardshrinkOptions(double lambda = 0.5) : lambda_(lambda) {} // NOLINT: implicit, as in LibTorch
  /// Values with |x| <= lambda become 0 (default 0.5).
  TG_ARG(double, lambda);
};

/// SoftshrinkOptions(0.3) or SoftshrinkOptions().lambda(0.3).
struct SoftshrinkOptions {
  /// Implicit, as in LibTorch.
  SoftshrinkOptions(double lambda = 0.5) : lambda_(lambda) {} // NOLINT: implicit, as in LibTorch
  /// Values with |x| <= lambda become 0, the others move lambda towards 0 (default 0.5; must
  /// not be negative).
  TG_ARG(double, lambda);
};

/// ReLU6Options(true) or ReLU6Options().inplace(true).
struct ReLU6Options {
  /// Implicit, as in LibTorch, so that ReLU6(true) works.
  ReLU6Options(bool inplace = false) : inplace_(inplace) {} // NOLINT: implicit, as in LibTorch
  /// Overwrite the input instead of allocating the output (default false).
  TG_ARG(bool, inplace);
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

/// Options of F::celu: the module's CELUOptions.
using CELUFuncOptions = CELUOptions;
/// Options of F::selu: the module's SELUOptions.
using SELUFuncOptions = SELUOptions;
/// Options of F::glu: the module's GLUOptions.
using GLUFuncOptions = GLUOptions;
/// Options of F::threshold: the module's ThresholdOptions.
using ThresholdFuncOptions = ThresholdOptions;
/// Options of F::hardshrink: the module's HardshrinkOptions.
using HardshrinkFuncOptions = HardshrinkOptions;
/// Options of F::softshrink: the module's SoftshrinkOptions.
using SoftshrinkFuncOptions = SoftshrinkOptions;
/// Options of F::relu6: the module's ReLU6Options.
using ReLU6FuncOptions = ReLU6Options;

/// RReLUFuncOptions().lower(0.1).upper(0.3).training(true)
struct RReLUFuncOptions {
  /// The lower bound of the uniform slope distribution (default 1/8).
  TG_ARG(double, lower) = 1.0 / 8.0;
  /// The upper bound of the uniform slope distribution (default 1/3).
  TG_ARG(double, upper) = 1.0 / 3.0;
  /// Draw a random slope per element (true) or use the mean slope (false, the default).
  TG_ARG(bool, training) = false;
  /// Overwrite the input instead of allocating the output (default false).
  TG_ARG(bool, inplace) = false;
};

/// SoftminFuncOptions(1).dtype(kDouble): the dim, and optionally the dtype to compute in.
struct SoftminFuncOptions {
  /// Implicit, so that F::softmin(x, 1) works as in LibTorch.
  SoftminFuncOptions(int64_t dim) : dim_(dim) {} // NOLINT
  /// The dim along which the outputs sum to 1 (negative counts from the end; required).
  TG_ARG(int64_t, dim);
  /// If set, the input is cast to this floating dtype first; nullopt (default) computes in the
  /// input's dtype.
  TG_ARG(std::optional<ScalarType>, dtype) = std::nullopt;
};

} // namespace functional
} // namespace tg::nn
