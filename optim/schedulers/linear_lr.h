#pragma once
// LinearLR: scales each group's learning rate by a factor that moves linearly from start_factor
// to end_factor over total_iters steps, as PyTorch's torch.optim.lr_scheduler.LinearLR (LibTorch
// 1.13 has no C++ version). As in PyTorch the constructor already applies start_factor, the rate
// after k ≤ total_iters calls to step() is base·(start + (end − start)·k / total_iters), and it
// stays at base·end_factor afterwards. Computed, as PyTorch does, as a ratio applied to the
// current rate, so a manual change of lr between steps is kept.
#include "optim/schedulers/lr_scheduler.h"

namespace tg::optim {

/// Linear warm-up or decay of the learning rate, as PyTorch's LinearLR.
class LinearLR : public LRScheduler {
public:
  /// start_factor in (0, 1] and end_factor in [0, 1], else tg::Error; PyTorch's defaults 1/3, 1
  /// and 5. The optimizer must outlive the scheduler.
  LinearLR(Optimizer& optimizer, const double start_factor = 1.0 / 3, const double end_factor = 1.0,
           const unsigned total_iters = 5);

private:
  std::vector<double> get_lrs() override;

  const double start_factor_;
  const double end_factor_;
  const unsigned total_iters_;
};

} // namespace tg::optim
