#pragma once
// ExponentialLR: multiplies every group's learning rate by gamma on each step(), as PyTorch's
// torch.optim.lr_scheduler.ExponentialLR (LibTorch 1.13 has no C++ version): after k calls the
// rate is lr·γ^k.
#include "optim/schedulers/lr_scheduler.h"

namespace tg::optim {

/// Multiplies the learning rate by gamma on every step(), as PyTorch's ExponentialLR.
class ExponentialLR : public LRScheduler {
public:
  /// gamma is the decay factor per step (required, as in PyTorch). The factor applies to the
  /// current rate, so a manual change of lr between steps is kept. The optimizer must outlive the
  /// scheduler.
  ExponentialLR(Optimizer& optimizer, const double gamma);

private:
  std::vector<double> get_lrs() override;

  const double gamma_;
};

} // namespace tg::optim
