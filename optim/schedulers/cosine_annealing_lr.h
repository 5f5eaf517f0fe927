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

class CosineAnnealingLR : public LRScheduler {
public:
  CosineAnnealingLR(Optimizer& optimizer, const unsigned T_max, const double eta_min = 0);

private:
  std::vector<double> get_lrs() override;

  const unsigned T_max_;
  const double eta_min_;
  const std::vector<double> base_lrs_;
};

} // namespace tg::optim
