#pragma once
// Options of Linear, Flatten, Unflatten and Bilinear (torch/nn/options/linear.h).
#include <cstdint>
#include <vector>

#include "tapegrad/arg.h"

namespace tg::nn {

/// LinearOptions(in_features, out_features).bias(false)
struct LinearOptions {
  /// The two required sizes; bias defaults to true, as in LibTorch.
  LinearOptions(int64_t in_features, int64_t out_features)
      : in_features_(in_features), out_features_(out_features) {}
  /// The size of the input's last dim (required).
  TG_ARG(int64_t, in_features);
  /// The size of the output's last dim (required).
  TG_ARG(int64_t, out_features);
  /// Whether the layer learns an additive bias.
  TG_ARG(bool, bias) = true;
};

/// FlattenOptions().start_dim(1).end_dim(-1)
struct FlattenOptions {
  /// The first dim to flatten (default 1, so that the batch dim is kept).
  TG_ARG(int64_t, start_dim) = 1;
  /// The last dim to flatten, inclusive; negative counts from the end (default -1).
  TG_ARG(int64_t, end_dim) = -1;
};

/// UnflattenOptions(1, {2, 3}): dim `dim` becomes the dims `sizes` (one may be -1).
struct UnflattenOptions {
  /// Both are required, as in LibTorch.
  UnflattenOptions(int64_t dim, std::vector<int64_t> sizes) : dim_(dim), sizes_(std::move(sizes)) {}
  /// The dim to expand (negative counts from the end).
  TG_ARG(int64_t, dim);
  /// The sizes it is split into; their product must be the dim's size.
  TG_ARG(std::vector<int64_t>, sizes);
};

/// BilinearOptions(in1_features, in2_features, out_features).bias(false)
struct BilinearOptions {
  /// The three required sizes; bias defaults to true, as in LibTorch.
  BilinearOptions(int64_t in1_features, int64_t in2_features, int64_t out_features)
      : in1_features_(in1_features), in2_features_(in2_features), out_features_(out_features) {}
  /// The size of the first input's last dim (required).
  TG_ARG(int64_t, in1_features);
  /// The size of the second input's last dim (required).
  TG_ARG(int64_t, in2_features);
  /// The size of the output's last dim (required).
  TG_ARG(int64_t, out_features);
  /// Whether the layer learns an additive bias.
  TG_ARG(bool, bias) = true;
};

} // namespace tg::nn
