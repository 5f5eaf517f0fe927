#pragma once
// Options of CosineSimilarity and PairwiseDistance (torch/nn/options/distance.h).
#include <cstdint>

#include "tapegrad/arg.h"

namespace tg::nn {

/// CosineSimilarityOptions().dim(0).eps(1e-6)
struct CosineSimilarityOptions {
  /// The dim the vectors lie along (default 1).
  TG_ARG(int64_t, dim) = 1;
  /// The product of the two norms is clamped to at least this, so zero vectors give 0, not NaN
  /// (default 1e-8).
  TG_ARG(double, eps) = 1e-8;
};

/// PairwiseDistanceOptions().p(1).eps(1e-3).keepdim(true)
struct PairwiseDistanceOptions {
  /// The order of the norm (default 2).
  TG_ARG(double, p) = 2.0;
  /// Added to the difference before the norm, so equal rows keep a gradient (default 1e-6).
  TG_ARG(double, eps) = 1e-6;
  /// Keep the reduced last dim as size 1 (default false).
  TG_ARG(bool, keepdim) = false;
};

namespace functional {
/// Options of F::cosine_similarity: the module's CosineSimilarityOptions.
using CosineSimilarityFuncOptions = CosineSimilarityOptions;
/// Options of F::pairwise_distance: the module's PairwiseDistanceOptions.
using PairwiseDistanceFuncOptions = PairwiseDistanceOptions;
} // namespace functional

} // namespace tg::nn
