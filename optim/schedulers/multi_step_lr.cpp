#include "optim/schedulers/multi_step_lr.h"

#include <algorithm>
#include <cmath>

namespace tg::optim {

MultiStepLR::MultiStepLR(Optimizer& optimizer, std::vector<unsigned> milestones, const double gamma)
    : LRScheduler(optimizer), milestones_(std::move(milestones)), gamma_(gamma) {}

std::vector<double> MultiStepLR::get_lrs() {
  const unsigned epoch = step_count_ + 1; // PyTorch's last_epoch after this step
  const auto hits = std::count(milestones_.begin(), milestones_.end(), epoch);
  std::vector<double> lrs = get_current_lrs();
  if (hits == 0) return lrs;
  // gamma ** count, as PyTorch computes it (one multiplication of the rate).
  const double factor = std::pow(gamma_, double(hits));
  for (double& lr : lrs) lr *= factor;
  return lrs;
}

} // namespace tg::optim
