#pragma once
// MultiStepLR: multiplies every group's learning rate by gamma each time the epoch count reaches
// a milestone, as PyTorch's torch.optim.lr_scheduler.MultiStepLR (LibTorch 1.13 has no C++
// version): after k calls to step() the rate is lr·γ^(number of milestones ≤ k), a milestone
// listed twice counting twice. As in PyTorch the factor applies to the current rate, so a manual
// change of lr between steps is kept.
#include <vector>

#include "optim/schedulers/lr_scheduler.h"

namespace tg::optim {

/// Decays the learning rate by gamma at each milestone, as PyTorch's MultiStepLR.
class MultiStepLR : public LRScheduler {
public:
  /// milestones are step counts (any order, repeats allowed); gamma defaults to 0.1, as in
  /// PyTorch. The optimizer must outlive the scheduler.
  MultiStepLR(Optimizer& optimizer, std::vector<unsigned> milestones, const double gamma = 0.1);

private:
  std::vector<double> get_lrs() override;

  const std::vector<unsigned> milestones_;
  const double gamma_;
};

} // namespace tg::optim
