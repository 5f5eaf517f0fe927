#pragma once
// CosineAnnealingLR: anneals each group's learning rate from its value at construction (the base
// rate) towards eta_min along a half cosine over T_max steps, as PyTorch's
// torch.optim.lr_scheduler.CosineAnnealingLR in its closed form (LibTorch 1.13 has no C++
// version): after k calls to step() the rate is
//   eta_min + (base − eta_min)·(1 + cos(π·k / T_max)) / 2,
// which reaches eta_min at k = T_max and, stepped further, rises again (period 2·T_max).
#include <vector>

#include "optim/schedulers/lr_scheduler.h"

namespace tg::optim {

/// Anneals the learning rate along a half cosine, as PyTorch's CosineAnnealingLR (closed form).
class CosineAnnealingLR : public LRScheduler {
public:
  /// The base rates are the groups' rates now. T_max is the number of steps to reach eta_min
  /// (must be positive, else tg::Error); eta_min is the minimum rate (default 0, as in PyTorch).
  /// Unlike ExponentialLR, a manual change of lr is overwritten by the next step(). The
  /// optimizer must outlive the scheduler.
  CosineAnnealingLR(Optimizer& optimizer, const unsigned T_max, const double eta_min = 0);

private:
  std::vector<double> get_lrs() override;

  const unsigned T_max_;
  const double eta_min_;
  const std::vector<double> base_lrs_;
};

} // namespace tg::optim
