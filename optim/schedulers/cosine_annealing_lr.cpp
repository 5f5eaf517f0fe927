#include "optim/schedulers/cosine_annealing_lr.h"

#include <cmath>
#include <numbers>

namespace tg::optim {

CosineAnnealingLR::CosineAnnealingLR(Optimizer& optimizer, const unsigned T_max,
                                     const double eta_min)
    : LRScheduler(optimizer), T_max_(T_max), eta_min_(eta_min), base_lrs_(get_current_lrs()) {
  TG_CHECK(T_max > 0, "CosineAnnealingLR: T_max must be positive, got ", T_max);
}

std::vector<double> CosineAnnealingLR::get_lrs() {
  const double t = double(step_count_ + 1); // this call is the (step_count_ + 1)-th
  const double factor = (1 + std::cos(std::numbers::pi * t / double(T_max_))) / 2;
  std::vector<double> lrs(base_lrs_.size());
  for (size_t i = 0; i < lrs.size(); ++i) lrs[i] = eta_min_ + (base_lrs_[i] - eta_min_) * factor;
  return lrs;
}

} // namespace tg::optim
