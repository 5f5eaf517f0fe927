#pragma once
// Options of Fold and Unfold (torch/nn/options/fold.h): FoldOptions(output_size, kernel_size)
// and UnfoldOptions(kernel_size), with chained dilation(), padding(), stride().
#include <cstdint>

#include "nn/expanding_array.h"
#include "tapegrad/arg.h"

namespace tg::nn {

/// FoldOptions({4, 5}, {2, 2}).stride(1): how F::fold sums columns back into images.
struct FoldOptions {
  /// The two required options; the others keep LibTorch's defaults.
  FoldOptions(ExpandingArray<2> output_size, ExpandingArray<2> kernel_size)
      : output_size_(output_size), kernel_size_(kernel_size) {}
  /// The spatial size of the output image (required).
  TG_ARG(ExpandingArray<2>, output_size);
  /// The size of the sliding blocks (required).
  TG_ARG(ExpandingArray<2>, kernel_size);
  /// Spacing between the elements of a block (default 1).
  TG_ARG(ExpandingArray<2>, dilation) = 1;
  /// Implicit zeros on both sides of the image (default 0).
  TG_ARG(ExpandingArray<2>, padding) = 0;
  /// Step between the blocks (default 1).
  TG_ARG(ExpandingArray<2>, stride) = 1;
};

/// UnfoldOptions({2, 3}).padding(1).stride(2): how F::unfold cuts images into columns.
struct UnfoldOptions {
  /// The required option; the others keep LibTorch's defaults.
  UnfoldOptions(ExpandingArray<2> kernel_size) // NOLINT: implicit, as in LibTorch
      : kernel_size_(kernel_size) {}
  /// The size of the sliding blocks (required).
  TG_ARG(ExpandingArray<2>, kernel_size);
  /// Spacing between the elements of a block (default 1).
  TG_ARG(ExpandingArray<2>, dilation) = 1;
  /// Implicit zeros on both sides of the image (default 0).
  TG_ARG(ExpandingArray<2>, padding) = 0;
  /// Step between the blocks (default 1).
  TG_ARG(ExpandingArray<2>, stride) = 1;
};

namespace functional {
/// Options of F::fold: the module's FoldOptions.
using FoldFuncOptions = FoldOptions;
/// Options of F::unfold: the module's UnfoldOptions.
using UnfoldFuncOptions = UnfoldOptions;
} // namespace functional

} // namespace tg::nn
