#pragma once
// Options of Linear and Flatten (torch/nn/options/linear.h).
#include <cstdint>

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

} // namespace tg::nn
