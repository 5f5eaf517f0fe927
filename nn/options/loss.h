#pragma once
// Options of the losses (torch/nn/options/loss.h). Every loss reduces by kMean unless told
// kSum or kNone; a bare enum value converts to the options: F::mse_loss(x, y, tg::kSum).
#include <cstdint>
#include <variant>

#include "autograd/tensor/tensor.h"
#include "tapegrad/arg.h"
#include "nn/enum.h"

namespace tg::nn {

/// How a loss reduces its per-element values: kNone, kMean or kSum.
using loss_reduction_t = std::variant<enumtype::kNone, enumtype::kMean, enumtype::kSum>;

/// MSELossOptions(tg::kSum): the squared error (x - y)², reduced.
struct MSELossOptions {
  /// kNone, kMean or kSum.
  typedef loss_reduction_t reduction_t;
  TG_OPTIONS_CTOR_VARIANT_ARG3(MSELossOptions, reduction, kNone, kMean, kSum)
  /// kNone (one loss per element), kMean (default) or kSum over all elements.
  TG_ARG(reduction_t, reduction) = tg::kMean;
};

/// L1LossOptions(tg::kSum): the absolute error |x - y|, reduced.
struct L1LossOptions {
  /// kNone, kMean or kSum.
  typedef loss_reduction_t reduction_t;
  TG_OPTIONS_CTOR_VARIANT_ARG3(L1LossOptions, reduction, kNone, kMean, kSum)
  /// kNone (one loss per element), kMean (default) or kSum over all elements.
  TG_ARG(reduction_t, reduction) = tg::kMean;
};

/// BCELossOptions().weight(w): binary cross entropy of probabilities in [0, 1] (values outside
/// throw tg::Error).
struct BCELossOptions {
  /// kNone, kMean or kSum.
  typedef loss_reduction_t reduction_t;
  /// A rescaling weight, broadcast against the input.
  TG_ARG(Tensor, weight) = {};
  /// kNone (one loss per element), kMean (default) or kSum over all elements.
  TG_ARG(reduction_t, reduction) = tg::kMean;
};

/// NLLLossOptions().ignore_index(0): the negative log-likelihood of log-probabilities [N, C, ...]
/// at int64 class targets [N, ...].
struct NLLLossOptions {
  /// kNone, kMean or kSum.
  typedef loss_reduction_t reduction_t;
  /// One weight per class.
  TG_ARG(Tensor, weight) = {};
  /// Targets equal to this contribute nothing (and do not count in the mean).
  TG_ARG(int64_t, ignore_index) = -100;
  /// kNone (one loss per target element), kMean (default: the sum divided by the summed weights
  /// of the target classes) or kSum.
  TG_ARG(reduction_t, reduction) = tg::kMean;
};

/// CrossEntropyLossOptions().label_smoothing(0.1): nll_loss of log_softmax over the class dim
/// (1, or 0 for an unbatched input); the target is int64 class indices or, with the input's
/// shape, floating class probabilities.
struct CrossEntropyLossOptions {
  /// kNone, kMean or kSum.
  typedef loss_reduction_t reduction_t;
  /// One weight per class, [C] (default none: all classes weigh 1).
  TG_ARG(Tensor, weight) = {};
  /// Class-index targets equal to this contribute nothing and do not count in the mean
  /// (default -100); probability targets require it negative.
  TG_ARG(int64_t, ignore_index) = -100;
  /// kNone (one loss per target element), kMean (default) or kSum.
  TG_ARG(reduction_t, reduction) = tg::kMean;
  /// Mixes the target with the uniform distribution: (1 - ε)·target + ε / C.
  TG_ARG(double, label_smoothing) = 0.0;
};

/// BCEWithLogitsLossOptions().pos_weight(w): sigmoid and binary cross entropy in one
/// numerically stable step (no exp of a positive number).
struct BCEWithLogitsLossOptions {
  /// kNone, kMean or kSum.
  typedef loss_reduction_t reduction_t;
  /// A rescaling weight, broadcast against the input (default none).
  TG_ARG(Tensor, weight) = {};
  /// kNone (one loss per element), kMean (default) or kSum over all elements.
  TG_ARG(reduction_t, reduction) = tg::kMean;
  /// Weight of the positive examples, one per class (broadcast along the last dim).
  TG_ARG(Tensor, pos_weight) = {};
};

/// SmoothL1LossOptions().reduction(tg::kSum).beta(0.5): quadratic below beta, linear above.
struct SmoothL1LossOptions {
  /// kNone, kMean or kSum.
  typedef loss_reduction_t reduction_t;
  TG_OPTIONS_CTOR_VARIANT_ARG3(SmoothL1LossOptions, reduction, kNone, kMean, kSum)
  /// kNone (one loss per element), kMean (default) or kSum over all elements.
  TG_ARG(reduction_t, reduction) = tg::kMean;
  /// Where the loss turns from quadratic to linear; 0 makes it the L1 loss.
  TG_ARG(double, beta) = 1.0;
};

/// HuberLossOptions().delta(0.5): delta · smooth_l1 with beta = delta.
struct HuberLossOptions {
  /// kNone, kMean or kSum.
  typedef loss_reduction_t reduction_t;
  TG_OPTIONS_CTOR_VARIANT_ARG3(HuberLossOptions, reduction, kNone, kMean, kSum)
  /// kNone (one loss per element), kMean (default) or kSum over all elements.
  TG_ARG(reduction_t, reduction) = tg::kMean;
  /// Where the loss turns from quadratic to linear; must be positive, else tg::Error (default 1).
  TG_ARG(double, delta) = 1.0;
};

/// KLDivLossOptions(tg::kBatchMean).log_target(true). kMean averages over every element (which
/// is not the KL divergence); kBatchMean divides the sum by the batch size.
struct KLDivLossOptions {
  /// kNone, kBatchMean, kSum or kMean.
  typedef std::variant<enumtype::kNone, enumtype::kBatchMean, enumtype::kSum, enumtype::kMean>
      reduction_t;
  TG_OPTIONS_CTOR_VARIANT_ARG4(KLDivLossOptions, reduction, kNone, kBatchMean, kSum, kMean)
  /// Default kMean, as in LibTorch, which warns that kBatchMean is the true KL divergence.
  TG_ARG(reduction_t, reduction) = tg::kMean;
  /// The target holds log-probabilities rather than probabilities.
  TG_ARG(bool, log_target) = false;
};

/// MarginRankingLossOptions().margin(0.5): max(0, -y·(x1 - x2) + margin).
struct MarginRankingLossOptions {
  /// kNone, kMean or kSum.
  typedef loss_reduction_t reduction_t;
  /// The margin by which x1 should exceed x2 where y = 1 (or fall short where y = -1) (default 0).
  TG_ARG(double, margin) = 0;
  /// kNone (one loss per element), kMean (default) or kSum over all elements.
  TG_ARG(reduction_t, reduction) = tg::kMean;
};

namespace functional {
/// Options of F::mse_loss: the module's MSELossOptions.
using MSELossFuncOptions = MSELossOptions;
/// Options of F::l1_loss: the module's L1LossOptions.
using L1LossFuncOptions = L1LossOptions;
/// Options of F::binary_cross_entropy: the module's BCELossOptions.
using BinaryCrossEntropyFuncOptions = BCELossOptions;
/// Options of F::nll_loss: the module's NLLLossOptions.
using NLLLossFuncOptions = NLLLossOptions;
/// Options of F::cross_entropy: the module's CrossEntropyLossOptions.
using CrossEntropyFuncOptions = CrossEntropyLossOptions;
/// Options of F::binary_cross_entropy_with_logits: the module's BCEWithLogitsLossOptions.
using BinaryCrossEntropyWithLogitsFuncOptions = BCEWithLogitsLossOptions;
/// Options of F::smooth_l1_loss: the module's SmoothL1LossOptions.
using SmoothL1LossFuncOptions = SmoothL1LossOptions;
/// Options of F::huber_loss: the module's HuberLossOptions.
using HuberLossFuncOptions = HuberLossOptions;
/// Options of F::kl_div: the module's KLDivLossOptions.
using KLDivFuncOptions = KLDivLossOptions;
/// Options of F::margin_ranking_loss: the module's MarginRankingLossOptions.
using MarginRankingLossFuncOptions = MarginRankingLossOptions;
} // namespace functional

} // namespace tg::nn
