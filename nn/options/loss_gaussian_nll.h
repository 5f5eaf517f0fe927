#pragma once
// Options of GaussianNLLLoss (torch.nn.GaussianNLLLoss; LibTorch 1.13's C++ API has no such loss,
// so the spelling follows its other losses' options and PyTorch's argument names).
#include "nn/options/loss.h"

namespace tg::nn {

/// GaussianNLLLossOptions().full(true).eps(1e-3).reduction(tg::kSum): the negative
/// log-likelihood of the target under N(input, var).
struct GaussianNLLLossOptions {
  /// kNone, kMean or kSum.
  typedef loss_reduction_t reduction_t;
  /// Add the constant 0.5·log(2π) so the loss is the full negative log-likelihood (default false).
  TG_ARG(bool, full) = false;
  /// var is clamped to at least eps for stability; the clamp passes the gradient through, as in
  /// PyTorch (default 1e-6).
  TG_ARG(double, eps) = 1e-6;
  /// kNone (one loss per element), kMean (default) or kSum.
  TG_ARG(reduction_t, reduction) = tg::kMean;
};

namespace functional {
/// Options of F::gaussian_nll_loss: the module's GaussianNLLLossOptions.
using GaussianNLLLossFuncOptions = GaussianNLLLossOptions;
} // namespace functional

} // namespace tg::nn
