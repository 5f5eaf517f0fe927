#include "optim/schedulers/linear_lr.h"

namespace tg::optim {

LinearLR::LinearLR(Optimizer& optimizer, const double start_factor, const double end_factor,
                   const unsigned total_iters)
    : LRScheduler(optimizer), start_factor_(start_factor), end_factor_(end_factor),
      total_iters_(total_iters) {
  TG_CHECK(start_factor > 0 && start_factor <= 1,
           "LinearLR: start_factor expected to be greater "
           "than 0 and less or equal to 1, but got ",
           start_factor);
  TG_CHECK(end_factor >= 0 && end_factor <= 1,
           "LinearLR: end_factor expected to be between 0 "
           "and 1, but got ",
           end_factor);
  // PyTorch's constructor steps once: epoch 0 multiplies the rate by start_factor.
  std::vector<double> lrs = get_current_lrs();
  for (double& lr : lrs) lr *= start_factor_;
  set_optimizer_lrs(lrs);
}

std::vector<double> LinearLR::get_lrs() {
  const unsigned epoch = step_count_ + 1; // PyTorch's last_epoch after this step
  std::vector<double> lrs = get_current_lrs();
  if (epoch > total_iters_) return lrs;
  // The ratio of the factor at epoch to the factor at epoch − 1, in PyTorch's arithmetic.
  const double ratio =
      1. + (end_factor_ - start_factor_) /
               (total_iters_ * start_factor_ + (epoch - 1) * (end_factor_ - start_factor_));
  for (double& lr : lrs) lr *= ratio;
  return lrs;
}

} // namespace tg::optim
