#pragma once
// Options of the convolutions (torch/nn/options/conv.h): Conv2dOptions(in, out, kernel_size) with
// chained stride(), padding(), dilation(), groups(), bias(); the functional conv2d takes
// Conv2dFuncOptions (the weight and bias are passed in, so only the geometry is an option).
// ConvTranspose2dOptions / ConvTranspose2dFuncOptions likewise, plus output_padding. The 1-D and
// 3-D forms are the same templates with D = 1 and 3.
#include <cstdint>
#include <initializer_list>
#include <variant>

#include "autograd/tensor/tensor.h"
#include "nn/enum.h"
#include "nn/expanding_array.h"
#include "tapegrad/arg.h"

namespace tg::nn {

namespace detail {
using conv_padding_mode_t =
    std::variant<enumtype::kZeros, enumtype::kReflect, enumtype::kReplicate, enumtype::kCircular>;
/// Explicit padding, or kValid (none) or kSame (output as large as the input, stride 1 only).
template <size_t D>
using conv_padding_t = std::variant<ExpandingArray<D>, enumtype::kValid, enumtype::kSame>;
} // namespace detail

/// Conv2dOptions(in_channels, out_channels, kernel_size).stride(2).padding(1), as
/// torch::nn::ConvOptions. The module's reset() throws tg::Error on non-positive sizes, channel
/// counts not divisible by groups, or kSame with a stride > 1.
template <size_t D> struct ConvOptions {
  /// kZeros, kReflect, kReplicate or kCircular.
  using padding_mode_t = detail::conv_padding_mode_t;
  /// Explicit per-dim padding, kValid or kSame.
  using padding_t = detail::conv_padding_t<D>;

  /// The three required options; the others keep LibTorch's defaults.
  ConvOptions(int64_t in_channels, int64_t out_channels, ExpandingArray<D> kernel_size)
      : in_channels_(in_channels), out_channels_(out_channels),
        kernel_size_(std::move(kernel_size)) {}

  /// Channels of the input (required).
  TG_ARG(int64_t, in_channels);
  /// Channels of the output, i.e. the number of filters (required).
  TG_ARG(int64_t, out_channels);
  /// Size of the filters, one value per spatial dim or one for all (required).
  TG_ARG(ExpandingArray<D>, kernel_size);
  /// Step of the filter over the input (default 1).
  TG_ARG(ExpandingArray<D>, stride) = 1;
  /// Zeros added on both sides of each spatial dim, or kValid (none) or kSame (default 0).
  TG_ARG(padding_t, padding) = 0;

public:
  /// Explicit padding from a braced list, e.g. padding({1, 2}): without this overload the braces
  /// could not pick the ExpandingArray alternative of padding_t.
  decltype(auto) padding(std::initializer_list<int64_t> il) { return padding(IntArrayRef{il}); }

  /// Spacing between the filter taps, as in a dilated (atrous) convolution (default 1).
  TG_ARG(ExpandingArray<D>, dilation) = 1;
  /// Blocked connections: in and out channels split into this many independent groups; both
  /// counts must be divisible by it (default 1).
  TG_ARG(int64_t, groups) = 1;
  /// Whether the layer learns an additive bias per output channel (default true).
  TG_ARG(bool, bias) = true;
  /// Only kZeros: the others are accepted for spelling and refused by reset(), as in LibTorch.
  TG_ARG(padding_mode_t, padding_mode) = tg::kZeros;
};

/// ConvTranspose2dOptions(in, out, kernel_size) with chained stride(), padding(), output_padding(),
/// groups(), bias(), dilation(). output_padding adds rows/columns on one side of the output, to
/// pick among the input sizes that a strided conv2d maps to the same output size.
template <size_t D> struct ConvTransposeOptions {
  /// kZeros, kReflect, kReplicate or kCircular.
  using padding_mode_t = detail::conv_padding_mode_t;

  /// The three required options; the others keep LibTorch's defaults.
  ConvTransposeOptions(int64_t in_channels, int64_t out_channels, ExpandingArray<D> kernel_size)
      : in_channels_(in_channels), out_channels_(out_channels),
        kernel_size_(std::move(kernel_size)) {}

  /// Channels of the input (required).
  TG_ARG(int64_t, in_channels);
  /// Channels of the output (required).
  TG_ARG(int64_t, out_channels);
  /// Size of the filters, one value per spatial dim or one for all (required).
  TG_ARG(ExpandingArray<D>, kernel_size);
  /// Stride of the convolution this one transposes, i.e. the upsampling factor (default 1).
  TG_ARG(ExpandingArray<D>, stride) = 1;
  /// Padding of the convolution this one transposes: that many rows/columns are trimmed from
  /// each side of the output (default 0).
  TG_ARG(ExpandingArray<D>, padding) = 0;
  /// Extra rows/columns on one side of the output; must be smaller than stride or dilation
  /// (default 0).
  TG_ARG(ExpandingArray<D>, output_padding) = 0;
  /// Blocked connections, as in Conv; in and out channels must be divisible by it (default 1).
  TG_ARG(int64_t, groups) = 1;
  /// Whether the layer learns an additive bias per output channel (default true).
  TG_ARG(bool, bias) = true;
  /// Spacing between the filter taps (default 1).
  TG_ARG(ExpandingArray<D>, dilation) = 1;
  /// Only kZeros: the others are accepted for spelling and refused by reset(), as in LibTorch.
  TG_ARG(padding_mode_t, padding_mode) = tg::kZeros;
};

/// Options of ConvTranspose1d.
using ConvTranspose1dOptions = ConvTransposeOptions<1>;
/// Options of ConvTranspose2d.
using ConvTranspose2dOptions = ConvTransposeOptions<2>;
/// Options of ConvTranspose3d.
using ConvTranspose3dOptions = ConvTransposeOptions<3>;

/// Options of Conv1d.
using Conv1dOptions = ConvOptions<1>;
/// Options of Conv2d.
using Conv2dOptions = ConvOptions<2>;
/// Options of Conv3d.
using Conv3dOptions = ConvOptions<3>;

namespace functional {

/// F::conv2d(x, w, Conv2dFuncOptions().bias(b).stride(2).padding(1)), as
/// torch::nn::functional::ConvFuncOptions; the weight is an argument, so only bias and geometry
/// are options.
template <size_t D> struct ConvFuncOptions {
  /// Explicit per-dim padding, kValid or kSame.
  using padding_t = detail::conv_padding_t<D>;
  /// Bias [out_channels]; undefined (default) means none.
  TG_ARG(Tensor, bias) = Tensor();
  /// Step of the filter over the input (default 1).
  TG_ARG(ExpandingArray<D>, stride) = 1;
  /// Zeros added on both sides of each spatial dim, or kValid (none) or kSame (output as large as
  /// the input; an even effective kernel gets the extra zero after the input; stride 1 only, else
  /// tg::Error) (default 0).
  TG_ARG(padding_t, padding) = 0;

public:
  /// Explicit padding from a braced list, e.g. padding({1, 2}): without this overload the braces
  /// could not pick the ExpandingArray alternative of padding_t.
  decltype(auto) padding(std::initializer_list<int64_t> il) { return padding(IntArrayRef{il}); }

  /// Spacing between the filter taps (default 1).
  TG_ARG(ExpandingArray<D>, dilation) = 1;
  /// Blocked connections: the input's channels must be groups · weight.size(1) (default 1).
  TG_ARG(int64_t, groups) = 1;
};

/// Options of F::conv1d.
using Conv1dFuncOptions = ConvFuncOptions<1>;
/// Options of F::conv2d.
using Conv2dFuncOptions = ConvFuncOptions<2>;
/// Options of F::conv3d.
using Conv3dFuncOptions = ConvFuncOptions<3>;

/// F::conv_transpose2d(x, w, ConvTranspose2dFuncOptions().bias(b).stride(2).output_padding(1))
template <size_t D> struct ConvTransposeFuncOptions {
  /// Bias [out_channels]; undefined (default) means none.
  TG_ARG(Tensor, bias) = Tensor();
  /// Stride of the convolution this one transposes, i.e. the upsampling factor (default 1).
  TG_ARG(ExpandingArray<D>, stride) = 1;
  /// Padding of the convolution this one transposes: that many rows/columns are trimmed from
  /// each side of the output (default 0).
  TG_ARG(ExpandingArray<D>, padding) = 0;
  /// Extra rows/columns on one side of the output; must be smaller than stride or dilation, else
  /// tg::Error (default 0).
  TG_ARG(ExpandingArray<D>, output_padding) = 0;
  /// Blocked connections: the weight is [in, out / groups, kH, kW] (default 1).
  TG_ARG(int64_t, groups) = 1;
  /// Spacing between the filter taps (default 1).
  TG_ARG(ExpandingArray<D>, dilation) = 1;
};

/// Options of F::conv_transpose1d.
using ConvTranspose1dFuncOptions = ConvTransposeFuncOptions<1>;
/// Options of F::conv_transpose2d.
using ConvTranspose2dFuncOptions = ConvTransposeFuncOptions<2>;
/// Options of F::conv_transpose3d.
using ConvTranspose3dFuncOptions = ConvTransposeFuncOptions<3>;

} // namespace functional
} // namespace tg::nn
