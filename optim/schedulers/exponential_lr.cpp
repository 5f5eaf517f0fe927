#include "optim/schedulers/exponential_lr.h"

namespace tg::optim {

ExponentialLR::ExponentialLR(Optimizer& optimizer, const double gamma)
    : LRScheduler(optimizer), gamma_(gamma) {}

std::vector<double> ExponentialLR::get_lrs() {
  // Relative to the current rate, so a manual change of lr between steps is kept.
  std::vector<double> lrs = get_current_lrs();
  for (double& lr : lrs) lr *= gamma_;
  return lrs;
}

} // namespace tg::optim
