#pragma once
// Options of the pooling layers (torch/nn/options/pooling.h). The stride defaults to the kernel
// size. The functional forms take the same options (MaxPool2dFuncOptions = MaxPool2dOptions).
#include <cstdint>
#include <optional>

#include "tapegrad/arg.h"
#include "nn/expanding_array.h"

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
/// Options of MaxPool2d.
using MaxPool2dOptions = MaxPoolOptions<2>;

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
  /// Divide by this instead of the window size.
  TG_ARG(std::optional<int64_t>, divisor_override) = std::nullopt;
};
/// Options of AvgPool2d.
using AvgPool2dOptions = AvgPoolOptions<2>;

/// AdaptiveAvgPool2dOptions({7, 7}): the output size, whatever the input size.
template <typename output_size_t> struct AdaptiveAvgPoolOptions {
  /// Implicit, so that AdaptiveAvgPool2d({7, 7}) works as in LibTorch.
  AdaptiveAvgPoolOptions(output_size_t output_size) // NOLINT
      : output_size_(output_size) {}
  /// The spatial size of the output (required).
  TG_ARG(output_size_t, output_size);
};
/// Options of AdaptiveAvgPool2d: the output's {H, W}.
using AdaptiveAvgPool2dOptions = AdaptiveAvgPoolOptions<ExpandingArray<2>>;

namespace functional {
/// Options of F::max_pool2d: the module's MaxPool2dOptions.
using MaxPool2dFuncOptions = MaxPool2dOptions;
/// Options of F::avg_pool2d: the module's AvgPool2dOptions.
using AvgPool2dFuncOptions = AvgPool2dOptions;
/// Options of F::adaptive_avg_pool2d: the module's AdaptiveAvgPool2dOptions.
using AdaptiveAvgPool2dFuncOptions = AdaptiveAvgPool2dOptions;
} // namespace functional

} // namespace tg::nn
