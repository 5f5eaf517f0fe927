#pragma once
// Options of the connectionist temporal classification loss (torch/nn/options/loss.h).
#include <cstdint>

#include "nn/options/loss.h"

namespace tg::nn {

/// CTCLossOptions().blank(4).zero_infinity(true): the negative log-likelihood of a target sequence
/// summed over all its alignments to the input frames.
struct CTCLossOptions {
  /// kNone, kMean or kSum.
  typedef loss_reduction_t reduction_t;
  /// The blank label (default 0).
  TG_ARG(int64_t, blank) = 0;
  /// kNone (one loss per sample), kMean (default: each loss divided by its target length, then
  /// averaged over the batch) or kSum.
  TG_ARG(reduction_t, reduction) = tg::kMean;
  /// Infinite losses (inputs too short for their targets) and their gradients become 0.
  TG_ARG(bool, zero_infinity) = false;
};

namespace functional {
/// Options of F::ctc_loss: the module's CTCLossOptions.
using CTCLossFuncOptions = CTCLossOptions;
} // namespace functional

} // namespace tg::nn
