#pragma once
// Options of the convolutions (torch/nn/options/conv.h): Conv2dOptions(in, out, kernel_size) with
// chained stride(), padding(), dilation(), groups(), bias(); the functional conv2d takes
// Conv2dFuncOptions (the weight and bias are passed in, so only the geometry is an option).
// ConvTranspose2dOptions / ConvTranspose2dFuncOptions likewise, plus output_padding.
#include <cstdint>
#include <initializer_list>
#include <variant>

#include "autograd/tensor.h"
#include "nn/arg.h"
#include "nn/enum.h"
#include "nn/expanding_array.h"

namespace tg::nn {

namespace detail {
using conv_padding_mode_t =
    std::variant<enumtype::kZeros, enumtype::kReflect, enumtype::kReplicate, enumtype::kCircular>;
/// Explicit padding, or kValid (none) or kSame (output as large as the input, stride 1 only).
template <size_t D>
using conv_padding_t = std::variant<ExpandingArray<D>, enumtype::kValid, enumtype::kSame>;
} // namespace detail

template <size_t D> struct ConvOptions {
  using padding_mode_t = detail::conv_padding_mode_t;
  using padding_t = detail::conv_padding_t<D>;

  ConvOptions(int64_t in_channels, int64_t out_channels, ExpandingArray<D> kernel_size)
      : in_channels_(in_channels), out_channels_(out_channels),
        kernel_size_(std::move(kernel_size)) {}

  TG_ARG(int64_t, in_channels);
  TG_ARG(int64_t, out_channels);
  TG_ARG(ExpandingArray<D>, kernel_size);
  TG_ARG(ExpandingArray<D>, stride) = 1;
  TG_ARG(padding_t, padding) = 0;

public:
  decltype(auto) padding(std::initializer_list<int64_t> il) { return padding(IntArrayRef{il}); }

  TG_ARG(ExpandingArray<D>, dilation) = 1;
  TG_ARG(int64_t, groups) = 1;
  TG_ARG(bool, bias) = true;
  /// Only kZeros is implemented; the others are accepted for spelling and refused by reset().
  TG_ARG(padding_mode_t, padding_mode) = tg::kZeros;
};

/// ConvTranspose2dOptions(in, out, kernel_size) with chained stride(), padding(), output_padding(),
/// groups(), bias(), dilation(). output_padding adds rows/columns on one side of the output, to
/// pick among the input sizes that a strided conv2d maps to the same output size.
template <size_t D> struct ConvTransposeOptions {
  using padding_mode_t = detail::conv_padding_mode_t;

  ConvTransposeOptions(int64_t in_channels, int64_t out_channels, ExpandingArray<D> kernel_size)
      : in_channels_(in_channels), out_channels_(out_channels),
        kernel_size_(std::move(kernel_size)) {}

  TG_ARG(int64_t, in_channels);
  TG_ARG(int64_t, out_channels);
  TG_ARG(ExpandingArray<D>, kernel_size);
  TG_ARG(ExpandingArray<D>, stride) = 1;
  TG_ARG(ExpandingArray<D>, padding) = 0;
  TG_ARG(ExpandingArray<D>, output_padding) = 0;
  TG_ARG(int64_t, groups) = 1;
  TG_ARG(bool, bias) = true;
  TG_ARG(ExpandingArray<D>, dilation) = 1;
  /// Only kZeros is implemented; the others are accepted for spelling and refused by reset().
  TG_ARG(padding_mode_t, padding_mode) = tg::kZeros;
};

using ConvTranspose2dOptions = ConvTransposeOptions<2>;

using Conv1dOptions = ConvOptions<1>;
using Conv2dOptions = ConvOptions<2>;
using Conv3dOptions = ConvOptions<3>;

namespace functional {

template <size_t D> struct ConvFuncOptions {
  using padding_t = detail::conv_padding_t<D>;
  TG_ARG(Tensor, bias) = Tensor();
  TG_ARG(ExpandingArray<D>, stride) = 1;
  TG_ARG(padding_t, padding) = 0;

public:
  decltype(auto) padding(std::initializer_list<int64_t> il) { return padding(IntArrayRef{il}); }

  TG_ARG(ExpandingArray<D>, dilation) = 1;
  TG_ARG(int64_t, groups) = 1;
};

using Conv2dFuncOptions = ConvFuncOptions<2>;

/// F::conv_transpose2d(x, w, ConvTranspose2dFuncOptions().bias(b).stride(2).output_padding(1))
template <size_t D> struct ConvTransposeFuncOptions {
  TG_ARG(Tensor, bias) = Tensor();
  TG_ARG(ExpandingArray<D>, stride) = 1;
  TG_ARG(ExpandingArray<D>, padding) = 0;
  TG_ARG(ExpandingArray<D>, output_padding) = 0;
  TG_ARG(int64_t, groups) = 1;
  TG_ARG(ExpandingArray<D>, dilation) = 1;
};

using ConvTranspose2dFuncOptions = ConvTransposeFuncOptions<2>;

} // namespace functional
} // namespace tg::nn
