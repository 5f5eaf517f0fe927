#pragma once
// Options of the losses (torch/nn/options/loss.h). Every loss reduces by kMean unless told
// kSum or kNone; a bare enum value converts to the options: F::mse_loss(x, y, tg::kSum).
#include <cstdint>
#include <variant>

#include "autograd/tensor.h"
#include "nn/arg.h"
#include "nn/enum.h"

namespace tg::nn {

using loss_reduction_t = std::variant<enumtype::kNone, enumtype::kMean, enumtype::kSum>;

struct MSELossOptions {
  typedef loss_reduction_t reduction_t;
  TG_OPTIONS_CTOR_VARIANT_ARG3(MSELossOptions, reduction, kNone, kMean, kSum)
  TG_ARG(reduction_t, reduction) = tg::kMean;
};

struct L1LossOptions {
  typedef loss_reduction_t reduction_t;
  TG_OPTIONS_CTOR_VARIANT_ARG3(L1LossOptions, reduction, kNone, kMean, kSum)
  TG_ARG(reduction_t, reduction) = tg::kMean;
};

struct BCELossOptions {
  typedef loss_reduction_t reduction_t;
  /// A rescaling weight, broadcast against the input.
  TG_ARG(Tensor, weight) = {};
  TG_ARG(reduction_t, reduction) = tg::kMean;
};

struct NLLLossOptions {
  typedef loss_reduction_t reduction_t;
  /// One weight per class.
  TG_ARG(Tensor, weight) = {};
  /// Targets equal to this contribute nothing (and do not count in the mean).
  TG_ARG(int64_t, ignore_index) = -100;
  TG_ARG(reduction_t, reduction) = tg::kMean;
};

struct CrossEntropyLossOptions {
  typedef loss_reduction_t reduction_t;
  TG_ARG(Tensor, weight) = {};
  TG_ARG(int64_t, ignore_index) = -100;
  TG_ARG(reduction_t, reduction) = tg::kMean;
  /// Mixes the target with the uniform distribution: (1 - ε)·target + ε / C.
  TG_ARG(double, label_smoothing) = 0.0;
};

struct BCEWithLogitsLossOptions {
  typedef loss_reduction_t reduction_t;
  TG_ARG(Tensor, weight) = {};
  TG_ARG(reduction_t, reduction) = tg::kMean;
  /// Weight of the positive examples, one per class (broadcast along the last dim).
  TG_ARG(Tensor, pos_weight) = {};
};

/// SmoothL1LossOptions().reduction(tg::kSum).beta(0.5): quadratic below beta, linear above.
struct SmoothL1LossOptions {
  typedef loss_reduction_t reduction_t;
  TG_OPTIONS_CTOR_VARIANT_ARG3(SmoothL1LossOptions, reduction, kNone, kMean, kSum)
  TG_ARG(reduction_t, reduction) = tg::kMean;
  /// Where the loss turns from quadratic to linear; 0 makes it the L1 loss.
  TG_ARG(double, beta) = 1.0;
};

/// HuberLossOptions().delta(0.5): delta · smooth_l1 with beta = delta.
struct HuberLossOptions {
  typedef loss_reduction_t reduction_t;
  TG_OPTIONS_CTOR_VARIANT_ARG3(HuberLossOptions, reduction, kNone, kMean, kSum)
  TG_ARG(reduction_t, reduction) = tg::kMean;
  TG_ARG(double, delta) = 1.0;
};

/// KLDivLossOptions(tg::kBatchMean).log_target(true). kMean averages over every element (which
/// is not the KL divergence); kBatchMean divides the sum by the batch size.
struct KLDivLossOptions {
  typedef std::variant<enumtype::kNone, enumtype::kBatchMean, enumtype::kSum, enumtype::kMean>
      reduction_t;
  TG_OPTIONS_CTOR_VARIANT_ARG4(KLDivLossOptions, reduction, kNone, kBatchMean, kSum, kMean)
  TG_ARG(reduction_t, reduction) = tg::kMean;
  /// The target holds log-probabilities rather than probabilities.
  TG_ARG(bool, log_target) = false;
};

/// MarginRankingLossOptions().margin(0.5): max(0, -y·(x1 - x2) + margin).
struct MarginRankingLossOptions {
  typedef loss_reduction_t reduction_t;
  TG_ARG(double, margin) = 0;
  TG_ARG(reduction_t, reduction) = tg::kMean;
};

namespace functional {
using MSELossFuncOptions = MSELossOptions;
using L1LossFuncOptions = L1LossOptions;
using BinaryCrossEntropyFuncOptions = BCELossOptions;
using NLLLossFuncOptions = NLLLossOptions;
using CrossEntropyFuncOptions = CrossEntropyLossOptions;
using BinaryCrossEntropyWithLogitsFuncOptions = BCEWithLogitsLossOptions;
using SmoothL1LossFuncOptions = SmoothL1LossOptions;
using HuberLossFuncOptions = HuberLossOptions;
using KLDivFuncOptions = KLDivLossOptions;
using MarginRankingLossFuncOptions = MarginRankingLossOptions;
} // namespace functional

} // namespace tg::nn
