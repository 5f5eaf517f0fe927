#pragma once
// Options of the pooling layers (torch/nn/options/pooling.h). The stride defaults to the kernel
// size. The functional forms take the same options (MaxPool2dFuncOptions = MaxPool2dOptions).
#include <cstdint>
#include <optional>

#include "nn/expanding_array.h"
#include "tapegrad/arg.h"

namespace tg::nn {

/// MaxPool2dOptions(3).stride(2).padding(1): the maximum over each window.
template <size_t D> struct MaxPoolOptions {
  /// Implicit, so that MaxPool2d(2) works as in LibTorch; the stride starts as kernel_size.
  MaxPoolOptions(ExpandingArray<D> kernel_size) // NOLINT: implicit, as in LibTorch
      : kernel_size_(kernel_size), stride_(kernel_size) {}
  /// The window size (required).
  TG_ARG(ExpandingArray<D>, kernel_size);
  /// The step between windows (default kernel_size).
  TG_ARG(ExpandingArray<D>, stride);
  /// Implicit -inf padding on both sides; at most half the kernel size, else tg::Error
  /// (default 0).
  TG_ARG(ExpandingArray<D>, padding) = 0;
  /// Spacing between the elements of a window (default 1).
  TG_ARG(ExpandingArray<D>, dilation) = 1;
  /// Round the output size up instead of down.
  TG_ARG(bool, ceil_mode) = false;
};
/// Options of MaxPool1d.
using MaxPool1dOptions = MaxPoolOptions<1>;
/// Options of MaxPool2d.
using MaxPool2dOptions = MaxPoolOptions<2>;
/// Options of MaxPool3d.
using MaxPool3dOptions = MaxPoolOptions<3>;

/// AvgPool2dOptions(3).stride(2).padding(1): the mean over each window.
template <size_t D> struct AvgPoolOptions {
  /// Implicit, so that AvgPool2d(2) works as in LibTorch; the stride starts as kernel_size.
  AvgPoolOptions(ExpandingArray<D> kernel_size) // NOLINT
      : kernel_size_(kernel_size), stride_(kernel_size) {}
  /// The window size (required).
  TG_ARG(ExpandingArray<D>, kernel_size);
  /// The step between windows (default kernel_size).
  TG_ARG(ExpandingArray<D>, stride);
  /// Zero padding on both sides; at most half the kernel size, else tg::Error (default 0).
  TG_ARG(ExpandingArray<D>, padding) = 0;
  /// Round the output size up instead of down (default false).
  TG_ARG(bool, ceil_mode) = false;
  /// Whether the zero padding counts in the divisor.
  TG_ARG(bool, count_include_pad) = true;
  /// Divide by this instead of the window size (2-D and 3-D; avg_pool1d has no such argument and
  /// ignores it, as LibTorch does).
  TG_ARG(std::optional<int64_t>, divisor_override) = std::nullopt;
};
/// Options of AvgPool1d.
using AvgPool1dOptions = AvgPoolOptions<1>;
/// Options of AvgPool2d.
using AvgPool2dOptions = AvgPoolOptions<2>;
/// Options of AvgPool3d.
using AvgPool3dOptions = AvgPoolOptions<3>;

/// AdaptiveAvgPool2dOptions({7, 7}): the output size, whatever the input size.
template <typename output_size_t> struct AdaptiveAvgPoolOptions {
  /// Implicit, so that AdaptiveAvgPool2d({7, 7}) works as in LibTorch.
  AdaptiveAvgPoolOptions(output_size_t output_size) // NOLINT
      : output_size_(output_size) {}
  /// The spatial size of the output (required).
  TG_ARG(output_size_t, output_size);
};
/// Options of AdaptiveAvgPool1d: the output's {L}.
using AdaptiveAvgPool1dOptions = AdaptiveAvgPoolOptions<ExpandingArray<1>>;
/// Options of AdaptiveAvgPool2d: the output's {H, W}.
using AdaptiveAvgPool2dOptions = AdaptiveAvgPoolOptions<ExpandingArray<2>>;
/// Options of AdaptiveAvgPool3d: the output's {D, H, W}.
using AdaptiveAvgPool3dOptions = AdaptiveAvgPoolOptions<ExpandingArray<3>>;

/// AdaptiveMaxPool2dOptions({7, 7}): the output size, whatever the input size.
template <typename output_size_t> struct AdaptiveMaxPoolOptions {
  /// Implicit, so that AdaptiveMaxPool2d({7, 7}) works as in LibTorch.
  AdaptiveMaxPoolOptions(output_size_t output_size) // NOLINT
      : output_size_(output_size) {}
  /// The spatial size of the output (required).
  TG_ARG(output_size_t, output_size);
};
/// Options of AdaptiveMaxPool1d: the output's {L}.
using AdaptiveMaxPool1dOptions = AdaptiveMaxPoolOptions<ExpandingArray<1>>;
/// Options of AdaptiveMaxPool2d: the output's {H, W}.
using AdaptiveMaxPool2dOptions = AdaptiveMaxPoolOptions<ExpandingArray<2>>;
/// Options of AdaptiveMaxPool3d: the output's {D, H, W}.
using AdaptiveMaxPool3dOptions = AdaptiveMaxPoolOptions<ExpandingArray<3>>;

namespace functional {
/// Options of F::max_pool1d: the module's MaxPool1dOptions.
using MaxPool1dFuncOptions = MaxPool1dOptions;
/// Options of F::max_pool2d: the module's MaxPool2dOptions.
using MaxPool2dFuncOptions = MaxPool2dOptions;
/// Options of F::max_pool3d: the module's MaxPool3dOptions.
using MaxPool3dFuncOptions = MaxPool3dOptions;
/// Options of F::avg_pool1d: the module's AvgPool1dOptions.
using AvgPool1dFuncOptions = AvgPool1dOptions;
/// Options of F::avg_pool2d: the module's AvgPool2dOptions.
using AvgPool2dFuncOptions = AvgPool2dOptions;
/// Options of F::avg_pool3d: the module's AvgPool3dOptions.
using AvgPool3dFuncOptions = AvgPool3dOptions;
/// Options of F::adaptive_avg_pool1d: the module's AdaptiveAvgPool1dOptions.
using AdaptiveAvgPool1dFuncOptions = AdaptiveAvgPool1dOptions;
/// Options of F::adaptive_avg_pool2d: the module's AdaptiveAvgPool2dOptions.
using AdaptiveAvgPool2dFuncOptions = AdaptiveAvgPool2dOptions;
/// Options of F::adaptive_avg_pool3d: the module's AdaptiveAvgPool3dOptions.
using AdaptiveAvgPool3dFuncOptions = AdaptiveAvgPool3dOptions;
/// Options of F::adaptive_max_pool1d: the module's AdaptiveMaxPool1dOptions.
using AdaptiveMaxPool1dFuncOptions = AdaptiveMaxPool1dOptions;
/// Options of F::adaptive_max_pool2d: the module's AdaptiveMaxPool2dOptions.
using AdaptiveMaxPool2dFuncOptions = AdaptiveMaxPool2dOptions;
/// Options of F::adaptive_max_pool3d: the module's AdaptiveMaxPool3dOptions.
using AdaptiveMaxPool3dFuncOptions = AdaptiveMaxPool3dOptions;
} // namespace functional

} // namespace tg::nn
