#pragma once
// StepLR: multiplies every group's learning rate by gamma every step_size epochs, as LibTorch's
// torch::optim::StepLR. Like LibTorch (and unlike PyTorch's Python class, which steps once in its
// constructor) the first decay happens on the (step_size + 1)-th call to step(): with
// step_size = 2 the rate after calls 1, 2, 3, 4, 5 is lr, lr, lr·γ, lr·γ, lr·γ².
#include "optim/schedulers/lr_scheduler.h"

namespace tg::optim {

/// Decays the learning rate by gamma every step_size steps, as torch::optim::StepLR.
class StepLR : public LRScheduler {
public:
  /// step_size must be positive, else tg::Error; gamma defaults to 0.1, as in LibTorch. The
  /// optimizer must outlive the scheduler.
  StepLR(Optimizer& optimizer, const unsigned step_size, const double gamma = 0.1);

private:
  std::vector<double> get_lrs() override;

  const unsigned step_size_;
  const double gamma_;
};

} // namespace tg::optim
