#pragma once
// Options of the margin and embedding losses (torch/nn/options/loss.h): SoftMarginLoss,
// CosineEmbeddingLoss, HingeEmbeddingLoss, TripletMarginLoss, TripletMarginWithDistanceLoss,
// MultiMarginLoss, MultiLabelMarginLoss, MultiLabelSoftMarginLoss. LibTorch's defaults; every one
// reduces by kMean unless told kSum or kNone.
#include <cstdint>
#include <functional>
#include <optional>

#include "nn/options/loss.h"

namespace tg::nn {

/// SoftMarginLossOptions(tg::kSum): log(1 + exp(-y·x)) for targets y = ±1, reduced.
struct SoftMarginLossOptions {
  /// kNone, kMean or kSum.
  typedef loss_reduction_t reduction_t;
  TG_OPTIONS_CTOR_VARIANT_ARG3(SoftMarginLossOptions, reduction, kNone, kMean, kSum)
  /// kNone (one loss per element), kMean (default) or kSum over all elements.
  TG_ARG(reduction_t, reduction) = tg::kMean;
};

/// CosineEmbeddingLossOptions().margin(0.5): 1 - cos(x1, x2) where y = 1,
/// max(0, cos(x1, x2) - margin) where y = -1.
struct CosineEmbeddingLossOptions {
  /// kNone, kMean or kSum.
  typedef loss_reduction_t reduction_t;
  /// Cosines of dissimilar pairs (y = -1) below this cost nothing (default 0).
  TG_ARG(double, margin) = 0.0;
  /// kNone (one loss per pair), kMean (default) or kSum.
  TG_ARG(reduction_t, reduction) = tg::kMean;
};

/// HingeEmbeddingLossOptions().margin(2): x where y = 1, max(0, margin - x) where y = -1.
struct HingeEmbeddingLossOptions {
  /// kNone, kMean or kSum.
  typedef loss_reduction_t reduction_t;
  /// Distances of dissimilar pairs (y = -1) beyond this cost nothing (default 1).
  TG_ARG(double, margin) = 1.0;
  /// kNone (one loss per element), kMean (default) or kSum.
  TG_ARG(reduction_t, reduction) = tg::kMean;
};

/// TripletMarginLossOptions().margin(0.5).p(1): max(0, d(a, p) - d(a, n) + margin) with the
/// p-norm distance d(x, y) = ‖x - y + eps‖_p along the last dim.
struct TripletMarginLossOptions {
  /// kNone, kMean or kSum.
  typedef loss_reduction_t reduction_t;
  /// How much nearer the positive must be than the negative (default 1).
  TG_ARG(double, margin) = 1.0;
  /// The norm of the distance (default 2).
  TG_ARG(double, p) = 2.0;
  /// Added to the difference before the norm, so that equal points have a gradient (default 1e-6).
  TG_ARG(double, eps) = 1e-6;
  /// Use min(d(a, n), d(p, n)) as the negative distance (the "distance swap").
  TG_ARG(bool, swap) = false;
  /// kNone (one loss per triplet), kMean (default) or kSum.
  TG_ARG(reduction_t, reduction) = tg::kMean;
};

/// TripletMarginWithDistanceLossOptions().distance_function(f): the triplet loss with a distance
/// of your choice (default: the pairwise 2-norm distance).
struct TripletMarginWithDistanceLossOptions {
  /// kNone, kMean or kSum.
  typedef loss_reduction_t reduction_t;
  /// A distance: two [N, D] (or [D]) tensors in, one distance per row out.
  typedef std::function<Tensor(const Tensor&, const Tensor&)> distance_function_t;
  /// The distance (default none: ‖x - y + 1e-6‖₂ along the last dim).
  TG_ARG(std::optional<distance_function_t>, distance_function) = std::nullopt;
  /// How much nearer the positive must be than the negative (default 1).
  TG_ARG(double, margin) = 1.0;
  /// Use min(d(a, n), d(p, n)) as the negative distance.
  TG_ARG(bool, swap) = false;
  /// kNone (one loss per triplet), kMean (default) or kSum.
  TG_ARG(reduction_t, reduction) = tg::kMean;
};

/// MultiMarginLossOptions().p(2).margin(0.5): the multi-class hinge loss
/// Σ_{j ≠ y} max(0, margin - x[y] + x[j])^p / C per sample.
struct MultiMarginLossOptions {
  /// kNone, kMean or kSum.
  typedef loss_reduction_t reduction_t;
  /// 1 (default) or 2; anything else throws tg::Error.
  TG_ARG(int64_t, p) = 1;
  /// The margin the target class's score must exceed every other by (default 1).
  TG_ARG(double, margin) = 1.0;
  /// One weight per class, [C], applied by the sample's target class (default none).
  TG_ARG(Tensor, weight) = Tensor();
  /// kNone (one loss per sample), kMean (default) or kSum.
  TG_ARG(reduction_t, reduction) = tg::kMean;
};

/// MultiLabelMarginLossOptions(tg::kSum): the multi-label hinge loss; the target lists a sample's
/// classes, ended by the first -1.
struct MultiLabelMarginLossOptions {
  /// kNone, kMean or kSum.
  typedef loss_reduction_t reduction_t;
  TG_OPTIONS_CTOR_VARIANT_ARG3(MultiLabelMarginLossOptions, reduction, kNone, kMean, kSum)
  /// kNone (one loss per sample), kMean (default) or kSum.
  TG_ARG(reduction_t, reduction) = tg::kMean;
};

/// MultiLabelSoftMarginLossOptions().weight(w): the per-class binary cross entropy of logits
/// against 0/1 targets, averaged over the classes.
struct MultiLabelSoftMarginLossOptions {
  /// kNone, kMean or kSum.
  typedef loss_reduction_t reduction_t;
  /// One weight per class, broadcast against the input (default none).
  TG_ARG(Tensor, weight) = Tensor();
  /// kNone (one loss per sample), kMean (default) or kSum.
  TG_ARG(reduction_t, reduction) = tg::kMean;
};

/// PoissonNLLLossOptions().log_input(false).full(true): the negative log-likelihood of a Poisson
/// distribution, exp(x) - y·x (or x - y·log(x + eps) for rates x).
struct PoissonNLLLossOptions {
  /// kNone, kMean or kSum.
  typedef loss_reduction_t reduction_t;
  /// The input is the log of the rate (default true).
  TG_ARG(bool, log_input) = true;
  /// Add Stirling's approximation of log(y!) (for y > 1), making it the full likelihood.
  TG_ARG(bool, full) = false;
  /// Keeps log(x + eps) finite at x = 0 when log_input is false (default 1e-8).
  TG_ARG(double, eps) = 1e-8;
  /// kNone (one loss per element), kMean (default) or kSum.
  TG_ARG(reduction_t, reduction) = tg::kMean;
};

namespace functional {
/// Options of F::soft_margin_loss: the module's SoftMarginLossOptions.
using SoftMarginLossFuncOptions = SoftMarginLossOptions;
/// Options of F::cosine_embedding_loss: the module's CosineEmbeddingLossOptions.
using CosineEmbeddingLossFuncOptions = CosineEmbeddingLossOptions;
/// Options of F::hinge_embedding_loss: the module's HingeEmbeddingLossOptions.
using HingeEmbeddingLossFuncOptions = HingeEmbeddingLossOptions;
/// Options of F::triplet_margin_loss: the module's TripletMarginLossOptions.
using TripletMarginLossFuncOptions = TripletMarginLossOptions;
/// Options of F::triplet_margin_with_distance_loss: the module's options.
using TripletMarginWithDistanceLossFuncOptions = TripletMarginWithDistanceLossOptions;
/// Options of F::multi_margin_loss: the module's MultiMarginLossOptions.
using MultiMarginLossFuncOptions = MultiMarginLossOptions;
/// Options of F::multilabel_margin_loss (LibTorch spells it Multilabel here).
using MultilabelMarginLossFuncOptions = MultiLabelMarginLossOptions;
/// Options of F::multilabel_soft_margin_loss (LibTorch spells it Multilabel here).
using MultilabelSoftMarginLossFuncOptions = MultiLabelSoftMarginLossOptions;
/// Options of F::poisson_nll_loss: the module's PoissonNLLLossOptions.
using PoissonNLLLossFuncOptions = PoissonNLLLossOptions;
} // namespace functional

} // namespace tg::nn
